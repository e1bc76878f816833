/**
 * The receivables phase of the bench on its own (receivables-phase.ts):
 *
 *   npx tsx electron/bench/receivables-bench.ts [invoices] [payments]
 *
 * `npm run bench` runs the same phase (BENCH_PHASES=receivables for it alone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchReceivables } from './receivables-phase';

const dir = mkdtempSync(join(tmpdir(), 'billing-recv-bench-'));
benchReceivables(dir, Number(process.argv[2] ?? 20_000), Number(process.argv[3] ?? 100_000))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => (process.env.KEEP ? console.log(dir) : rmSync(dir, { recursive: true, force: true })));
