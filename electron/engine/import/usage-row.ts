/** Validates one usage record (data-formats.md, kind: usage). */
import { normalizeTimestamp } from '../../../shared/period';
import { extraFields, optionalText, requiredDecimal, requiredText, RowError, truncate } from './fields';
import type { FieldValue } from './read-records';

export const USAGE_COLUMNS = new Set(['event_id', 'account_id', 'metric', 'quantity', 'timestamp']);

export interface UsageRow {
  eventId: string | null;
  accountId: string;
  metric: string;
  quantity: string;
  ts: string;
  extra: Record<string, FieldValue> | null;
}

export function parseUsageRow(fields: Record<string, FieldValue>): UsageRow {
  const accountId = requiredText(fields, 'account_id');
  const metric = requiredText(fields, 'metric');
  const quantity = requiredDecimal(fields, 'quantity');
  if (quantity.startsWith('-')) throw new RowError('quantity', `quantity ${quantity} is negative; usage must be >= 0`);
  const rawTs = requiredText(fields, 'timestamp');
  const ts = normalizeTimestamp(rawTs);
  if (ts === null) {
    throw new RowError('timestamp', `timestamp "${truncate(rawTs)}" is not a real ISO 8601 date or time (e.g. 2026-10-03T14:22:05Z)`);
  }
  return { eventId: optionalText(fields, 'event_id'), accountId, metric, quantity, ts, extra: extraFields(fields, USAGE_COLUMNS) };
}
