/** Reviewers' corrections on a real book: excluded rows and overridden quantities survive re-rating, show in reconciliation and the line's rows, and are audited. */
import { afterEach, describe, expect, it } from 'vitest';
import { lineSourceRows } from '../../review/line-sources';
import { reconcilePeriod } from '../../review/reconciliation';
import { listCorrections } from '../corrections';
import { controlBook, type ControlBook } from './book';

let book: ControlBook;
afterEach(() => book?.cleanup());

const INVOICE = 'AG-1@2026-10';
const line = (b: ControlBook, code: string) => b.invoice(INVOICE).lines.find((l) => l.code === code);

describe('excluding a source row', () => {
  it('takes a usage record out of a sum and a max, exactly, and keeps it out when the period is rated again', async () => {
    book = await controlBook();
    expect(book.invoice(INVOICE).total).toBe('2536.00');
    await book.run('corrections.exclude', { sourceKind: 'usage', sourceId: book.rowId('usage', 'u3'), reason: 'meter read in bytes' });
    await book.run('corrections.exclude', { sourceKind: 'usage', sourceId: book.rowId('usage', 's2'), reason: 'bad storage reading' });
    // api_calls 3000 × 0.002 = 6.00; storage max 120 × 0.10 = 12.00; hours 630.00
    expect(line(book, 'api_calls')).toMatchObject({ quantity: '3000', amount: '6.00' });
    expect(line(book, 'storage_gb')).toMatchObject({ quantity: '120', amount: '12.00' });
    expect(book.invoice(INVOICE).total).toBe('648.00');
    await book.run('period.rate', { period: '2026-10' });
    expect(book.invoice(INVOICE).total).toBe('648.00');
  });

  it('takes a time entry out of its hours line, and putting it back restores the invoice', async () => {
    book = await controlBook();
    const h1 = book.rowId('hours', 'h1');
    const excluded = await book.run('corrections.exclude', { sourceKind: 'hours', sourceId: h1, reason: 'internal workshop' });
    expect(excluded).toMatchObject({ period: '2026-10', invoice_ids: [INVOICE], rerated: [{ period: '2026-10', changed: [INVOICE] }] });
    expect(line(book, 'professional_services')).toMatchObject({ quantity: '1.5', amount: '270.00' });
    await book.run('corrections.include', { sourceKind: 'hours', sourceId: h1, reason: 'it was billable after all' });
    expect(line(book, 'professional_services')).toMatchObject({ quantity: '3.5', amount: '630.00' });
    expect(book.invoice(INVOICE).total).toBe('2536.00');
    const [correction] = listCorrections(book.opened.sqlite, '2026-10');
    expect(correction).toMatchObject({ kind: 'exclude_row', source_kind: 'hours', source_id: h1, reason: 'internal workshop', actor: 'ann', removed_by: 'ann', removed_reason: 'it was billable after all' });
  });

  it('shows as "excluded by reviewer" in reconciliation, which still balances, and marked among the line\'s rows', async () => {
    book = await controlBook();
    const u3 = book.rowId('usage', 'u3');
    const h2 = book.rowId('hours', 'h2');
    await book.run('corrections.exclude', { sourceKind: 'usage', sourceId: u3, reason: 'meter read in bytes' });
    await book.run('corrections.exclude', { sourceKind: 'hours', sourceId: h2, reason: 'duplicate of a support case' });
    const r = reconcilePeriod(book.opened.sqlite, '2026-10');
    expect(r.usage).toMatchObject({ rows: 6, billed: 5, unbilled: 0, excluded: 1 });
    expect(r.hours).toMatchObject({ entries: 2, billed: 1, unbilled: 0, excluded: 1 });
    expect(r.excluded_rows.map((x) => [x.source_kind, x.source_id, x.account_id, x.item, x.quantity, x.reason, x.actor])).toEqual([
      ['usage', u3, 'ACME', 'api_calls', '500000', 'meter read in bytes', 'ann'],
      ['hours', h2, 'ACME', 'professional_services', '1.5', 'duplicate of a support case', 'ann'],
    ]);
    // An exclusion of a record outside the period is not the period's.
    expect(reconcilePeriod(book.opened.sqlite, '2026-11').excluded_rows).toEqual([]);
    expect(r.in_order).toBe(true);

    const lineId = (code: string) => book.opened.sqlite.prepare('SELECT id FROM invoice_lines WHERE invoice_id = ? AND code = ?').pluck().get(INVOICE, code) as number;
    const usageRows = lineSourceRows(book.opened.sqlite, lineId('api_calls'), 0, 100).rows;
    expect(usageRows.map((row) => [row.external_id, row.excluded?.reason ?? null])).toEqual([
      ['u1', null],
      ['u2', null],
      ['u3', 'meter read in bytes'],
    ]);
    const hoursRows = lineSourceRows(book.opened.sqlite, lineId('professional_services'), 0, 100).rows;
    expect(hoursRows.map((row) => [row.external_id, row.excluded?.actor ?? null])).toEqual([
      ['h1', null],
      ['h2', 'ann'],
    ]);
  });

  it('is audited with the reason and refused twice, without a reason, or on an approved invoice', async () => {
    book = await controlBook();
    const u1 = book.rowId('usage', 'u1');
    await expect(book.run('corrections.exclude', { sourceKind: 'usage', sourceId: u1, reason: ' ' })).rejects.toThrow('Excluding a row needs a reason.');
    await book.run('corrections.exclude', { sourceKind: 'usage', sourceId: u1, reason: 'test reading' });
    await expect(book.run('corrections.exclude', { sourceKind: 'usage', sourceId: u1, reason: 'again' })).rejects.toThrow(`Usage record ${u1} is already excluded from billing.`);
    const audit = book.opened.sqlite.prepare("SELECT actor, entity_type, entity_id, reason FROM audit_log WHERE action = 'exclude_row'").all();
    expect(audit).toEqual([{ actor: 'ann', entity_type: 'usage_record', entity_id: String(u1), reason: 'test reading' }]);
    await book.run('invoices.approve', { invoiceIds: [INVOICE] }, 'bob');
    await expect(book.run('corrections.include', { sourceKind: 'usage', sourceId: u1, reason: '' })).rejects.toThrow(
      `Invoice ${INVOICE} is approved, so usage record ${u1} cannot be included again.`,
    );
    await expect(book.run('corrections.exclude', { sourceKind: 'usage', sourceId: book.rowId('usage', 'u2'), reason: 'late' })).rejects.toThrow(
      `Invoice ${INVOICE} is approved, so usage record ${book.rowId('usage', 'u2')} cannot be excluded.`,
    );
  });

  it('keeps an import with an excluded row from being undone until the row is included again', async () => {
    book = await controlBook();
    const batch = book.opened.sqlite.prepare("SELECT id FROM import_batches WHERE kind = 'usage'").pluck().get() as number;
    const u3 = book.rowId('usage', 'u3');
    await book.run('corrections.exclude', { sourceKind: 'usage', sourceId: u3, reason: 'bad reading' });
    await expect(book.run('import.undo', { batchId: batch, reason: null })).rejects.toThrow(
      `Import ${batch} (usage.csv) cannot be undone because reviewers excluded its row ${u3}; include it again first.`,
    );
  });
});

describe('overriding a line quantity', () => {
  it('bills the reviewer\'s quantity, says so on the line, survives re-rating, and removing it restores the measured one', async () => {
    book = await controlBook();
    const result = await book.run('corrections.overrideQuantity', { invoiceId: INVOICE, code: 'storage_gb', quantity: '9.000', reason: 'reported in MB, not GB' });
    expect(result).toMatchObject({ invoice_id: INVOICE, code: 'storage_gb', quantity: '9', total: '1636.90' });
    const storage = line(book, 'storage_gb')!;
    expect(storage).toMatchObject({ quantity: '9', amount: '0.90', description: 'Storage GB (quantity corrected by reviewer)' });
    expect(JSON.parse(storage.detail)).toMatchObject({ measured_quantity: '9000', overridden_quantity: '9', override_reason: 'reported in MB, not GB' });
    await book.run('period.rate', { period: '2026-10' });
    expect(line(book, 'storage_gb')?.amount).toBe('0.90');
    await book.run('corrections.overrideQuantity', { invoiceId: INVOICE, code: 'professional_services', quantity: '2.25', reason: 'capped by SOW' });
    expect(line(book, 'professional_services')).toMatchObject({ quantity: '2.25', amount: '405.00' });
    await book.run('corrections.removeOverride', { invoiceId: INVOICE, code: 'storage_gb', reason: 'unit confirmed as GB' });
    expect(line(book, 'storage_gb')).toMatchObject({ quantity: '9000', amount: '900.00' });
    const actions = book.opened.sqlite.prepare("SELECT action FROM audit_log WHERE entity_type = 'invoice' AND entity_id = ? AND action LIKE '%override%' ORDER BY id").pluck().all(INVOICE);
    expect(actions).toEqual(['override_quantity', 'override_quantity', 'remove_quantity_override']);
  });

  it('refuses lines without a measured quantity and quantities that are not decimals', async () => {
    book = await controlBook();
    await expect(book.run('corrections.overrideQuantity', { invoiceId: 'AG-2@2026-10', code: 'platform', quantity: '1', reason: 'test' })).rejects.toThrow(
      'Line platform is a recurring line; only usage and hours lines have a measured quantity to override.',
    );
    await expect(book.run('corrections.overrideQuantity', { invoiceId: INVOICE, code: 'api_calls', quantity: '1,000', reason: 'test' })).rejects.toThrow(
      'The quantity must be a decimal number of at least 0, not "1,000".',
    );
    await expect(book.run('corrections.overrideQuantity', { invoiceId: INVOICE, code: 'sms', quantity: '1', reason: 'test' })).rejects.toThrow(
      `Invoice ${INVOICE} has no line sms; its metered lines are api_calls, storage_gb, professional_services.`,
    );
  });
});
