/**
 * The append-only audit trail. Each entry carries the hash of the previous one,
 * so rewriting history anywhere breaks the chain (the database triggers already
 * refuse UPDATE and DELETE).
 */
import { createHash } from 'node:crypto';
import { desc } from 'drizzle-orm';
import { dbOf } from '../../../db/db-of';
import type { Sqlite } from '../../../db/open';
import { auditLog } from '../../../db/schema';

/** One row of audit_log as read back (details still JSON text), without its hash chain. */
export interface AuditLogRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  reason: string | null;
  details: string | null;
}

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export const GENESIS_HASH = '0'.repeat(64);

export function auditHash(prevHash: string, at: string, entry: AuditEntry): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, at, entry.actor, entry.action, entry.entityType, entry.entityId ?? null, entry.reason ?? null, entry.details ?? null]))
    .digest('hex');
}

export function appendAudit(sqlite: Sqlite, entry: AuditEntry): void {
  // Reading the last hash and appending must be one write transaction, or two
  // processes appending at once could both chain onto the same entry.
  if (!sqlite.inTransaction) return sqlite.transaction(() => appendAudit(sqlite, entry)).immediate();
  const db = dbOf(sqlite);
  const prev = db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get()?.hash ?? GENESIS_HASH;
  const at = new Date().toISOString();
  db.insert(auditLog)
    .values({
      at,
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      reason: entry.reason ?? null,
      details: entry.details ?? null,
      prevHash: prev,
      hash: auditHash(prev, at, entry),
    })
    .run();
}
