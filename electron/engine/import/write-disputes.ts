/**
 * Stores disputes (receivables.md, kind: disputes). A dispute_id seen before
 * with the same content is a duplicate; with different content (typically
 * resolved_on now filled) the row is updated and the change audited with the
 * old and new values. A dispute must name a finalized invoice.
 */
import type { Sqlite } from '../../../db/open';
import { appendAudit } from '../audit/audit-log';
import { parseDisputeRow, type DisputeRow } from './dispute-row';
import { RowError, truncate } from './fields';
import { jsonOrNull, type RowWriter } from './row-writer';

interface Stored {
  invoice_number: string;
  opened_on: string;
  reason: string;
  amount: string | null;
  resolved_on: string | null;
}

const CONTENT: readonly (keyof Stored)[] = ['invoice_number', 'opened_on', 'reason', 'amount', 'resolved_on'];

function contentOf(d: DisputeRow): Stored {
  return { invoice_number: d.invoiceNumber, opened_on: d.openedOn, reason: d.reason, amount: d.amount, resolved_on: d.resolvedOn };
}

export function disputeWriter(sqlite: Sqlite, batchId: number, checks: { notAfter?: string; actor: string }): RowWriter {
  const invoice = sqlite.prepare("SELECT status, document_type FROM invoices WHERE invoice_number = ?");
  const existing = sqlite.prepare('SELECT invoice_number, opened_on, reason, amount, resolved_on FROM disputes WHERE dispute_id = ?');
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
    const target = invoice.get(d.invoiceNumber) as { status: string; document_type: string } | undefined;
    if (!target || target.document_type !== 'invoice') throw new RowError('invoice_number', `invoice_number "${truncate(d.invoiceNumber)}" is not an invoice number of this book`);
    if (target.status !== 'finalized') throw new RowError('invoice_number', `invoice ${d.invoiceNumber} is not finalized, so it cannot be disputed`);
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
      details: { batch: batchId, line, old: Object.fromEntries(changed.map((k) => [k, before[k]])), new: Object.fromEntries(changed.map((k) => [k, after[k]])) },
    });
    return 'updated';
  };
}
