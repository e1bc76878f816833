/**
 * Each multi-step command is one transaction: with its second step made to
 * fail (a TEMP trigger on the table only that step writes, on a real SQLite
 * file), the book is unchanged table by table. Each case also runs without the
 * failure, so the command is shown to change the book when it may.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../run-command';
import type { CommandName, RequestOf } from '../registry';
import { ctx, failOn, ratedBook, tableChecksums, type Book } from './helpers';

let book: Book;
beforeEach(async () => {
  book = await ratedBook();
});
afterEach(() => book.cleanup());

/** Runs the command with `table` refusing `event`: it must fail and leave every table as it was; then it runs clean and changes the book. */
async function atomic<N extends CommandName>(request: RequestOf<N>, event: 'INSERT' | 'UPDATE', table: string): Promise<void> {
  const sqlite = book.opened.sqlite;
  const before = tableChecksums(sqlite);
  const release = failOn(sqlite, event, table);
  await expect(runCommand(sqlite, request, ctx)).rejects.toThrow(/injected failure/);
  release();
  expect(sqlite.inTransaction).toBe(false);
  expect(tableChecksums(sqlite)).toEqual(before);
  await runCommand(sqlite, request, ctx);
  expect(tableChecksums(sqlite)).not.toEqual(before);
}

describe('a failure in the second step of a command leaves the book unchanged', () => {
  it('adds an adjustment, then fails re-rating its period', async () => {
    await atomic({ name: 'adjustments.add', args: { invoiceId: 'AG-1@2026-10', description: 'Goodwill', amount: '-10.00', reason: 'late delivery' } }, 'INSERT', 'invoices');
  });

  it('removes an adjustment, then fails re-rating its period', async () => {
    const { adjustment } = await runCommand(book.opened.sqlite, { name: 'adjustments.add', args: { invoiceId: 'AG-2@2026-10', description: 'Goodwill', amount: '-5.00', reason: 'late delivery' } }, ctx);
    await atomic({ name: 'adjustments.remove', args: { adjustmentId: adjustment.id, reason: 'entered twice' } }, 'INSERT', 'invoices');
  });

  it('removes an import, then fails re-rating the periods its rows fed', async () => {
    const usage = book.opened.sqlite.prepare("SELECT id FROM import_batches WHERE kind = 'usage'").pluck().get() as number;
    await atomic({ name: 'import.undo', args: { batchId: usage, reason: 'wrong export' } }, 'INSERT', 'invoices');
  });

  it('imports late usage into a rated period, then fails re-rating it', async () => {
    const late = join(book.dir, 'late.csv');
    writeFileSync(late, 'event_id,account_id,metric,quantity,timestamp\nlate-1,ACME,api_calls,1000,2026-10-20T00:00:00Z\n');
    await atomic({ name: 'import.files', args: { files: [{ path: late }] } }, 'INSERT', 'invoices');
  });

  it('changes a rule, then fails re-evaluating the rated period', async () => {
    await atomic({ name: 'rules.update', args: { ruleId: 'agreement_incomplete', patch: { severity: 'error' }, period: '2026-10' } }, 'UPDATE', 'anomalies');
  });

  it('rates a period, then fails detecting its anomalies', async () => {
    book.opened.sqlite.prepare("INSERT INTO adjustments (agreement_id, period, description, amount, reason, created_by) VALUES ('AG-2', '2026-10', 'Credit', '-1.00', 'test', 'test')").run();
    await atomic({ name: 'period.rate', args: { period: '2026-10' } }, 'UPDATE', 'anomalies');
  });
});
