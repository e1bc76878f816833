/**
 * `npm run bench`: measures the engine on generated data, each figure beside a
 * floor measured in the same run on the same machine (the sqlite3 shell doing
 * the bare version of the same work). Prints figures; asserts nothing.
 *
 *   BENCH_ROWS=1000000 (default) usage rows for import and rating
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/open';
import { generateDemo } from '../engine/demo/generate-demo';
import { renderStoredInvoicePdf } from '../engine/export/stored-invoice-pdf';
import { importFiles } from '../engine/import/import-files';
import { createJobContext } from '../engine/jobs/job-context';
import { ratePeriod } from '../engine/rating/rate-period';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'billing-bench-'));
const ctx = createJobContext({ actor: 'bench' });
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function time<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

async function timeAsync<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

function sqlite3(db: string, script: string): number {
  const start = performance.now();
  const r = spawnSync('sqlite3', [db], { input: script, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return performance.now() - start;
}

function hasSqlite3(): boolean {
  return spawnSync('sqlite3', ['-version']).status === 0;
}

async function main(): Promise<void> {
  console.log(`Billing Reviewer bench — ${rows.toLocaleString('en')} usage rows, Node ${process.version}, ${process.arch}`);
  const data = join(dir, 'data');
  const generated = await timeAsync(() => generateDemo({ outDir: data, rows }));
  const usageCsv = join(data, 'usage.csv');
  console.log(`generate: ${seconds(generated.ms)} (usage.csv ${mb(statSync(usageCsv).size)})`);

  // Import: the engine (parse, validate, dedupe, index) vs the sqlite3 shell's bare .import.
  const dbPath = join(dir, 'bench.db');
  const opened = openDatabase(dbPath);
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  const imported = await timeAsync(() => importFiles(opened.sqlite, { files: generated.value.files.map((path) => ({ path })) }, ctx));
  clearInterval(sampler);
  const usageResult = imported.value.find((r) => r.kind === 'usage')!;
  const usageMs = usageResult.durationMs;
  console.log(`import usage: ${usageResult.rows.toLocaleString('en')} rows in ${seconds(usageMs)} = ${Math.round(usageResult.rows / (usageMs / 1000)).toLocaleString('en')} rows/s; peak RSS ${mb(rssPeak)}`);
  if (hasSqlite3()) {
    const floorDb = join(dir, 'floor.db');
    const floorMs = sqlite3(floorDb, `CREATE TABLE usage (event_id TEXT, account_id TEXT, metric TEXT, quantity TEXT, timestamp TEXT);\n.mode csv\n.import --skip 1 ${usageCsv} usage\n`);
    console.log(`  floor (sqlite3 .import into a bare table): ${seconds(floorMs)}; ratio ${(usageMs / floorMs).toFixed(2)}×`);
  }

  // Rating the last month: exact aggregation, pricing, provenance; vs sqlite3 grouping the same rows.
  const period = generated.value.periods.at(-1)!;
  const rated = time(() => ratePeriod(opened.sqlite, period, ctx));
  const periodRows = opened.sqlite.prepare('SELECT count(*) FROM usage_records WHERE ts >= ? AND ts < ?').pluck().get(`${period}-01`, `${period}-99`) as number;
  console.log(`rate ${period}: ${rated.value.invoices} invoices from ${periodRows.toLocaleString('en')} usage rows in ${seconds(rated.ms)}`);
  if (hasSqlite3()) {
    opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const floorMs = sqlite3(dbPath, `SELECT account_id, metric, sum(CAST(quantity AS REAL)) FROM usage_records WHERE ts >= '${period}-01' AND ts < '${period}-99' GROUP BY account_id, metric;\n`);
    console.log(`  floor (sqlite3 GROUP BY account, metric over the same rows, inexact REAL sum): ${seconds(floorMs)}; ratio ${(rated.ms / floorMs).toFixed(2)}×`);
  }

  // PDF: render the period's invoices from their stored figures.
  const ids = opened.sqlite.prepare('SELECT id FROM invoices WHERE period = ?').pluck().all(period) as string[];
  const target = Number(process.env.BENCH_PDFS ?? 1000);
  let bytes = 0;
  let largest = 0;
  const pdf = await timeAsync(async () => {
    for (let i = 0; i < target; i++) {
      const { bytes: out } = await renderStoredInvoicePdf(opened.sqlite, ids[i % ids.length]!);
      bytes += out.length;
      largest = Math.max(largest, out.length);
    }
  });
  console.log(`pdf: ${target} invoices in ${seconds(pdf.ms)} = ${(target / (pdf.ms / 1000)).toFixed(0)} PDFs/s; average ${(bytes / target / 1024).toFixed(1)} KB, largest ${(largest / 1024).toFixed(1)} KB`);

  opened.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
