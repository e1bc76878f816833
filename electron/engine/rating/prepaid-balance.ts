/**
 * Prepaid units left are derived, like deposits (rating.md; deposits.ts), from
 * what the window's other invoices consumed (table prepaid_consumption):
 *   used(P) = Σ consumed by approved or finalized invoices of the window (any month)
 *           + Σ consumed by drafts of the window's earlier months.
 * So re-rating any month never consumes twice, and an approved or finalized
 * month keeps what it consumed.
 */
import type { Sqlite } from '../../../db/open';
import type { Agreement } from '../../../shared/domain';
import { dec, Decimal } from '../../../shared/money';

export function prepaidUsed(sqlite: Sqlite, agreement: Agreement, period: string): Map<number, string> {
  const used = new Map<number, string>();
  const blocks = agreement.prepaid ?? [];
  if (blocks.length === 0) return used;
  const select = sqlite.prepare(
    `SELECT c.units FROM prepaid_consumption c JOIN invoices i ON i.id = c.invoice_id
     WHERE i.agreement_id = ? AND i.document_type = 'invoice' AND c.block = ? AND i.period >= ? AND i.period <= ? AND i.period <> ?
       AND (i.status <> 'draft' OR i.period < ?)`,
  ).pluck();
  blocks.forEach((block, index) => {
    if (period < block.from || period > block.to) return;
    const rows = select.all(agreement.agreement_id, index, block.from, block.to, period, period) as string[];
    used.set(index, rows.reduce((sum, units) => sum.plus(dec(units)), new Decimal(0)).toFixed());
  });
  return used;
}

/** Stores what an invoice consumed (its rows go with the draft when it is re-rated). */
export function recordPrepaid(sqlite: Sqlite, invoiceId: string, agreement: Agreement, consumed: ReadonlyMap<number, string>): void {
  if (consumed.size === 0) return;
  const insert = sqlite.prepare('INSERT INTO prepaid_consumption (invoice_id, block, metric, units) VALUES (?, ?, ?, ?)');
  for (const [index, units] of consumed) insert.run(invoiceId, index, agreement.prepaid![index]!.metric, units);
}
