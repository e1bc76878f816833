/**
 * The reviewer's name for the audit trail. A name set in the app's Settings
 * is stored in the database and wins over the host's default (the
 * operating-system user); the CLI's explicit --as always names who acts.
 */
import { z } from 'zod';
import type { Sqlite } from '../../../db/open';
import { appendAudit } from '../audit/audit-log';
import { deleteSetting, readSetting, writeSetting } from './settings';

const KEY = 'reviewer_name';
export const reviewerNameSchema = z.string().trim().min(1, { message: 'a reviewer name cannot be empty' }).max(100);

/** The stored reviewer name, or null when none was set. */
export function storedReviewerName(sqlite: Sqlite): string | null {
  return readSetting(sqlite, KEY, reviewerNameSchema.nullable(), null);
}

/** Stores (or, with null, clears) the reviewer name; audited under the name that was acting before. */
export function setReviewerName(sqlite: Sqlite, name: string | null, actingAs: string): string | null {
  const next = name === null ? null : reviewerNameSchema.parse(name);
  sqlite.transaction(() => {
    const before = storedReviewerName(sqlite);
    if (next === null) deleteSetting(sqlite, KEY);
    else writeSetting(sqlite, KEY, next, actingAs);
    appendAudit(sqlite, { actor: actingAs, action: 'settings.reviewer', entityType: 'settings', entityId: KEY, reason: null, details: { before, after: next } });
  })();
  return next;
}
