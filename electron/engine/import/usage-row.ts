/** Validates one usage record (data-formats.md, kind: usage). */
import { normalizeTimestamp } from '../../../shared/period';
import { fastUtcTimestamp } from './fast-timestamp';
import { checkIds, extraFields, optionalText, rejectTooOld, requiredDecimal, requiredText, RowError, truncate } from './fields';
import type { FieldValue } from './read-records';

export const USAGE_COLUMNS = new Set(['event_id', 'account_id', 'metric', 'quantity', 'timestamp']);
/** Fields that identify or match: never a line break or control character in them (fields.ts). */
export const USAGE_IDS = ['event_id', 'account_id', 'metric'] as const;

export interface UsageRow {
  eventId: string | null;
  accountId: string;
  metric: string;
  quantity: string;
  ts: string;
  extra: Record<string, FieldValue> | null;
}

export interface RowChecks {
  /**
   * The latest acceptable timestamp (canonical UTC ISO), normally one day after
   * the import: usage from the future is a clock or export bug, never billable.
   */
  notAfter?: string;
}

export function parseUsageRow(fields: Record<string, FieldValue>, checks: RowChecks = {}): UsageRow {
  checkIds(fields, USAGE_IDS);
  const accountId = requiredText(fields, 'account_id');
  const metric = requiredText(fields, 'metric');
  const quantity = requiredDecimal(fields, 'quantity');
  if (quantity.startsWith('-')) throw new RowError('quantity', `quantity ${quantity} is negative; usage must be >= 0`);
  const rawTs = requiredText(fields, 'timestamp');
  const fast = fastUtcTimestamp(rawTs);
  const ts = fast === undefined ? normalizeTimestamp(rawTs) : fast;
  if (ts === null) {
    throw new RowError('timestamp', `timestamp "${truncate(rawTs)}" is not a real ISO 8601 date or time (e.g. 2026-10-03T14:22:05Z)`);
  }
  // An offset can carry 9999-12-31 past the year 9999: "+010000-…" sorts before digits, but is the future.
  if ((checks.notAfter !== undefined && ts > checks.notAfter) || ts.startsWith('+')) {
    throw new RowError('timestamp', `timestamp ${ts} is in the future (more than 1 day after the import)`);
  }
  rejectTooOld('timestamp', ts);
  return { eventId: optionalText(fields, 'event_id'), accountId, metric, quantity, ts, extra: extraFields(fields, USAGE_COLUMNS) };
}
