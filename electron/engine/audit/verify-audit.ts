/**
 * Checks the audit trail's hash chain: every entry must name the hash of the
 * entry before it and hash to its own stored value, and no entry may be
 * missing from the end (the AUTOINCREMENT high-water mark in sqlite_sequence).
 * The triggers stop edits through SQLite; this finds edits made around them
 * (a copy with the triggers dropped, a hex editor).
 */
import type { Sqlite } from '../../../db/open';
import { auditHash, GENESIS_HASH, type AuditLogRow } from './audit-log';

interface AuditRow extends AuditLogRow {
  prev_hash: string;
  hash: string;
}

export type AuditVerification = { intact: true; entries: number } | { intact: false; entries: number; brokenId: number | null; problem: string };

function label(row: AuditRow): string {
  return `entry #${row.id} (${row.action} ${row.entity_type}${row.entity_id ? ` ${row.entity_id}` : ''} by ${row.actor} at ${row.at})`;
}

export function verifyAuditLog(sqlite: Sqlite): AuditVerification {
  let expectedPrev = GENESIS_HASH;
  let previous: AuditRow | null = null;
  let entries = 0;
  const rows = sqlite.prepare('SELECT id, at, actor, action, entity_type, entity_id, reason, details, prev_hash, hash FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>;
  for (const row of rows) {
    entries++;
    const broken = (problem: string): AuditVerification => ({ intact: false, entries, brokenId: row.id, problem: `${label(row)} ${problem}` });
    if (row.prev_hash !== expectedPrev) {
      return broken(previous ? `does not follow entry #${previous.id}: an entry before it was removed, inserted or changed` : 'is not the first entry ever written: earlier entries were removed');
    }
    let details: Record<string, unknown> | null;
    try {
      details = row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>);
    } catch {
      return broken('has details that are not the JSON that was written');
    }
    const recomputed = auditHash(row.prev_hash, row.at, { actor: row.actor, action: row.action, entityType: row.entity_type, entityId: row.entity_id, reason: row.reason, details });
    if (recomputed !== row.hash) return broken('was changed after it was written: its contents no longer match its hash');
    expectedPrev = row.hash;
    previous = row;
  }
  const highWater = (sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck().get() as number | undefined) ?? 0;
  if (highWater > (previous?.id ?? 0)) {
    return { intact: false, entries, brokenId: null, problem: `entries after #${previous?.id ?? 0} up to #${highWater} were removed from the end of the log` };
  }
  return { intact: true, entries };
}
