/**
 * `billing diff` explains reviewer corrections (change-control.md): a row
 * excluded or included again, a quantity override set, changed or removed,
 * named as causes on the invoice they moved, on a real book.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { controlBook, type ControlBook } from '../../controls/__tests__/book';
import { diffRuns } from '../diff-runs';

let book: ControlBook;
afterEach(() => book?.cleanup());

const INVOICE = 'AG-1@2026-10';
const lastDiff = (b: ControlBook) => diffRuns(b.opened.sqlite, '2026-10');

describe('diff causes of reviewer corrections', () => {
  it('names a row excluded and included again, with its file, line, who and why, on its account\'s invoice only', async () => {
    book = await controlBook();
    const u3 = book.rowId('usage', 'u3');
    await book.run('corrections.exclude', { sourceKind: 'usage', sourceId: u3, reason: 'meter read in bytes' });
    const excluded = lastDiff(book);
    expect(excluded.invoices.map((i) => i.invoice_id)).toEqual([INVOICE]);
    expect(excluded.invoices[0]!.lines).toEqual([{ code: 'api_calls', before: { quantity: '503000', amount: '1006.00' }, after: { quantity: '3000', amount: '6.00' } }]);
    expect(excluded.invoices[0]!.causes).toEqual([
      {
        kind: 'row_excluded', correction_id: expect.any(Number) as number, change: 'excluded', source_kind: 'usage', source_id: u3, file: 'usage.csv', line: 4, actor: 'ann', reason: 'meter read in bytes',
        text: `usage row ${u3} (usage.csv line 4) excluded from billing by ann: meter read in bytes`,
      },
    ]);

    await book.run('corrections.include', { sourceKind: 'usage', sourceId: u3, reason: 'the reading was right' }, 'bob');
    expect(lastDiff(book).invoices[0]!.causes).toMatchObject([{ kind: 'row_excluded', change: 'included', source_id: u3, actor: 'bob', reason: 'the reading was right' }]);
  });

  it('names a time entry excluded', async () => {
    book = await controlBook();
    const h2 = book.rowId('hours', 'h2');
    await book.run('corrections.exclude', { sourceKind: 'hours', sourceId: h2, reason: 'internal' });
    expect(lastDiff(book).invoices[0]!.causes).toMatchObject([{ kind: 'row_excluded', change: 'excluded', source_kind: 'hours', source_id: h2, file: 'hours.csv', line: 3 }]);
  });

  it('names a quantity override set, changed and removed, with the quantities before and after', async () => {
    book = await controlBook();
    await book.run('corrections.overrideQuantity', { invoiceId: INVOICE, code: 'api_calls', quantity: '100', reason: 'MB, not GB' });
    expect(lastDiff(book).invoices[0]!.causes).toMatchObject([
      { kind: 'quantity_override', code: 'api_calls', before: null, after: '100', actor: 'ann', reason: 'MB, not GB', text: 'quantity of api_calls overridden to 100 by ann: MB, not GB' },
    ]);
    await book.run('corrections.overrideQuantity', { invoiceId: INVOICE, code: 'api_calls', quantity: '200', reason: 'recounted' });
    expect(lastDiff(book).invoices[0]!.causes).toMatchObject([{ kind: 'quantity_override', before: '100', after: '200', text: 'quantity override of api_calls changed 100 → 200 by ann: recounted' }]);
    await book.run('corrections.removeOverride', { invoiceId: INVOICE, code: 'api_calls', reason: 'measured is right' }, 'bob');
    expect(lastDiff(book).invoices[0]!.causes).toMatchObject([{ kind: 'quantity_override', before: '200', after: null, actor: 'bob', reason: 'measured is right' }]);
  });

  it('reads the corrections of runs recorded before they were among the inputs from the corrections\' times', async () => {
    book = await controlBook();
    const u3 = book.rowId('usage', 'u3');
    await book.run('corrections.exclude', { sourceKind: 'usage', sourceId: u3, reason: 'meter read in bytes' });
    const withInputs = lastDiff(book).invoices[0]!.causes;
    // Times are kept to the millisecond: the first run is dated a moment earlier so it does not tie with the correction.
    book.opened.sqlite.exec("UPDATE bill_runs SET inputs = json_remove(inputs, '$.corrections'), at = CASE id WHEN 1 THEN '2026-01-01T00:00:00.000Z' ELSE at END");
    expect(lastDiff(book).invoices[0]!.causes).toEqual(withInputs);
  });
});
