/**
 * How long one small engine command takes from the host's point of view, three
 * ways: inline on the host's connection (the CLI), through the host's
 * long-lived command worker (the app and the preview), and through a fresh
 * worker thread per call (the job model before the commands). The command is
 * putting a draft on hold and releasing it again; the work itself is small, so
 * the figures are the cost of the path. Prints figures; asserts nothing.
 *
 * Run after `npm run build` (it uses out/worker.mjs):
 *   npx esbuild electron/bench/command-latency.ts --bundle --platform=node --format=esm --packages=external --outfile=out/command-latency.mjs && node out/command-latency.mjs
 * LATENCY_CALLS sets the calls per way (default 40).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/open';
import { billPeriod } from '../engine/commands/rate-period';
import type { RequestOf } from '../engine/commands/registry';
import { runCommand } from '../engine/commands/run-command';
import { generateDemo } from '../engine/demo/generate-demo';
import { importFiles } from '../engine/import/import-files';
import { CommandWorker } from '../engine/jobs/command-worker';
import { createJobContext } from '../engine/job-context';

const calls = Number(process.env.LATENCY_CALLS ?? 40);
const workerPath = join(dirname(fileURLToPath(import.meta.url)), 'worker.mjs');
const dir = mkdtempSync(join(tmpdir(), 'billing-latency-'));
const dbPath = join(dir, 'book.db');
const ctx = createJobContext({ actor: 'bench' });

function summary(label: string, ms: number[]): void {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  console.log(`${label.padEnd(34)} median ${at(0.5).padStart(7)} ms   p90 ${at(0.9).padStart(7)} ms   max ${at(1).padStart(7)} ms   (${ms.length} calls)`);
}

async function measure(run: (request: RequestOf<'invoices.hold'>) => Promise<unknown>, invoiceId: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await run({ name: 'invoices.hold', args: { invoiceIds: [invoiceId], hold: i % 2 === 0, reason: 'latency check' } });
    times.push(performance.now() - started);
  }
  return times;
}

try {
  const opened = openDatabase(dbPath);
  const demo = await generateDemo({ outDir: dir, rows: 20_000 });
  await importFiles(opened.sqlite, { files: demo.files.map((path) => ({ path })) }, ctx);
  const period = demo.periods.at(-1)!;
  billPeriod(opened.sqlite, period, ctx);
  const invoiceId = opened.sqlite.prepare("SELECT id FROM invoices WHERE period = ? AND status = 'draft' ORDER BY id LIMIT 1").pluck().get(period) as string;

  summary('inline (host connection)', await measure((request) => runCommand(opened.sqlite, request, ctx), invoiceId));

  const worker = new CommandWorker({ workerPath, dbPath, onProgress: () => undefined });
  const firstStarted = performance.now();
  await worker.run({ name: 'invoices.hold', args: { invoiceIds: [invoiceId], hold: false, reason: 'latency check' } }, undefined, 'bench');
  console.log(`long-lived worker, first call (starts the thread): ${(performance.now() - firstStarted).toFixed(1)} ms`);
  summary('long-lived worker', await measure((request) => worker.run(request, undefined, 'bench'), invoiceId));
  await worker.close();

  summary('fresh worker per call', await measure(async (request) => {
    const fresh = new CommandWorker({ workerPath, dbPath, onProgress: () => undefined });
    try {
      return await fresh.run(request, undefined, 'bench');
    } finally {
      await fresh.close();
    }
  }, invoiceId));
  opened.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
