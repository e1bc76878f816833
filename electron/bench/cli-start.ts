/**
 * The bench's cli phase: how long the `billing` command takes to start. The CLI
 * runs one process per command (and the test suites start hundreds), so its
 * start is paid on every call. Two commands: `--help` (load and parse the
 * bundle) and `imports` on an empty book (also open the book and check its
 * schema), each beside the floor of the same run: Node starting and exiting
 * with nothing to do. Medians of CLI_STARTS runs (default 15). Prints figures;
 * asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/open';
import { median, milliseconds as ms, ratioLine, referenceRow, type Goal } from './ratios';

function startTime(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
  }
  return median(times);
}

export function benchCliStart(dir: string, runs = Number(process.env.CLI_STARTS ?? 15)): Goal[] {
  // out/bench.mjs runs beside out/cli.mjs
  const cli = join(dirname(fileURLToPath(import.meta.url)), 'cli.mjs');
  if (!existsSync(cli)) {
    console.log('cli start skipped: out/cli.mjs is not built');
    return [];
  }
  const book = join(dir, 'cli-start.db');
  openDatabase(book).close();
  const floor = startTime(['-e', '0'], runs);
  const help = startTime([cli, '--help'], runs);
  const imports = startTime([cli, '--db', book, 'imports'], runs);
  console.log(`cli: medians of ${runs} starts; the floor is node -e 0`);
  console.log(`  ${ratioLine('billing --help', help, 'node floor', floor, ms)}`);
  console.log(`  ${ratioLine('billing imports (empty book)', imports, 'node floor', floor, ms)}`);
  return [referenceRow('cli: billing --help', help, floor, ms), referenceRow('cli: billing imports, empty book', imports, floor, ms)];
}
