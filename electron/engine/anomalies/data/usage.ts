/**
 * Usage figures for the anomaly rules, computed inside SQLite.
 *
 * A period can hold a million records, so nothing here reads them one by one
 * into JavaScript. Everything is a range scan of the covering index
 * usage_series_at (series, at, quantity_scaled; the rowid comes with it) per
 * (account, metric), aggregating quantity_scaled, the exact
 * quantity in millionths as an INTEGER (SQLite's integer SUM is exact and
 * raises on overflow). A pair with a quantity that has no exact scaled form
 * (NULL: more than 6 decimals or 12 integer digits) or whose sum overflows is
 * computed from the TEXT quantities with decimal arithmetic instead.
 *
 * Whole-period figures (count, sum, max, min, last, duplicate groups) come
 * from the period totals (rating/period-totals.ts): computed once per period,
 * kept until the period's usage changes, shared with rating. So the current
 * period is not scanned again after rating, and the 6-month baselines cost an
 * index read of cached rows rather than a rescan of history.
 */
import type { Sqlite } from '../../../../db/open';
import type { Aggregation } from '../../../../shared/domain';
import { Decimal, dec } from '../../../../shared/money';
import { parsePeriod, previousPeriod, type Period } from '../../../../shared/period';
import { allUsagePairs, periodTotals, type PairTotals, type PeriodTotals } from '../../rating/period-totals';
import { pairKey, type UsagePair } from '../../pair-totals';
import { fromScaled, scaledFloor } from '../../scaled-decimal';
import { atOfTs } from '../../usage-time';
import type { UsageRange } from '../usage-range';
import { ExcludedRows, NOT_EXCLUDED_USAGE } from './excluded-rows';

/** One (account, metric) in the period. */
export interface PeriodStats {
  records: number;
  sum: Decimal;
  max: Decimal;
  min: Decimal;
  /** every quantity has an exact scaled form, so SQL comparisons on quantity_scaled are exact */
  scaled: boolean;
}

/** What one range query over a (pair, period) found; fields are filled as rules ask for them. */
interface Figures {
  records: number;
  /** exact figures, or null when a quantity has no scaled form / the sum overflowed (then computed from TEXT) */
  sum?: Decimal | null;
  max?: Decimal | null;
  min?: Decimal | null;
}

export interface Aggregate {
  value: Decimal;
}

/** Usage code-point order, which is SQLite's BINARY order of the UTF-8 text. */
function binaryCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

/** Records of a pair, counted and summed, and the range that names them (for the finding's sources). */
export interface UsageSlice {
  records: number;
  quantity: Decimal;
  ranges: UsageRange[];
}

/** A pair's records above a threshold: how many, the largest, and where they are (a range, or ids when quantities are unscaled). */
export interface RecordsAbove {
  total: number;
  largest: { id: number; quantity: string; ts: string } | null;
  ranges: UsageRange[];
  ids: number[];
}

const pairKeyOf = (p: UsagePair) => pairKey(p.accountId, p.metric);
/** A pair's records in [from, to), the range scan of the covering index. */
export const PAIR = 'account_id = @account AND metric = @metric AND at >= @from AND at < @to';

function isOverflow(error: unknown): boolean {
  return error instanceof Error && /integer overflow/i.test(error.message);
}

type Row = Record<string, bigint | string | null>;
const num = (v: bigint | string | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));
const big = (v: bigint | string | null | undefined): bigint => (typeof v === 'bigint' ? v : 0n);

export class UsageData {
  private pairList: UsagePair[] | undefined;
  private readonly figureCache = new Map<string, Figures>();
  private readonly unscaled = new Set<string>();
  private readonly aggregates = new Map<string, Aggregate | null>();
  private readonly since = new Map<string, UsagePair[]>();
  private maxId: number | undefined;
  private readonly statements = new Map<string, ReturnType<Sqlite['prepare']>>();
  private readonly totalsByPeriod = new Map<string, PeriodTotals>();

  /** PAIR, and when the book has excluded records, `AND id NOT IN (…)`: every query of a pair's records goes through it. */
  readonly pairSql: string;

  constructor(
    readonly sqlite: Sqlite,
    readonly period: Period,
    /** rows reviewers excluded from billing: ignored here exactly as rating ignores them */
    readonly excluded: ExcludedRows = new ExcludedRows(sqlite),
  ) {
    this.pairSql = excluded.anyUsage ? `${PAIR}${NOT_EXCLUDED_USAGE}` : PAIR;
  }

  /** Whether an excluded record of the pair is dated in the period: then its cached totals (which count every record) do not hold. */
  private excludedIn(pair: UsagePair, periodId: string): boolean {
    if (!this.excluded.anyUsage) return false;
    const p = this.periodOf(periodId);
    return this.excluded.usageIn(pair.accountId, pair.metric, p.startTs, p.endTs);
  }

  private readonly bounds = new Map<string, Period>();

  /** parsePeriod, memoized: it is asked for the same few periods thousands of times. */
  private periodOf(periodId: string): Period {
    let p = this.bounds.get(periodId);
    if (!p) {
      p = parsePeriod(periodId);
      this.bounds.set(periodId, p);
    }
    return p;
  }

  /** A prepared statement, cached per text (safe: integers as bigint). */
  stmt(sql: string, safe = true): ReturnType<Sqlite['prepare']> {
    const key = `${safe ? 1 : 0}${sql}`;
    let s = this.statements.get(key);
    if (!s) {
      s = this.sqlite.prepare(sql);
      if (safe && s.reader) s.safeIntegers(true);
      this.statements.set(key, s);
    }
    return s;
  }

  params(pair: UsagePair, from: string, to: string) {
    return { account: pair.accountId, metric: pair.metric, from: atOfTs(from), to: atOfTs(to) };
  }

  get maxUsageId(): number {
    this.maxId ??= this.sqlite.prepare('SELECT coalesce(max(id), 0) FROM usage_rows').pluck().get() as number;
    return this.maxId;
  }

  /** Every (account, metric) that has ever had usage: a loose scan, one index seek per pair. */
  get pairs(): UsagePair[] {
    this.pairList ??= allUsagePairs(this.sqlite);
    return this.pairList;
  }

  /** The whole period's exact figures per pair (cached in the database, see period-totals.ts). */
  totals(periodId: string): PeriodTotals {
    let t = this.totalsByPeriod.get(periodId);
    if (!t) {
      t = periodTotals(this.sqlite, periodId);
      this.totalsByPeriod.set(periodId, t);
    }
    return t;
  }

  pairTotals(pair: UsagePair, periodId: string): PairTotals | undefined {
    return this.totals(periodId).get(pair.accountId, pair.metric);
  }

  hasRecords(pair: UsagePair, from: string, to: string): boolean {
    return this.stmt(`SELECT 1 FROM usage_records WHERE ${this.pairSql} LIMIT 1`, false).get(this.params(pair, from, to)) !== undefined;
  }

  /** Pairs with records in the period. */
  get periodPairs(): UsagePair[] {
    return this.pairsSince(this.period.id);
  }

  /** Pairs with records in any period from `firstPeriod` up to and including this one, in (account, metric) order. */
  pairsSince(firstPeriod: string): UsagePair[] {
    let list = this.since.get(firstPeriod);
    if (!list) {
      const withData: PeriodTotals[] = [];
      for (let periodId = this.period.id; periodId >= firstPeriod; periodId = previousPeriod(periodId)) {
        const t = this.totals(periodId);
        if (t.pairs.length > 0) withData.push(t);
      }
      if (withData.length <= 1) {
        // One period with usage: its pairs, already in (account, metric) order.
        list = (withData[0]?.pairs ?? []).map((t) => ({ accountId: t.accountId, metric: t.metric }));
      } else {
        const byKey = new Map<string, UsagePair>();
        for (const t of withData.flatMap((w) => w.pairs)) {
          const k = pairKeyOf(t);
          if (!byKey.has(k)) byKey.set(k, { accountId: t.accountId, metric: t.metric });
        }
        list = [...byKey.values()].sort((a, b) => binaryCompare(a.accountId, b.accountId) || binaryCompare(a.metric, b.metric));
      }
      this.since.set(firstPeriod, list);
    }
    return list;
  }

  /**
   * One range scan of the covering index for a pair and period, computing the
   * figures asked for that are not known yet. min(coalesce(q, -1)) is both the
   * smallest quantity and the exactness test (quantities are never negative,
   * so -1 means a quantity had no scaled form), so exactness costs no extra
   * aggregate.
   */
  private figures(pair: UsagePair, periodId: string, want: readonly ('sum' | 'max' | 'min')[]): Figures {
    const key = `${pairKeyOf(pair)}\u0000${periodId}`;
    let f = this.figureCache.get(key);
    if (f) {
      if (want.every((w) => f![w] !== undefined)) return f;
    } else {
      // The period totals have every exact figure; only a pair with an unscaled quantity is computed below.
      const t = this.pairTotals(pair, periodId);
      // A pair with an excluded record in the period is counted by the queries below, which leave it out.
      const withExcluded = t !== undefined && this.excludedIn(pair, periodId);
      if (!withExcluded && (!t || t.exact)) {
        f = t ? { records: t.records, sum: fromScaled(t.sum), max: fromScaled(t.max), min: fromScaled(t.min) } : { records: 0, sum: new Decimal(0), max: null, min: null };
        this.figureCache.set(key, f);
        return f;
      }
      if (!t.exact) this.unscaled.add(key);
      f = undefined;
    }
    const missing = want.filter((w) => f?.[w] === undefined);
    if (f && missing.length === 0) return f;
    // count alone when only the number of records is asked (a count aggregation needs no quantities).
    const needsQuantities = want.length > 0;
    const cols = ['count(*) AS n'];
    if (needsQuantities) cols.push('min(coalesce(quantity_scaled, -1)) AS mn');
    if (missing.includes('sum')) cols.push('sum(quantity_scaled) AS s');
    if (missing.includes('max')) cols.push('max(quantity_scaled) AS mx');
    const p = this.periodOf(periodId);
    const next: Figures = { ...(f ?? { records: 0 }) };
    try {
      const row = this.stmt(`SELECT ${cols.join(', ')} FROM usage_records WHERE ${this.pairSql}`).get(this.params(pair, p.startTs, p.endTs)) as Row;
      next.records = num(row.n);
      const exact = next.records === 0 || !needsQuantities || big(row.mn) >= 0n;
      if (!exact) this.unscaled.add(key);
      if (needsQuantities) next.min = exact ? (next.records === 0 ? null : fromScaled(big(row.mn))) : null;
      if (missing.includes('sum')) next.sum = exact ? fromScaled(big(row.s)) : null;
      if (missing.includes('max')) next.max = exact ? (next.records === 0 ? null : fromScaled(big(row.mx))) : null;
    } catch (error) {
      if (!isOverflow(error)) throw error;
      const counted = this.stmt(`SELECT count(*) AS n, min(coalesce(quantity_scaled, -1)) AS mn FROM usage_records WHERE ${this.pairSql}`).get(this.params(pair, p.startTs, p.endTs)) as Row;
      next.records = num(counted.n);
      next.min = big(counted.mn) >= 0n ? fromScaled(big(counted.mn)) : null;
      next.sum = null;
      if (missing.includes('max')) next.max = null;
    }
    // Not exact in SQL: the same figures from the TEXT quantities (rare: > 6 decimals or > 12 integer digits).
    if (next.records > 0 && want.some((w) => next[w] === null)) {
      let sum = new Decimal(0);
      let max: Decimal | null = null;
      let min: Decimal | null = null;
      const rows = this.stmt(`SELECT quantity FROM usage_records WHERE ${this.pairSql}`, false).pluck();
      for (const text of rows.iterate(this.params(pair, p.startTs, p.endTs)) as IterableIterator<string>) {
        const q = dec(text);
        sum = sum.plus(q);
        if (max === null || q.gt(max)) max = q;
        if (min === null || q.lt(min)) min = q;
      }
      next.sum = sum;
      next.max = max;
      next.min = min;
    }
    f = next;
    this.figureCache.set(key, f);
    return f;
  }

  /** Whether every quantity of the pair in the period has an exact scaled form (after figures() ran). */
  private isScaled(pair: UsagePair, periodId: string): boolean {
    return !this.unscaled.has(`${pairKeyOf(pair)}\u0000${periodId}`);
  }

  /** The pair's figures in this period (count, sum, max, min), or null when it has no records. */
  current(pair: UsagePair): PeriodStats | null {
    const f = this.figures(pair, this.period.id, ['sum', 'max', 'min']);
    if (f.records === 0) return null;
    return { records: f.records, sum: f.sum!, max: f.max!, min: f.min!, scaled: this.isScaled(pair, this.period.id) };
  }

  /** How many records the pair has in a period. */
  records(pair: UsagePair, periodId: string): number {
    return this.figures(pair, periodId, []).records;
  }

  /**
   * Over whole periods: how many records the pair has, and at most how many of
   * them are at or below `bound` (scaled), read from the digit histograms of
   * the period totals (a record at or below the bound has no more digits than
   * it). Null when a period has an unscaled quantity.
   */
  atOrBelowAtMost(pair: UsagePair, periodIds: readonly string[], bound: bigint): { records: number; atMost: number } | null {
    const len = bound.toString().length;
    let records = 0;
    let atMost = 0;
    for (const periodId of periodIds) {
      const t = this.pairTotals(pair, periodId);
      if (!t) continue;
      if (!t.exact || !t.digits || this.excludedIn(pair, periodId)) return null;
      records += t.records;
      for (let d = 0; d <= len && d < t.digits.length; d++) atMost += t.digits[d]!;
    }
    return { records, atMost };
  }

  /** The smallest record of the pair in a period (null without records). */
  minimum(pair: UsagePair, periodId: string): Decimal | null {
    const f = this.figures(pair, periodId, ['min']);
    return f.records === 0 ? null : f.min!;
  }

  /**
   * The pair's aggregate in a period with the given aggregation (rating.md:
   * sum, max, last = latest record with ties to the larger quantity, count), or
   * null when the pair has no records in that period.
   */
  aggregate(pair: UsagePair, periodId: string, aggregation: Aggregation): Aggregate | null {
    // A baseline month with no usage at all (before the book starts) answers without building keys.
    if (this.totals(periodId).pairs.length === 0) return null;
    const key = `${pairKeyOf(pair)}\u0000${periodId}\u0000${aggregation}`;
    if (this.aggregates.has(key)) return this.aggregates.get(key)!;
    const result = this.computeAggregate(pair, periodId, aggregation);
    this.aggregates.set(key, result);
    return result;
  }

  private computeAggregate(pair: UsagePair, periodId: string, aggregation: Aggregation): Aggregate | null {
    const t = this.pairTotals(pair, periodId);
    if (!t) return null;
    if (t.exact && !this.excludedIn(pair, periodId)) {
      switch (aggregation) {
        case 'sum':
          return { value: fromScaled(t.sum) };
        case 'max':
          return { value: fromScaled(t.max) };
        case 'count':
          return { value: new Decimal(t.records) };
        case 'last':
          return { value: fromScaled(t.last) };
      }
    }
    if (aggregation !== 'last') {
      // count needs no quantities; sum and max come with the exactness test.
      const f = this.figures(pair, periodId, aggregation === 'sum' ? ['sum'] : aggregation === 'max' ? ['max'] : []);
      if (f.records === 0) return null;
      return { value: aggregation === 'sum' ? f.sum! : aggregation === 'max' ? f.max! : new Decimal(f.records) };
    }
    const p = this.periodOf(periodId);
    const params = this.params(pair, p.startTs, p.endTs);
    // The latest records (ties broken by the larger quantity, compared exactly).
    const rows = this.stmt(
      `SELECT quantity FROM usage_records WHERE account_id = @account AND metric = @metric${this.excluded.anyUsage ? NOT_EXCLUDED_USAGE : ''}
         AND at = (SELECT max(at) FROM usage_records WHERE ${this.pairSql})`,
      false,
    )
      .pluck()
      .all(params) as string[];
    if (rows.length === 0) return null;
    return { value: rows.map((q) => dec(q)).reduce((a, b) => (b.gt(a) ? b : a)) };
  }

  /** Count and exact sum of a pair's records in [from, to) with id > afterId, and their range. */
  slice(pair: UsagePair, from: string, to: string, afterId = 0): UsageSlice {
    const params = { ...this.params(pair, from, to), after: afterId };
    let records = 0;
    let quantity = new Decimal(0);
    let exact = false;
    try {
      const row = this.stmt(`SELECT count(*) AS n, count(quantity_scaled) AS ns, sum(quantity_scaled) AS s FROM usage_records WHERE ${this.pairSql} AND id > @after`).get(params) as Row;
      records = num(row.n);
      if (num(row.ns) === records) {
        quantity = fromScaled(big(row.s));
        exact = true;
      }
    } catch (error) {
      if (!isOverflow(error)) throw error;
    }
    if (!exact) {
      records = 0;
      quantity = new Decimal(0);
      const rows = this.stmt(`SELECT quantity FROM usage_records WHERE ${this.pairSql} AND id > @after`, false).pluck();
      for (const q of rows.iterate(params) as IterableIterator<string>) {
        quantity = quantity.plus(q);
        records++;
      }
    }
    return { records, quantity, ranges: records === 0 ? [] : [this.range(pair, from, to, records, afterId)] };
  }

  /** The range that names a pair's records in [from, to) with id > afterId (and quantity_scaled > aboveScaled). */
  range(pair: UsagePair, from: string, to: string, records: number, afterId = 0, aboveScaled: bigint | null = null): UsageRange {
    return { accountId: pair.accountId, metric: pair.metric, from, to, afterId, maxId: this.maxUsageId, aboveScaled, records };
  }

  /**
   * Records of the pair in [from, to): how many there are and how many have a
   * quantity of at most `bound` (scaled), or null when a quantity has no exact
   * scaled form (the caller then works from the TEXT quantities).
   */
  countAtOrBelow(pair: UsagePair, from: string, to: string, bound: bigint): { records: number; atOrBelow: number } | null {
    const row = this.stmt(
      `SELECT count(*) AS n, count(quantity_scaled) AS ns, sum(quantity_scaled <= @bound) AS k FROM usage_records WHERE ${this.pairSql}`,
    ).get({ ...this.params(pair, from, to), bound }) as Row;
    const n = num(row.n);
    if (num(row.ns) !== n) return null;
    return { records: n, atOrBelow: num(row.k) };
  }

  /** The exact median quantity of the pair's records in [from, to) (the mean of the two middle ones for an even count). */
  median(pair: UsagePair, from: string, to: string): Decimal | null {
    const params = this.params(pair, from, to);
    const row = this.stmt(`SELECT count(*) AS n, count(quantity_scaled) AS ns FROM usage_records WHERE ${this.pairSql}`).get(params) as Row;
    const n = num(row.n);
    if (n === 0) return null;
    if (num(row.ns) === n) {
      const at = (offset: number) =>
        fromScaled(big(this.stmt(`SELECT quantity_scaled FROM usage_records WHERE ${this.pairSql} ORDER BY quantity_scaled LIMIT 1 OFFSET @offset`).pluck().get({ ...params, offset }) as bigint));
      return n % 2 === 1 ? at((n - 1) / 2) : at(n / 2 - 1).plus(at(n / 2)).div(2);
    }
    const values = (this.stmt(`SELECT quantity FROM usage_records WHERE ${this.pairSql}`, false).pluck().all(params) as string[]).map((q) => dec(q)).sort((a, b) => a.cmp(b));
    return n % 2 === 1 ? values[(n - 1) / 2]! : values[n / 2 - 1]!.plus(values[n / 2]!).div(2);
  }

  /**
   * The pair's records in [from, to) whose quantity is above `threshold`: how
   * many, the largest (ties: the earliest), and a range naming them all (their
   * ids when a quantity has no scaled form, so SQL cannot compare them exactly).
   */
  recordsAbove(pair: UsagePair, from: string, to: string, threshold: Decimal): RecordsAbove {
    const bound = scaledFloor(threshold);
    const params = { ...this.params(pair, from, to), bound };
    const stats = this.current(pair);
    if (stats?.scaled) {
      const total = num((this.stmt(`SELECT count(*) AS n FROM usage_records WHERE ${this.pairSql} AND quantity_scaled > @bound`).get(params) as Row).n);
      const largest = this.stmt(`SELECT id, quantity, ts FROM usage_records WHERE ${this.pairSql} AND quantity_scaled > @bound ORDER BY quantity_scaled DESC, at LIMIT 1`, false).get(
        params,
      ) as RecordsAbove['largest'] | undefined;
      return { total, largest: largest ?? null, ranges: total === 0 ? [] : [this.range(pair, from, to, total, 0, bound)], ids: [] };
    }
    const all = (this.stmt(`SELECT id, quantity, ts FROM usage_records WHERE ${this.pairSql}`, false).all(params) as { id: number; quantity: string; ts: string }[])
      .filter((r) => dec(r.quantity).gt(threshold))
      .sort((a, b) => dec(b.quantity).cmp(dec(a.quantity)) || a.ts.localeCompare(b.ts));
    return { total: all.length, largest: all[0] ?? null, ranges: [], ids: all.map((r) => r.id) };
  }
}

/** The period `n` periods before `periodId`. */
export function periodsBack(periodId: string, n: number): string {
  let p = periodId;
  for (let i = 0; i < n; i++) p = previousPeriod(p);
  return p;
}
