/**
 * Holding drafts back: a reviewer puts a draft on hold (with a reason) while
 * something is being checked, and releases it later. An invoice on hold
 * cannot be approved (approve.ts). Only drafts of invoices can be held or
 * released: approved and finalized invoices are past the point where a hold
 * means anything. Each change is audited (`hold` / `release`, with the reason).
 */
import type { Sqlite } from '../../../db/open';
import { ConflictError, NotFoundError } from '../errors';
import { appendAudit } from '../audit/audit-log';

export const HOLD_ACTION = 'hold';
export const RELEASE_ACTION = 'release';

export interface HoldOutcome {
  invoice_id: string;
  on_hold: boolean;
}

/** Puts the drafts on hold (hold = true) or releases them, in one transaction; an invoice already in that state is left alone. */
export function setHold(sqlite: Sqlite, invoiceIds: string[], hold: boolean, reason: string, actor: string): HoldOutcome[] {
  const text = reason.trim();
  if (text.length < 3) throw new ConflictError(hold ? 'Putting an invoice on hold needs a reason.' : 'Releasing an invoice needs a reason.');
  const load = sqlite.prepare('SELECT status, document_type, on_hold FROM invoices WHERE id = ?');
  const update = sqlite.prepare("UPDATE invoices SET on_hold = ? WHERE id = ? AND status = 'draft'");
  return sqlite.transaction(() =>
    [...new Set(invoiceIds)].map((id) => {
      const row = load.get(id) as { status: string; document_type: string; on_hold: number } | undefined;
      if (!row) throw new NotFoundError(`There is no invoice ${id}.`);
      if (row.document_type !== 'invoice') throw new ConflictError(`${id} is a credit note; only invoices can be put on hold.`);
      if (row.status !== 'draft') throw new ConflictError(`Invoice ${id} is already ${row.status}; only drafts can be put on hold or released.`);
      if ((row.on_hold === 1) !== hold) {
        update.run(hold ? 1 : 0, id);
        appendAudit(sqlite, { actor, action: hold ? HOLD_ACTION : RELEASE_ACTION, entityType: 'invoice', entityId: id, reason: text });
      }
      return { invoice_id: id, on_hold: hold };
    }),
  ).immediate();
}

/** Why the invoice was last put on hold (from the audit trail), or null. */
export function holdReason(sqlite: Sqlite, invoiceId: string): string | null {
  return (
    (sqlite
      .prepare("SELECT reason FROM audit_log WHERE entity_type = 'invoice' AND entity_id = ? AND action = ? ORDER BY id DESC LIMIT 1")
      .pluck()
      .get(invoiceId, HOLD_ACTION) as string | null | undefined) ?? null
  );
}
