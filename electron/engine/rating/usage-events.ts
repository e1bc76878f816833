/**
 * The individual records a percentage charge prices (models/percentage.ts),
 * read for the same half-open timestamp ranges the charge bills and only up
 * to the last record that existed when rating began (as the aggregates are),
 * leaving out the records a reviewer excluded (as the aggregates do: a
 * percentage fee on an excluded transaction is not charged).
 */
import type { Sqlite } from '../../../db/open';
import type { UsageEvent } from './types';
import { atOfTs } from '../usage-time';

export function loadUsageEvents(
  sqlite: Sqlite,
  accountId: string,
  metric: string,
  ranges: readonly { tsFrom: string; tsTo: string }[],
  maxUsageId: number,
  excluded: ReadonlySet<number> = new Set(),
): UsageEvent[] {
  const select = sqlite.prepare('SELECT id, ts, quantity FROM usage_records WHERE account_id = ? AND metric = ? AND at >= ? AND at < ? AND id <= ?');
  const events = ranges.flatMap((r) => select.all(accountId, metric, atOfTs(r.tsFrom), atOfTs(r.tsTo), maxUsageId) as UsageEvent[]);
  return excluded.size === 0 ? events : events.filter((e) => !excluded.has(e.id));
}
