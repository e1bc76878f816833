/**
 * One account and metric's usage figures over a period, and their stored form in usage_period_totals:
 * computed from the rows by rating/period-totals.ts and kept current by imports
 * (import/period-totals-upkeep.ts), which read and write the same rows. A leaf both folders use
 * (import/ sits below rating/).
 */
import type { Sqlite } from '../../db/open';

export interface PairTotals {
  accountId: string;
  metric: string;
  records: number;
  /** every quantity has a scaled form and the sum fits: the figures below are exact (else null) */
  exact: boolean;
  sum: bigint | null;
  max: bigint | null;
  min: bigint | null;
  /** quantity of the latest record, ties to the larger quantity (rating.md `last`) */
  last: bigint | null;
  lastTs: string;
  /** digits[d] = records whose scaled quantity has d digits (null when not exact) */
  digits: number[] | null;
}

/** An account and one of its metrics: a usage series. */
export interface UsagePair {
  accountId: string;
  metric: string;
}

/** A pair's key in maps of pairs (ids never hold control characters: import/fields.ts). */
export const pairKey = (accountId: string, metric: string): string => `${accountId}\u0000${metric}`;

/** The columns of a usage_period_totals row that hold a PairTotals, in StoredPair's order (read with safeIntegers and raw). */
export const PAIR_COLUMNS = 'account_id, metric, records, exact, sum_scaled, max_scaled, min_scaled, last_scaled, last_ts, digits';

export type StoredPair = [string, string, bigint, bigint, bigint | null, bigint | null, bigint | null, bigint | null, string, string | null];

export function pairOfRow([accountId, metric, records, exact, sum, max, min, last, lastTs, digits]: StoredPair): PairTotals {
  return { accountId, metric, records: Number(records), exact: exact === 1n, sum, max, min, last, lastTs, digits: digits === null ? null : digits.split(',').map(Number) };
}

/** A pair's values for PAIR_COLUMNS, in that order. */
export function rowOfPair(t: PairTotals): unknown[] {
  return [t.accountId, t.metric, t.records, t.exact ? 1 : 0, t.sum, t.max, t.min, t.last, t.lastTs, t.digits ? t.digits.join(',') : null];
}

/** The usage table's AUTOINCREMENT counter: a period's totals are stamped with it, and stale once a record takes a later id. */
export function usageSeq(sqlite: Sqlite): number {
  return sqlite.prepare("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'usage_rows'), 0)").pluck().get() as number;
}
