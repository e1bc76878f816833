/**
 * Four eyes (change-control.md): with the setting on, whoever last changed an
 * invoice cannot approve it. "Changed" means a reviewer's own act on it: rating
 * its period by hand, adjusting it, excluding or re-including one of its rows,
 * overriding a quantity, acknowledging or dismissing one of its anomalies.
 * Each such act records a row in invoice_changes; an automatic re-rate after
 * an import does not (the importer did not touch that invoice by hand).
 */
import { z } from 'zod';
import type { Sqlite } from '../../../db/open';
import { appendAudit } from '../audit/audit-log';
import { ConflictError } from '../errors';
import { readSetting, writeSetting } from '../settings/settings';

const KEY = 'four_eyes';

export function fourEyesRequired(sqlite: Sqlite): boolean {
  return readSetting(sqlite, KEY, z.boolean(), false);
}

export function setFourEyes(sqlite: Sqlite, required: boolean, actor: string): { four_eyes: boolean } {
  sqlite.transaction(() => {
    const before = fourEyesRequired(sqlite);
    writeSetting(sqlite, KEY, required, actor);
    appendAudit(sqlite, { actor, action: 'settings.four_eyes', entityType: 'settings', entityId: KEY, details: { before, after: required } });
  })();
  return { four_eyes: required };
}

/** Records that `actor` changed these invoices, `how` completing "… last changed it: <how>" (e.g. "adjusted it"). */
export function recordInvoiceChange(sqlite: Sqlite, invoiceIds: readonly string[], actor: string, how: string): void {
  const insert = sqlite.prepare('INSERT INTO invoice_changes (invoice_id, actor, how) VALUES (?, ?, ?)');
  for (const id of invoiceIds) insert.run(id, actor, how);
}

export interface InvoiceChange {
  actor: string;
  how: string;
  at: string;
}

export function lastChange(sqlite: Sqlite, invoiceId: string): InvoiceChange | undefined {
  return sqlite.prepare('SELECT actor, how, created_at AS at FROM invoice_changes WHERE invoice_id = ? ORDER BY id DESC LIMIT 1').get(invoiceId) as InvoiceChange | undefined;
}

/** Throws when four eyes is on and `approver` made the invoice's last change. */
export function assertSecondPerson(sqlite: Sqlite, invoiceId: string, approver: string): void {
  if (!fourEyesRequired(sqlite)) return;
  const change = lastChange(sqlite, invoiceId);
  if (change && change.actor.trim().toLowerCase() === approver.trim().toLowerCase()) {
    throw new ConflictError(`Four eyes: ${change.actor} last changed ${invoiceId} (${change.how} at ${change.at.slice(0, 16).replace('T', ' ')} UTC), so someone else must approve it.`);
  }
}
