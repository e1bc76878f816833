/**
 * Holding drafts back: a reviewer puts a draft on hold (with a reason) while
 * something is being checked, and releases it later. An invoice on hold
 * cannot be approved (approve.ts). Only drafts of invoices can be held or
 * released: approved and finalized invoices are past the point where a hold
 * means anything. Each change is audited (`hold` / `release`, with the reason).
 */
import { and, desc, eq } from 'drizzle-orm';
import { dbOf } from '../../../db/db-of';
import type { Sqlite } from '../../../db/open';
import { auditLog, invoices } from '../../../db/schema';
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
  const db = dbOf(sqlite);
  return sqlite.transaction(() =>
    [...new Set(invoiceIds)].map((id) => {
      const row = db.select({ status: invoices.status, documentType: invoices.documentType, onHold: invoices.onHold }).from(invoices).where(eq(invoices.id, id)).get();
      if (!row) throw new NotFoundError(`There is no invoice ${id}.`);
      if (row.documentType !== 'invoice') throw new ConflictError(`${id} is a credit note; only invoices can be put on hold.`);
      if (row.status !== 'draft') throw new ConflictError(`Invoice ${id} is already ${row.status}; only drafts can be put on hold or released.`);
      if (row.onHold !== hold) {
        db.update(invoices).set({ onHold: hold }).where(and(eq(invoices.id, id), eq(invoices.status, 'draft'))).run();
        appendAudit(sqlite, { actor, action: hold ? HOLD_ACTION : RELEASE_ACTION, entityType: 'invoice', entityId: id, reason: text });
      }
      return { invoice_id: id, on_hold: hold };
    }),
  ).immediate();
}

/** Why the invoice was last put on hold (from the audit trail), or null. */
export function holdReason(sqlite: Sqlite, invoiceId: string): string | null {
  const row = dbOf(sqlite)
    .select({ reason: auditLog.reason })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'invoice'), eq(auditLog.entityId, invoiceId), eq(auditLog.action, HOLD_ACTION)))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get();
  return row?.reason ?? null;
}
