/**
 * What a commitment true-up adds up besides the month being rated: the
 * recurring, usage, hours and minimum lines of the agreement's invoices for the
 * window's earlier months (drafts included: the true-up of a draft is as
 * provisional as they are; approved and finalized ones are fixed).
 */
import type { Sqlite } from '../../../db/open';
import type { Agreement } from '../../../shared/domain';
import { dec, Decimal } from '../../../shared/money';
import type { Period } from '../../../shared/period';
import { COMMITMENT_COUNTED, trueUpMonth } from './true-up';
import type { CommitmentHistory } from './types';

export function commitmentHistory(sqlite: Sqlite, agreement: Agreement, period: Period): CommitmentHistory | undefined {
  const c = agreement.commitment;
  if (!c || trueUpMonth(agreement) !== period.id) return undefined;
  const kinds = COMMITMENT_COUNTED.map((k) => `'${k}'`).join(', ');
  const rows = sqlite
    .prepare(
      `SELECT i.id, (SELECT json_group_array(l.amount) FROM invoice_lines l WHERE l.invoice_id = i.id AND l.kind IN (${kinds})) AS amounts
       FROM invoices i
       WHERE i.agreement_id = ? AND i.document_type = 'invoice' AND i.period >= ? AND i.period < ?
       ORDER BY i.period`,
    )
    .all(agreement.agreement_id, c.from, period.id) as { id: string; amounts: string }[];
  let billed = new Decimal(0);
  for (const row of rows) for (const amount of JSON.parse(row.amounts) as string[]) billed = billed.plus(dec(amount));
  return { billed: billed.toFixed(), invoiceIds: rows.map((r) => r.id) };
}
