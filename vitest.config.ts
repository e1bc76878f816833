import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'db/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts'],
    // Engine tests open real SQLite files and spawn the real CLI: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores, i.e. one on CI's 2 cores; most tests wait on
    // SQLite I/O and CLI child processes, so two workers cut the wall time without starving either.
    maxWorkers: 2,
  },
});
