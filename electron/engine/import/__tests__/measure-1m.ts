/**
 * Measures a 1,000,000-row usage import against the sqlite3 shell's bare
 * `.import` of the same file. A script, not a test (it takes half a minute and
 * its figures depend on the machine):
 *
 *   npx tsx electron/engine/import/__tests__/measure-1m.ts [--bulk] [--rows N]
 *
 * Prints time, rows/s, peak RSS, the longest gap between progress reports while
 * rows were read, the floor (bare table) and a "fair floor" (the shell
 * importing into a WAL table with the same unique and secondary indexes).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../../db/open';
import { createJobContext } from '../../job-context';
import { importFiles } from '../import-files';

const args = process.argv.slice(2);
const bulk = args.includes('--bulk');
const rowsArg = args.indexOf('--rows');
const rows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'billing-measure-'));
const csv = join(dir, 'usage.csv');

/** 2,000 accounts, 5 metrics, October 2026, seeded so every run reads the same file; written as it goes, so it does not sit in this process's memory. */
function generate(): void {
  const metrics = ['api_calls', 'storage_gb', 'seats', 'sms', 'egress_gb'];
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const fd = openSync(csv, 'w');
  let chunk = 'event_id,account_id,metric,quantity,timestamp\n';
  for (let i = 0; i < rows; i++) {
    const account = `ACCT-${String(Math.floor(rnd() * 2000)).padStart(4, '0')}`;
    const metric = metrics[Math.floor(rnd() * 5)]!;
    const quantity = metric === 'storage_gb' ? `${Math.floor(rnd() * 500)}.${String(Math.floor(rnd() * 1000)).padStart(3, '0')}` : String(Math.floor(rnd() * 10000));
    const ts = new Date(Date.UTC(2026, 9, 1) + Math.floor(rnd() * 31 * 86400) * 1000).toISOString().replace('.000Z', 'Z');
    chunk += `evt-${String(i).padStart(8, '0')},${account},${metric},${quantity},${ts}\n`;
    if (chunk.length > 1 << 16) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

function shell(db: string, script: string): number | null {
  if (spawnSync('sqlite3', ['-version']).status !== 0) return null;
  const start = performance.now();
  const r = spawnSync('sqlite3', [db], { input: script, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return performance.now() - start;
}

async function main(): Promise<void> {
  generate();
  const floorMs = shell(join(dir, 'floor.db'), `CREATE TABLE usage (event_id TEXT, account_id TEXT, metric TEXT, quantity TEXT, timestamp TEXT);\n.mode csv\n.import --skip 1 ${csv} usage\n`);
  const fairMs = shell(
    join(dir, 'fair.db'),
    'PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\nPRAGMA cache_size=-65536;\n' +
      'CREATE TABLE usage (event_id TEXT, account_id TEXT, metric TEXT, quantity TEXT, timestamp TEXT);\n' +
      'CREATE UNIQUE INDEX u_id ON usage(event_id);\nCREATE INDEX u_amt ON usage(account_id, metric, timestamp, quantity);\nCREATE INDEX u_ts ON usage(timestamp, account_id, metric);\n' +
      `.mode csv\n.import --skip 1 ${csv} usage\n`,
  );

  const dbPath = join(dir, 'engine.db');
  const opened = openDatabase(dbPath);
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let last = performance.now();
  let lastPhase = '';
  let maxReadingGap = 0;
  const ctx = createJobContext({
    actor: 'measure',
    onProgress: (phase) => {
      const now = performance.now();
      peak = Math.max(peak, process.memoryUsage().rss);
      if (phase === lastPhase && phase.startsWith('Importing')) maxReadingGap = Math.max(maxReadingGap, now - last);
      last = now;
      lastPhase = phase;
    },
  });
  const start = performance.now();
  const { files: [result] } = await importFiles(opened.sqlite, { files: [{ path: csv }], bulkIndexes: bulk }, ctx);
  const ms = performance.now() - start;
  clearInterval(sampler);
  opened.close();

  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  console.log(`${rows.toLocaleString('en')} usage rows${bulk ? ' (bulk indexes)' : ''}: ${result!.imported.toLocaleString('en')} imported`);
  console.log(`engine: ${s(ms)} = ${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s, peak RSS ${Math.round(peak / 1048576)} MB (${Math.round(rssBefore / 1048576)} MB before), longest gap between progress reports while reading ${Math.round(maxReadingGap)} ms`);
  if (floorMs !== null) console.log(`sqlite3 .import, bare table: ${s(floorMs)}; ratio ${(ms / floorMs).toFixed(1)}×`);
  if (fairMs !== null) console.log(`sqlite3 .import, same indexes, WAL: ${s(fairMs)}; ratio ${(ms / fairMs).toFixed(2)}×`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  });
