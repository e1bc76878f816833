/**
 * Exact usage aggregates for a period, computed inside SQLite.
 *
 * Reading a million rows into JavaScript costs seconds; SQLite can group them
 * in C. It is exact because it aggregates usage_records.quantity_scaled, the
 * quantity in millionths as an INTEGER (SQLite's integer SUM is exact and
 * raises on overflow instead of rounding). Whenever that is not possible (a
 * record with more than 6 decimals or 12 integer digits, an overflow, or an
 * agreement billing a metric over several separate date ranges) the records are
 * aggregated from their TEXT quantity by the exact JavaScript aggregator instead.
 */
import type { Sqlite } from '../../../db/open';
import type { Aggregation } from '../../../shared/domain';
import { scaledToDecimal } from '../scaled-decimal';
import { atOfTs } from '../usage-time';
import { createAggregator } from './aggregate';
import type { PairTotals, PeriodTotals } from './period-totals';
import type { UsageTotal } from './types';

export interface UsageGroup {
  key: number;
  accountId: string;
  metric: string;
  aggregation: Aggregation;
  /** half-open timestamp ranges [from, to) the agreement bills */
  ranges: readonly { tsFrom: string; tsTo: string }[];
}

/**
 * A record's `at` as a fixed-width text that sorts like it: shifted by the `at` of 0000-01-01 so it is
 * never negative, 15 digits reach past 9999-12-31.
 */
const AT_KEY = "printf('%015d', u.at + 62167219200000)";
const AT_KEY_WIDTH = 15;

function fromSql(aggregation: Aggregation, row: SqlRow): string {
  switch (aggregation) {
    case 'sum':
      return scaledToDecimal(row.total);
    case 'max':
      return scaledToDecimal(row.largest);
    case 'count':
      return row.records.toString();
    case 'last':
      // at || zero-padded quantity: the max is the latest record, ties to the larger quantity.
      return scaledToDecimal(BigInt(row.last.slice(AT_KEY_WIDTH)));
  }
}

interface SqlRow {
  key: bigint;
  records: bigint;
  scaled: bigint;
  total: bigint;
  largest: bigint;
  last: string;
}

function aggregateInJs(sqlite: Sqlite, group: UsageGroup, maxUsageId: number, excluded: ReadonlySet<number>): UsageTotal | null {
  const rows = sqlite.prepare(
    'SELECT quantity, ts, id FROM usage_records WHERE account_id = ? AND metric = ? AND at >= ? AND at < ? AND id <= ?',
  ).raw();
  const aggregator = createAggregator(group.aggregation);
  let records = 0;
  for (const range of group.ranges) {
    for (const [quantity, ts, id] of rows.iterate(group.accountId, group.metric, atOfTs(range.tsFrom), atOfTs(range.tsTo), maxUsageId) as IterableIterator<[string, string, number]>) {
      if (excluded.has(id)) continue;
      aggregator.add(quantity, ts);
      records++;
    }
  }
  return records === 0 ? null : aggregator.result();
}

function isIntegerOverflow(error: unknown): boolean {
  return error instanceof Error && /integer overflow/i.test(error.message);
}

function fromTotals(aggregation: Aggregation, t: PairTotals): string {
  switch (aggregation) {
    case 'sum':
      return scaledToDecimal(t.sum!);
    case 'max':
      return scaledToDecimal(t.max!);
    case 'count':
      return String(t.records);
    case 'last':
      return scaledToDecimal(t.last!);
  }
}

/** The whole period's exact totals (period-totals.ts), valid for every record up to maxUsageId. */
export interface WholePeriod {
  startTs: string;
  endTs: string;
  totals: PeriodTotals;
}

/** A usage record a reviewer excluded from billing (controls/corrections.ts). */
export interface ExcludedRecord {
  id: number;
  account_id: string;
  metric: string;
  ts: string;
}

/**
 * The aggregate of every group that has records, by group key. A group that
 * bills the whole period (`whole`) is read from the period's totals; the
 * others are aggregated here. A group holding a record a reviewer excluded is
 * aggregated record by record without it (exclusions are few; the totals and
 * SQL paths cannot skip one record of a max or last).
 */
export function aggregateUsage(
  sqlite: Sqlite,
  groups: readonly UsageGroup[],
  maxUsageId: number,
  whole?: WholePeriod,
  excludedRecords: readonly ExcludedRecord[] = [],
): Map<number, UsageTotal> {
  const totals = new Map<number, UsageTotal>();
  const excluded = new Set(excludedRecords.map((r) => r.id));
  const holdsExcluded = (g: UsageGroup) =>
    excludedRecords.some((r) => r.account_id === g.accountId && r.metric === g.metric && r.id <= maxUsageId && g.ranges.some((range) => r.ts >= range.tsFrom && r.ts < range.tsTo));
  const inJs: UsageGroup[] = groups.filter((g) => g.ranges.length > 1 || (excluded.size > 0 && holdsExcluded(g)));
  const recordByRecord = new Set(inJs);
  const inSql: UsageGroup[] = [];
  for (const g of groups) {
    if (g.ranges.length !== 1 || recordByRecord.has(g)) continue;
    const r = g.ranges[0]!;
    if (whole && r.tsFrom === whole.startTs && r.tsTo === whole.endTs) {
      const t = whole.totals.get(g.accountId, g.metric);
      if (!t) continue; // no records in the period
      if (t.exact) totals.set(g.key, { value: fromTotals(g.aggregation, t), records: t.records });
      else inJs.push(g);
    } else {
      inSql.push(g);
    }
  }

  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS rating_groups (key INTEGER PRIMARY KEY, account_id TEXT, metric TEXT, at_from INTEGER, at_to INTEGER, is_last INTEGER)');
  sqlite.exec('DELETE FROM temp.rating_groups');
  const insert = sqlite.prepare('INSERT INTO temp.rating_groups (key, account_id, metric, at_from, at_to, is_last) VALUES (?, ?, ?, ?, ?, ?)');
  for (const g of inSql) insert.run(g.key, g.accountId, g.metric, atOfTs(g.ranges[0]!.tsFrom), atOfTs(g.ranges[0]!.tsTo), g.aggregation === 'last' ? 1 : 0);

  const byKey = new Map(inSql.map((g) => [g.key, g]));
  // Two passes so that only `last` groups pay for building a sort key per record.
  const query = (lastExpression: string, isLast: number) =>
    sqlite
      .prepare(
        `SELECT g.key, count(*) AS records, count(u.quantity_scaled) AS scaled, sum(u.quantity_scaled) AS total,
                max(u.quantity_scaled) AS largest, ${lastExpression} AS last
         FROM temp.rating_groups g
         JOIN usage_records u ON u.account_id = g.account_id AND u.metric = g.metric AND u.at >= g.at_from AND u.at < g.at_to AND u.id <= ?
         WHERE g.is_last = ${isLast}
         GROUP BY g.key`,
      )
      .safeIntegers(true)
      .all(maxUsageId) as SqlRow[];
  if (inSql.length > 0) {
    const fromSqlTotals = new Map<number, UsageTotal>();
    try {
      const rows = [...query("''", 0), ...query(`max(${AT_KEY} || printf('%019d', u.quantity_scaled))`, 1)];
      for (const row of rows) {
        const group = byKey.get(Number(row.key))!;
        if (row.scaled !== row.records) inJs.push(group);
        else fromSqlTotals.set(group.key, { value: fromSql(group.aggregation, row), records: Number(row.records) });
      }
      for (const [k, v] of fromSqlTotals) totals.set(k, v);
    } catch (error) {
      if (!isIntegerOverflow(error)) throw error;
      inJs.push(...inSql);
    }
  }

  for (const group of inJs) {
    const total = aggregateInJs(sqlite, group, maxUsageId, excluded);
    if (total) totals.set(group.key, total);
  }
  return totals;
}
