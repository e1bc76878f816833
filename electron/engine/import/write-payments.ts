/** Stores payments (receivables.md, kind: payments); the same payment_id again is a duplicate. */
import type { Sqlite } from '../../../db/open';
import { parsePaymentRow } from './payment-row';
import { jsonOrNull, type RowWriter } from './row-writer';

export function paymentWriter(sqlite: Sqlite, batchId: number, checks: { notAfter?: string }): RowWriter {
  const insert = sqlite.prepare(
    `INSERT INTO payments (batch_id, line, payment_id, date, account_id, amount, currency, invoice_number, method, reference, raw, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(payment_id) DO NOTHING`,
  );
  return ({ line, raw, fields }) => {
    const p = parsePaymentRow(fields, checks);
    const info = insert.run(batchId, line, p.paymentId, p.date, p.accountId, p.amount, p.currency, p.invoiceNumber, p.method, p.reference, raw, jsonOrNull(p.extra));
    return info.changes === 1 ? 'imported' : 'duplicate';
  };
}
