/**
 * One account and metric's usage figures over a period, as usage_period_totals keeps them: computed
 * from the rows by rating/period-totals.ts and kept current by imports (import/period-totals-upkeep.ts),
 * which must agree field by field. A leaf both folders use (import/ sits below rating/).
 */
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
