/**
 * Validates one usage rollup row (kind: usage_rollup, docs/rollup/README.md):
 * the figures a warehouse computed for one account, metric and UTC day. Every
 * figure is exact decimal text; the row must be one that real records could
 * have produced (max <= sum <= count × max, the latest record's quantity at
 * most max, its timestamp inside the day), so a column mix-up is rejected
 * here rather than billed.
 */
import { dec } from '../../../shared/money';
import { isValidDate, normalizeTimestamp } from '../../../shared/period';
import { checkIds, extraFields, optionalText, rejectTooOld, requiredText, RowError, truncate } from './fields';
import type { FieldValue } from './read-records';
import { isDecimalString } from '../../../shared/money';

export const ROLLUP_COLUMNS = new Set(['account_id', 'metric', 'day', 'sum', 'count', 'max', 'last_ts', 'last_quantity', 'source']);
/** Fields that identify or match: never a line break or control character in them (fields.ts). */
export const ROLLUP_IDS = ['account_id', 'metric', 'source'] as const;

/**
 * A day's sum adds up to a billion records of up to 18 integer digits each
 * (fields.ts MAX_INTEGER_DIGITS), so it may have up to 30; with 12 decimals
 * that is 42 significant digits, and a month of them stays exact at the money
 * arithmetic's 60.
 */
const MAX_SUM_INTEGER_DIGITS = 30;
const MAX_QUANTITY_INTEGER_DIGITS = 18;
const MAX_DECIMALS = 12;

export interface UsageRollupRow {
  accountId: string;
  metric: string;
  day: string;
  sum: string;
  count: number;
  max: string;
  lastTs: string;
  lastQuantity: string;
  source: string;
  extra: Record<string, FieldValue> | null;
}

export interface RollupChecks {
  /** the latest acceptable day (YYYY-MM-DD), normally the day after the import */
  notAfter?: string;
}

function decimal(fields: Record<string, FieldValue>, field: string, maxIntegerDigits: number): string {
  const value = fields[field];
  let text: string | null;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RowError(field, `${field} ${value} is a JSON number that may not be exact; write it as a decimal string`);
    text = String(value);
  } else {
    text = optionalText(fields, field);
  }
  if (text === null) throw new RowError(field, `${field} is missing`);
  if (!isDecimalString(text)) throw new RowError(field, `${field} "${truncate(text)}" is not a decimal number (expected digits with a "." separator, e.g. 1234.5)`);
  if (text.startsWith('-')) throw new RowError(field, `${field} ${text} is negative; usage must be >= 0`);
  const [integer = '', fraction = ''] = text.split('.');
  if (integer.replace(/^0+/, '').length > maxIntegerDigits) throw new RowError(field, `${field} ${truncate(text)} has more than ${maxIntegerDigits} digits before the decimal point, too many to bill exactly`);
  if (fraction.replace(/0+$/, '').length > MAX_DECIMALS) throw new RowError(field, `${field} ${truncate(text)} has more than ${MAX_DECIMALS} decimals, too many to bill exactly`);
  return text;
}

function count(fields: Record<string, FieldValue>): number {
  const value = fields.count;
  const text = typeof value === 'number' ? String(value) : optionalText(fields, 'count');
  if (text === null) throw new RowError('count', 'count is missing');
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) throw new RowError('count', `count "${truncate(text)}" is not a whole number of records`);
  const n = Number(text);
  if (n < 1) throw new RowError('count', 'count is 0; a rollup row stands for at least one record (leave days without usage out)');
  return n;
}

export function parseUsageRollupRow(fields: Record<string, FieldValue>, checks: RollupChecks = {}): UsageRollupRow {
  checkIds(fields, ROLLUP_IDS);
  const accountId = requiredText(fields, 'account_id');
  const metric = requiredText(fields, 'metric');
  const day = requiredText(fields, 'day');
  if (!isValidDate(day)) throw new RowError('day', `day "${truncate(day)}" is not a real calendar date YYYY-MM-DD`);
  if (checks.notAfter !== undefined && day > checks.notAfter) throw new RowError('day', `day ${day} is in the future (more than 1 day after the import)`);
  rejectTooOld('day', day);
  const sum = decimal(fields, 'sum', MAX_SUM_INTEGER_DIGITS);
  const n = count(fields);
  const max = decimal(fields, 'max', MAX_QUANTITY_INTEGER_DIGITS);
  const rawTs = requiredText(fields, 'last_ts');
  const lastTs = normalizeTimestamp(rawTs);
  if (lastTs === null) throw new RowError('last_ts', `last_ts "${truncate(rawTs)}" is not a real ISO 8601 date or time (e.g. 2026-10-03T14:22:05Z)`);
  if (lastTs.slice(0, 10) !== day) throw new RowError('last_ts', `last_ts ${lastTs} is not on the row's day ${day} (UTC)`);
  const lastQuantity = decimal(fields, 'last_quantity', MAX_QUANTITY_INTEGER_DIGITS);
  const source = requiredText(fields, 'source');

  // Figures real records could have produced: quantities are >= 0, so max <= sum <= count × max and last <= max.
  const s = dec(sum);
  const m = dec(max);
  const l = dec(lastQuantity);
  if (m.gt(s)) throw new RowError('max', `max ${max} is larger than sum ${sum}; a single record cannot exceed the day's total`);
  if (s.gt(m.times(n))) throw new RowError('sum', `sum ${sum} is larger than count × max (${n} × ${max}); the figures do not belong together`);
  if (l.gt(m)) throw new RowError('last_quantity', `last_quantity ${lastQuantity} is larger than max ${max}`);
  if (n === 1 && !(s.eq(m) && m.eq(l))) throw new RowError('sum', `a day of 1 record has sum, max and last_quantity equal, not ${sum}, ${max} and ${lastQuantity}`);

  return { accountId, metric, day, sum, count: n, max, lastTs, lastQuantity, source, extra: extraFields(fields, ROLLUP_COLUMNS) };
}
