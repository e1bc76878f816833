/** The bill-run summary (engine/export/export-summary.ts) as lines for a person at a terminal. */
import type { ExportSummary } from '../../shared/api';
import { formatMoney } from '../../shared/money';

const count = (n: number, word: string, plural = `${word}s`) => `${n} ${n === 1 ? word : plural}`;

export function exportSummaryLines(s: ExportSummary): string[] {
  const invoices = s.invoices.reduce((n, c) => n + c.count, 0);
  const credits = s.credit_notes.reduce((n, c) => n + c.count, 0);
  const lines = [
    s.to_finalize === 0
      ? `Nothing to finalize in ${s.period}: no invoice or credit note is approved and waiting.`
      : `To finalize in ${s.period}: ${count(invoices, 'invoice')} and ${count(credits, 'credit note')}.`,
  ];
  for (const c of s.invoices) {
    lines.push(`  invoices in ${c.currency}: ${c.count}, total ${formatMoney(c.total, c.currency)}, amount due ${formatMoney(c.amount_due, c.currency)}`);
  }
  for (const c of s.credit_notes) lines.push(`  credit notes in ${c.currency}: ${c.count}, total ${formatMoney(c.total, c.currency)}`);
  for (const o of s.overridden) {
    const by = o.approved_by ? ` by ${o.approved_by}` : '';
    lines.push(`Approved over ${count(o.open_errors, 'open error')}${by}: ${o.invoice_id} (${o.account_name})${o.reason ? `, override reason: ${o.reason}` : ''}.`);
  }
  const left = s.drafts_left;
  if (left.invoices > 0 || left.credit_notes.length > 0) {
    const parts = [
      ...(left.invoices > 0 ? [`${count(left.invoices, 'draft invoice')}${left.on_hold > 0 ? ` (${left.on_hold} on hold)` : ''}`] : []),
      ...(left.credit_notes.length > 0 ? [`${count(left.credit_notes.length, 'draft credit note')} (${left.credit_notes.join(', ')})`] : []),
    ];
    lines.push(`Left as drafts, not finalized: ${parts.join(' and ')}; approve them to finalize them.`);
  }
  if (s.already_finalized > 0) lines.push(`Already finalized: ${count(s.already_finalized, 'document')} (missing files are written again).`);
  for (const b of s.blocked) lines.push(`Left approved, not finalized: ${b.reason}`);
  return lines;
}
