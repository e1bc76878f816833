/**
 * Usage records a finding stands on, as a range (stored in
 * anomaly_source_ranges): the account's metric with ts in [from, to) and
 * afterId < id <= maxId, and quantity_scaled > aboveScaled when that is set.
 */
export interface UsageRange {
  accountId: string;
  metric: string;
  from: string;
  to: string;
  afterId: number;
  maxId: number;
  aboveScaled: bigint | null;
  /** how many records the range selects now */
  records: number;
}
