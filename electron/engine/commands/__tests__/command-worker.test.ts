/**
 * Commands through the real worker thread (the built out/worker.mjs, as the
 * hosts run it): progress relayed under the job id, a cancel that rolls the
 * command back, and the same long-lived worker running the next command.
 */
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../../shared/api';
import { JobFailedError } from '../../errors';
import { CommandWorker } from '../../jobs/command-worker';
import { ratedBook, tableChecksums, type Book } from './helpers';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'out', 'worker.mjs');

let book: Book;
let worker: CommandWorker;
let events: ProgressEvent[];
let onEvent: (event: ProgressEvent) => void;
beforeEach(async () => {
  book = await ratedBook();
  events = [];
  onEvent = () => undefined;
  worker = new CommandWorker({
    workerPath: WORKER,
    dbPath: book.dbPath,
    onProgress: (event) => {
      events.push(event);
      onEvent(event);
    },
  });
});
afterEach(async () => {
  await worker.close();
  book.cleanup();
});

/** ACME usage for October, `rows` records: enough that importing it takes a few seconds. */
function bigUsageFile(rows: number): string {
  const path = join(book.dir, 'big-usage.csv');
  const lines = ['event_id,account_id,metric,quantity,timestamp'];
  for (let i = 0; i < rows; i++) lines.push(`big-${i},ACME,api_calls,${(i % 97) + 1},2026-10-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('the command worker', () => {
  it('runs a bill run in the worker thread and relays its progress under the job id', async () => {
    const result = await worker.run({ name: 'period.rate', args: { period: '2026-10' } }, 'job-rate', 'Ana');
    expect(result).toMatchObject({ period: '2026-10', invoices: 2, anomalies: 2 });
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.job_id))).toEqual(new Set(['job-rate']));
    expect(events.map((e) => e.phase)).toContain('Detecting anomalies');
    // Written by the worker's own connection, read on the host's.
    expect(book.opened.sqlite.prepare("SELECT actor FROM audit_log WHERE action = 'rate' ORDER BY id DESC LIMIT 1").pluck().get()).toBe('Ana');
  });

  it('previews a command in the worker thread: its result and impact come back, and every table is as it was', async () => {
    const untouched = tableChecksums(book.opened.sqlite);
    const previewed = await worker.preview({ name: 'adjustments.add', args: { invoiceId: 'AG-2@2026-10', description: 'Goodwill', amount: '-20.00', reason: 'late delivery' } }, 'job-preview', 'Ana');
    expect(previewed.result.total).toBe('480.00');
    expect(previewed.impact.invoices).toEqual([{ invoice_id: 'AG-2@2026-10', status: 'draft', currency: 'EUR', before: { total: '500.00', amount_due: '500.00' }, after: { total: '480.00', amount_due: '480.00' } }]);
    expect(tableChecksums(book.opened.sqlite)).toEqual(untouched);
  });

  it('cancels a running import (rolled back: every table as it was), then runs the next command on the same worker', async () => {
    const file = bigUsageFile(200_000);
    const before = tableChecksums(book.opened.sqlite);
    onEvent = (event) => {
      if (event.phase !== 'Detecting anomalies') worker.cancel('job-import');
    };
    const cancelled = worker.run({ name: 'import.files', args: { files: [{ path: file }] } }, 'job-import', 'Ana');
    await expect(cancelled).rejects.toBeInstanceOf(JobFailedError);
    await expect(cancelled).rejects.toMatchObject({ apiError: { code: 'cancelled', error: 'The job was cancelled; nothing was changed.' } });
    expect(tableChecksums(book.opened.sqlite)).toEqual(before);

    onEvent = () => undefined;
    const approved = await worker.run({ name: 'invoices.approve', args: { invoiceIds: ['AG-2@2026-10'] } }, 'job-approve', 'Ana');
    expect(approved).toEqual([{ invoice_id: 'AG-2@2026-10', status: 'approved', overridden: false }]);
    expect(book.opened.sqlite.prepare("SELECT status FROM invoices WHERE id = 'AG-2@2026-10'").pluck().get()).toBe('approved');
  });

  it('imports a big file read by the read worker beside it (out/read-worker.mjs, found next to out/worker.mjs)', async () => {
    const file = bigUsageFile(100_000);
    expect(statSync(file).size).toBeGreaterThan(4 << 20); // import-file.ts READ_WORKER_MIN_BYTES
    const imported = (await worker.run({ name: 'import.files', args: { files: [{ path: file }] } }, 'job-big', 'Ana')) as { files: { rows: number; imported: number }[] };
    expect(imported.files[0]).toMatchObject({ rows: 100_000, imported: 100_000 });
    const stored = book.opened.sqlite.prepare("SELECT count(*) AS n, sum(quantity_scaled) AS q FROM usage_records WHERE event_id LIKE 'big-%'").get();
    // quantities 1…97 repeating: 1,030 full cycles of 4,753, then 1…90 (4,095); in millionths
    expect(stored).toEqual({ n: 100_000, q: (1_030 * 4_753 + 4_095) * 1_000_000 });
  });

  it('runs commands one at a time, and drops a command still waiting when it is cancelled', async () => {
    const first = worker.run({ name: 'period.rate', args: { period: '2026-10' } }, 'first', 'Ana');
    const second = worker.run({ name: 'invoices.approve', args: { invoiceIds: ['AG-2@2026-10'] } }, 'second', 'Ana');
    expect(worker.cancel('second')).toBe(true);
    await expect(second).rejects.toThrow(/cancelled/);
    await expect(first).resolves.toMatchObject({ invoices: 2 });
    expect(book.opened.sqlite.prepare("SELECT status FROM invoices WHERE id = 'AG-2@2026-10'").pluck().get()).toBe('draft');
  });

  it('answers a refusal with the engine’s own sentence', async () => {
    const refused = worker.run({ name: 'invoices.hold', args: { invoiceIds: ['AG-1@2026-10'], hold: true, reason: '' } }, 'job-hold', 'Ana');
    await expect(refused).rejects.toMatchObject({ apiError: { code: 'conflict', error: 'Putting an invoice on hold needs a reason.' } });
  });
});
