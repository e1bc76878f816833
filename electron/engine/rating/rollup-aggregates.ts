/**
 * Usage rollups in rating (DECISIONS.md "Usage rollups"): a day of an account's
 * metric covered by a rollup is billed from the rollup, never from usage rows
 * of that day. This module works at the seam of the row-level aggregation
 * (usage-aggregates.ts), which it does not change:
 *
 * 1. `rollupsForGroups` reads, per usage group, the rollups inside its ranges
 *    (one index probe per range on usage_rollups_day).
 * 2. `rowRangesWithout` cuts the covered days out of the group's ranges, so the
 *    row aggregation sees only the days rollups do not cover (a group without
 *    rollups keeps its ranges as they are: the row path is untouched).
 * 3. `mergeRollups` folds each group's rollups into the row aggregate map:
 *    sum = Σsum, count = Σcount, max = max of max, last = the last_quantity of
 *    the greatest last_ts (ties: the larger quantity, as rating.md's `last`),
 *    all exact decimal.
 */
import type { Sqlite } from '../../../db/open';
import type { Aggregation } from '../../../shared/domain';
import { dec, Decimal, plainString } from '../../../shared/money';
import type { UsageGroup } from './usage-aggregates';
import type { UsageTotal } from './types';
import { atOfTs } from '../usage-time';

/** The rollups a group bills, folded into one figure set. */
export interface GroupRollups {
  /** rollup rows (days) */
  rows: number;
  /** the covered days, sorted */
  days: string[];
  sum: Decimal;
  count: number;
  max: Decimal;
  lastTs: string;
  lastQuantity: Decimal;
}

const DAY = 10;

/** "2026-10-03T00:00:00.000Z" -> "2026-10-03"; group ranges are whole UTC days (rate-period.ts). */
function dayOf(ts: string): string {
  return ts.slice(0, DAY);
}

/** The highest rollup id now: the rollups a rating may bill (like maxUsageId for rows). */
export function maxRollupId(sqlite: Sqlite): number {
  return sqlite.prepare('SELECT coalesce(max(id), 0) FROM usage_rollups').pluck().get() as number;
}

/** Per group key, the rollups inside its ranges (groups without any are absent). */
export function rollupsForGroups(sqlite: Sqlite, groups: readonly UsageGroup[], maxId: number): Map<number, GroupRollups> {
  const out = new Map<number, GroupRollups>();
  if (maxId === 0) return out;
  const select = sqlite
    .prepare('SELECT day, sum, count, max, last_ts, last_quantity FROM usage_rollups WHERE account_id = ? AND metric = ? AND day >= ? AND day < ? AND id <= ? ORDER BY day')
    .raw();
  for (const g of groups) {
    let found: GroupRollups | null = null;
    for (const r of g.ranges) {
      for (const [day, sum, count, max, lastTs, lastQuantity] of select.iterate(g.accountId, g.metric, dayOf(r.tsFrom), dayOf(r.tsTo), maxId) as IterableIterator<
        [string, string, number, string, string, string]
      >) {
        const q = dec(lastQuantity);
        if (found === null) {
          found = { rows: 0, days: [], sum: new Decimal(0), count: 0, max: dec(max), lastTs, lastQuantity: q };
        } else {
          const m = dec(max);
          if (m.gt(found.max)) found.max = m;
          if (lastTs > found.lastTs || (lastTs === found.lastTs && q.gt(found.lastQuantity))) {
            found.lastTs = lastTs;
            found.lastQuantity = q;
          }
        }
        found.rows++;
        found.days.push(day);
        found.sum = found.sum.plus(dec(sum));
        found.count += count;
      }
    }
    if (found) {
      found.days.sort();
      out.set(g.key, found);
    }
  }
  return out;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, DAY);
}

/** The group's ranges without the covered days (sorted), as half-open timestamp ranges. */
export function rowRangesWithout(ranges: UsageGroup['ranges'], coveredDays: readonly string[]): { tsFrom: string; tsTo: string }[] {
  const covered = new Set(coveredDays);
  const out: { tsFrom: string; tsTo: string }[] = [];
  for (const r of ranges) {
    let from: string | null = null;
    const end = dayOf(r.tsTo);
    for (let day = dayOf(r.tsFrom); day < end; day = nextDay(day)) {
      if (covered.has(day)) {
        if (from !== null) out.push({ tsFrom: `${from}T00:00:00.000Z`, tsTo: `${day}T00:00:00.000Z` });
        from = null;
      } else if (from === null) {
        from = day;
      }
    }
    if (from !== null) out.push({ tsFrom: `${from}T00:00:00.000Z`, tsTo: r.tsTo });
  }
  return out;
}

/**
 * The latest usage row of a group's row ranges (its timestamp), skipping
 * excluded rows: what a `last` merge compares the rollups' last_ts with.
 */
export function latestRowTs(
  sqlite: Sqlite,
  group: Pick<UsageGroup, 'accountId' | 'metric' | 'ranges'>,
  maxUsageId: number,
  excluded: ReadonlySet<number>,
): string | null {
  const select = sqlite
    .prepare('SELECT id, ts FROM usage_records WHERE account_id = ? AND metric = ? AND at >= ? AND at < ? AND id <= ? ORDER BY at DESC')
    .raw();
  let latest: string | null = null;
  for (const r of group.ranges) {
    for (const [id, ts] of select.iterate(group.accountId, group.metric, atOfTs(r.tsFrom), atOfTs(r.tsTo), maxUsageId) as IterableIterator<[number, string]>) {
      if (excluded.has(id)) continue;
      if (latest === null || ts > latest) latest = ts;
      break;
    }
  }
  return latest;
}

/** One group's row aggregate (undefined: no rows) and its rollups, as one exact aggregate. */
export function mergeRollups(aggregation: Aggregation, rows: UsageTotal | undefined, rollups: GroupRollups, rowLastTs: () => string | null): UsageTotal {
  const records = (rows?.records ?? 0) + rollups.count;
  switch (aggregation) {
    case 'count':
      return { value: String(records), records };
    case 'sum':
      return { value: plainString(rollups.sum.plus(rows ? dec(rows.value) : 0)), records };
    case 'max': {
      const best = rows && dec(rows.value).gt(rollups.max) ? dec(rows.value) : rollups.max;
      return { value: plainString(best), records };
    }
    case 'last': {
      if (!rows) return { value: plainString(rollups.lastQuantity), records };
      const ts = rowLastTs();
      const rowValue = dec(rows.value);
      const rowWins = ts !== null && (ts > rollups.lastTs || (ts === rollups.lastTs && rowValue.gt(rollups.lastQuantity)));
      return { value: plainString(rowWins ? rowValue : rollups.lastQuantity), records };
    }
  }
}

/**
 * The groups as the row aggregation must see them: a group with rollups keeps
 * only the days they do not cover (none left: it is dropped); the others are
 * returned as they are.
 */
export function rowGroupsOf<G extends UsageGroup>(groups: readonly G[], rollups: ReadonlyMap<number, GroupRollups>): G[] {
  if (rollups.size === 0) return [...groups];
  const out: G[] = [];
  for (const g of groups) {
    const r = rollups.get(g.key);
    if (!r) {
      out.push(g);
      continue;
    }
    const ranges = rowRangesWithout(g.ranges, r.days);
    if (ranges.length > 0) out.push({ ...g, ranges });
  }
  return out;
}

/** Folds every group's rollups into the row aggregates (by group key), in place. */
export function addRollupsTo(
  aggregates: Map<number, UsageTotal>,
  sqlite: Sqlite,
  rowGroups: readonly UsageGroup[],
  groups: readonly UsageGroup[],
  rollups: ReadonlyMap<number, GroupRollups>,
  maxUsageId: number,
  excluded: ReadonlySet<number>,
): void {
  if (rollups.size === 0) return;
  const rowGroup = new Map(rowGroups.map((g) => [g.key, g]));
  for (const g of groups) {
    const r = rollups.get(g.key);
    if (!r) continue;
    const rows = aggregates.get(g.key);
    const asRows = rowGroup.get(g.key);
    aggregates.set(
      g.key,
      mergeRollups(g.aggregation, rows, r, () => (asRows ? latestRowTs(sqlite, asRows, maxUsageId, excluded) : null)),
    );
  }
}

/** What a usage line's detail says about its rollups (the reviewer sees the line came from them). */
export function rollupDetail(r: GroupRollups): Record<string, string | number> {
  return { from_rollups: r.rows, rollup_records: r.count, rollup_first_day: r.days[0]!, rollup_last_day: r.days[r.days.length - 1]! };
}
