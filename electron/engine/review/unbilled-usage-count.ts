/**
 * How many of the period's usage records no invoice bills, for the dashboard. sources.unbilled
 * finds them with a NOT EXISTS probe of usage_spans per record; counting that way (and the
 * page of one row the dashboard also asked for, sorted) read every record of the period twice:
 * 2.8 s of the dashboard's request on the bench's 1M-row book.
 *
 * The same count from what is stored: a record is billed when a span of its account and metric
 * covers its timestamp and it existed when the span was rated (id <= max_usage_id). Each pair's
 * period is cut at every span boundary; in a piece that no span covers every record is unbilled,
 * in a covered one those with an id above the largest covering max_usage_id, each piece counted
 * along usage_series_at. A covered piece whose spans were rated after the last record was
 * added needs no read at all, so only unbilled records are read. It only reads: usage_period_totals
 * would spare the uncovered pairs' counts, but refreshing that cache writes, and a read request
 * must not wait on a job holding the write lock.
 */
import type { Sqlite } from '../../../db/open';
import { parsePeriod } from '../../../shared/period';
import { pairKey } from '../pair-totals';
import { usagePairsOf } from '../rating/period-totals';
import { atOfTs } from '../usage-time';

interface Span {
  from: string;
  to: string;
  maxId: number;
}

export function unbilledUsageCount(sqlite: Sqlite, periodId: string): number {
  const { startTs, endTs } = parsePeriod(periodId);
  const spans = new Map<string, Span[]>();
  const spanRows = sqlite
    .prepare('SELECT account_id, metric, ts_from, ts_to, max_usage_id FROM usage_spans WHERE ts_to > ? AND ts_from < ?')
    .raw()
    .all(startTs, endTs) as [string, string, string, string, number][];
  for (const [account, metric, from, to, maxId] of spanRows) {
    const list = spans.get(pairKey(account, metric)) ?? [];
    list.push({ from: from < startTs ? startTs : from, to: to > endTs ? endTs : to, maxId });
    spans.set(pairKey(account, metric), list);
  }
  const lastId = sqlite.prepare('SELECT coalesce(max(id), 0) FROM usage_rows').pluck().get() as number;
  const after = sqlite.prepare('SELECT count(*) FROM usage_records WHERE account_id = ? AND metric = ? AND at >= ? AND at < ? AND id > ?').pluck();

  let unbilled = 0;
  for (const pair of usagePairsOf(sqlite)) {
    const pairSpans = spans.get(pairKey(pair.accountId, pair.metric)) ?? [];
    const points = [...new Set([startTs, endTs, ...pairSpans.flatMap((s) => [s.from, s.to])])].sort();
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i]!;
      const to = points[i + 1]!;
      const cover = pairSpans.reduce((max, s) => (s.from <= from && s.to >= to && s.maxId > max ? s.maxId : max), 0);
      if (cover < lastId) unbilled += after.get(pair.accountId, pair.metric, atOfTs(from), atOfTs(to), cover) as number;
    }
  }
  return unbilled;
}
