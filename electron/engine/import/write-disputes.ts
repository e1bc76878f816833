/**
 * Stores disputes (receivables.md, kind: disputes). A dispute_id seen before
 * with the same content is a duplicate; with different content (typically
 * resolved_on now filled) the row is updated and the change audited with the
 * old and new values (and the whole previous row, which undoing the import
 * puts back). A dispute must name a finalized invoice.
 */
import type { Sqlite } from '../../../db/open';
import { appendAudit } from '../audit/audit-log';
import { isIsoCurrency } from '../../../shared/currencies';
import { parseDisputeRow, type DisputeRow } from './dispute-row';
import { currencyAmount } from './payment-row';
import { RowError, truncate } from './fields';
import { jsonOrNull, type RowWriter } from './row-writer';

interface Stored {
  batch_id: number;
  line: number;
  raw: string;
  extra: string | null;
  invoice_number: string;
  opened_on: string;
  reason: string;
  amount: string | null;
  resolved_on: string | null;
}

const CONTENT = ['invoice_number', 'opened_on', 'reason', 'amount', 'resolved_on'] as const;

function contentOf(d: DisputeRow): Pick<Stored, (typeof CONTENT)[number]> {
  return { invoice_number: d.invoiceNumber, opened_on: d.openedOn, reason: d.reason, amount: d.amount, resolved_on: d.resolvedOn };
}

export function disputeWriter(sqlite: Sqlite, batchId: number, checks: { notAfter?: string; actor: string }): RowWriter {
  const invoice = sqlite.prepare("SELECT status, document_type, currency FROM invoices WHERE invoice_number = ?");
  const existing = sqlite.prepare('SELECT batch_id, line, raw, extra, invoice_number, opened_on, reason, amount, resolved_on FROM disputes WHERE dispute_id = ?');
  const insert = sqlite.prepare(
    `INSERT INTO disputes (batch_id, line, dispute_id, invoice_number, opened_on, reason, amount, resolved_on, raw, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = sqlite.prepare(
    `UPDATE disputes SET batch_id = ?, line = ?, invoice_number = ?, opened_on = ?, reason = ?, amount = ?, resolved_on = ?, raw = ?, extra = ?
     WHERE dispute_id = ?`,
  );
  return ({ line, raw, fields }) => {
    const d = parseDisputeRow(fields, checks);
    const target = invoice.get(d.invoiceNumber) as { status: string; document_type: string; currency: string } | undefined;
    if (!target || target.document_type !== 'invoice') throw new RowError('invoice_number', `invoice_number "${truncate(d.invoiceNumber)}" is not an invoice number of this book`);
    if (target.status !== 'finalized') throw new RowError('invoice_number', `invoice ${d.invoiceNumber} is not finalized, so it cannot be disputed`);
    // The disputed amount is money of the invoice's currency: no more decimals than it has (as a payment's amount).
    if (d.amount !== null && isIsoCurrency(target.currency)) currencyAmount({ amount: d.amount }, 'amount', target.currency);
    const before = existing.get(d.disputeId) as Stored | undefined;
    const after = contentOf(d);
    if (!before) {
      insert.run(batchId, line, d.disputeId, d.invoiceNumber, d.openedOn, d.reason, d.amount, d.resolvedOn, raw, jsonOrNull(d.extra));
      return 'imported';
    }
    const changed = CONTENT.filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return 'duplicate';
    update.run(batchId, line, d.invoiceNumber, d.openedOn, d.reason, d.amount, d.resolvedOn, raw, jsonOrNull(d.extra), d.disputeId);
    appendAudit(sqlite, {
      actor: checks.actor,
      action: 'dispute.update',
      entityType: 'dispute',
      entityId: d.disputeId,
      // `previous`: what undoing this import puts back (undo-import.ts restores the dispute rather than removing it).
      details: {
        batch: batchId, line, old: Object.fromEntries(changed.map((k) => [k, before[k]])), new: Object.fromEntries(changed.map((k) => [k, after[k]])),
        previous: { batch: before.batch_id, line: before.line, raw: before.raw, extra: before.extra, ...Object.fromEntries(CONTENT.map((k) => [k, before[k]])) },
      },
    });
    return 'updated';
  };
}

interface Previous extends Stored {
  batch: number;
}

/**
 * Undoing import `batchId`: each dispute it updated goes back to the row it
 * replaced (from its `dispute.update` audit entry), unless that row's import
 * is undone too (or is this one); the caller then deletes what is still the
 * batch's. Returns the dispute ids restored.
 */
export function restorePreviousDisputes(sqlite: Sqlite, batchId: number): string[] {
  const updated = sqlite
    .prepare(
      `SELECT d.dispute_id, (SELECT l.details FROM audit_log l WHERE l.action = 'dispute.update' AND l.entity_type = 'dispute' AND l.entity_id = d.dispute_id
                               AND json_extract(l.details, '$.batch') = ? ORDER BY l.id DESC LIMIT 1) AS details
       FROM disputes d WHERE d.batch_id = ?`,
    )
    .all(batchId, batchId) as { dispute_id: string; details: string | null }[];
  const live = sqlite.prepare("SELECT 1 FROM import_batches WHERE id = ? AND status <> 'undone'");
  const restore = sqlite.prepare(
    'UPDATE disputes SET batch_id = ?, line = ?, invoice_number = ?, opened_on = ?, reason = ?, amount = ?, resolved_on = ?, raw = ?, extra = ? WHERE dispute_id = ?',
  );
  const restored: string[] = [];
  for (const { dispute_id, details } of updated) {
    const previous = details === null ? undefined : (JSON.parse(details) as { previous?: Previous }).previous;
    if (!previous || previous.batch === batchId || live.get(previous.batch) === undefined) continue;
    restore.run(previous.batch, previous.line, previous.invoice_number, previous.opened_on, previous.reason, previous.amount, previous.resolved_on, previous.raw, previous.extra, dispute_id);
    restored.push(dispute_id);
  }
  return restored;
}
