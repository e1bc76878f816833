/**
 * A rolled-back command leaves nothing behind in what a connection remembers beside SQLite
 * (rollback-listeners.ts). Found by this test: a preview of a late usage file (its rows, its
 * month's totals kept current, the month re-rated; then rolled back) left that file's totals in
 * rating/period-totals.ts's memo under a stamp id the next import issued again, so a different
 * file of as many rows was billed with the previewed file's quantities.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { agreement, ctx, TestBook } from '../../anomalies/__tests__/helpers';
import { periodTotals } from '../../rating/period-totals';
import { inTransaction } from '../../transaction';
import { importFiles } from '../../import/import-files';
import { runCommand } from '../run-command';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

let files = 0;
function usageFile(quantity: string): string {
  const path = join(book.dir, `late-${++files}.csv`);
  writeFileSync(path, `event_id,account_id,metric,quantity,timestamp\nlate-${files},ACME,api_calls,${quantity},2026-10-20T00:00:00Z\n`);
  return path;
}

const lineQuantity = () =>
  book.sqlite.prepare("SELECT l.quantity FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.period = '2026-10' AND l.metric = 'api_calls'").pluck().get();

beforeEach(async () => {
  await book.agreements(agreement({ agreement_id: 'AG-1', account_id: 'ACME', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] }));
  await book.usage([{ account: 'ACME', metric: 'api_calls', quantity: '1', ts: '2026-10-02T00:00:00Z' }]);
  book.rate('2026-10');
});

it('a previewed late file, then a different one: the bill counts the file applied, not the one previewed', async () => {
  const previewed = await runCommand(book.sqlite, { name: 'import.files', args: { files: [{ path: usageFile('100') }] } }, ctx(), { preview: true });
  expect(previewed.files[0]).toMatchObject({ imported: 1 });
  expect(lineQuantity()).toBe('1'); // rolled back
  await runCommand(book.sqlite, { name: 'import.files', args: { files: [{ path: usageFile('5') }] } }, ctx());
  expect(lineQuantity()).toBe('6');
  expect(periodTotals(book.sqlite, '2026-10').get('ACME', 'api_calls')).toMatchObject({ records: 2, sum: 6_000_000n });
});

it('an import rolled back by its own transaction (transaction.ts) leaves no totals in the memo', async () => {
  await expect(
    inTransaction(book.sqlite, async () => {
      await importFiles(book.sqlite, { files: [{ path: usageFile('100') }] }, ctx());
      expect(periodTotals(book.sqlite, '2026-10').get('ACME', 'api_calls')).toMatchObject({ sum: 101_000_000n });
      throw new Error('stop');
    }),
  ).rejects.toThrow('stop');
  await importFiles(book.sqlite, { files: [{ path: usageFile('5') }] }, ctx());
  expect(periodTotals(book.sqlite, '2026-10').get('ACME', 'api_calls')).toMatchObject({ records: 2, sum: 6_000_000n });
});
