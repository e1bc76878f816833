/**
 * The individual records a percentage charge prices (models/percentage.ts),
 * read for the same half-open timestamp ranges the charge bills and only up
 * to the last record that existed when rating began (as the aggregates are).
 */
import type { Sqlite } from '../../../db/open';
import type { UsageEvent } from './types';

export function loadUsageEvents(
  sqlite: Sqlite,
  accountId: string,
  metric: string,
  ranges: readonly { tsFrom: string; tsTo: string }[],
  maxUsageId: number,
): UsageEvent[] {
  const select = sqlite.prepare('SELECT id, ts, quantity FROM usage_records WHERE account_id = ? AND metric = ? AND ts >= ? AND ts < ? AND id <= ?');
  return ranges.flatMap((r) => select.all(accountId, metric, r.tsFrom, r.tsTo, maxUsageId) as UsageEvent[]);
}
