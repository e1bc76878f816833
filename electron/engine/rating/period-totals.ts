/**
 * Exact usage figures per (period, account, metric), computed once per period
 * and kept in usage_period_totals (a cache: see db/schema.ts) until usage of
 * that period changes. Rating prices whole-period groups from them and the
 * anomaly rules read their current period and 6-month baselines from them, so
 * no run rescans history and rating and detection share one pass.
 *
 * One pass per period: a range scan of usage_series_at per pair
 * (count, sum, max, min of the exact scaled INTEGER quantity, and a digit-count
 * histogram), plus one index seek for the latest record. A pair with a quantity
 * that has no scaled form, or whose sum overflows, is stored as not exact and
 * its readers fall back to the TEXT quantities.
 *
 * A usage import writes them itself for a month it fills from empty or whose
 * totals were valid (import/period-totals-upkeep.ts), so the first rating of a
 * freshly imported month reads them instead of scanning it.
 *
 * Validity is checked cheaply: the stamp of the period must exist (a trigger
 * deletes it when a record of the period is deleted) and every record added
 * since (id above the stamp's usage_seq; ids only grow) must lie outside the
 * period. The first check after an import reads the new records' timestamp
 * range once; later checks only compare sqlite_sequence.
 */
import type { Sqlite } from '../../../db/open';
import { parsePeriod } from '../../../shared/period';
import { PAIR_COLUMNS, pairKey, pairOfRow, rowOfPair, usageSeq, type PairTotals, type StoredPair, type UsagePair } from '../pair-totals';
import { onRollback } from '../rollback-listeners';
import { atOfTs } from '../usage-time';

export type { PairTotals };

export interface PeriodTotals {
  period: string;
  /** pairs with records in the period, in (account, metric) order */
  pairs: PairTotals[];
  get(accountId: string, metric: string): PairTotals | undefined;
  /** groups of same-ts, same-quantity records per pair key; computed on first use for the whole period */
  dupGroups(pair: PairTotals): number | null;
}

/** One pair's rows in [start, end): the view finds the series by its unique index, then a range of usage_series_at. */
const RANGE = 'account_id = ? AND metric = ? AND at >= ? AND at < ?';

interface Memo {
  stampId: number;
  totals: PeriodTotalsImpl;
}
/**
 * The last loaded totals per connection and period; revalidated against the stamp row on every use,
 * and dropped when the connection rolls back (a rolled-back stamp's id is issued again).
 */
const memo = new WeakMap<Sqlite, Map<string, Memo>>();

class PeriodTotalsImpl implements PeriodTotals {
  private readonly byKey: Map<string, PairTotals>;

  constructor(
    private readonly sqlite: Sqlite,
    readonly period: string,
    readonly pairs: PairTotals[],
    /** the pairs' duplicate groups counted so far (an import that merged a pair leaves it out: import/period-totals-upkeep.ts) */
    private readonly dups: Map<string, number | null>,
  ) {
    this.byKey = new Map(pairs.map((p) => [pairKey(p.accountId, p.metric), p]));
  }

  get(accountId: string, metric: string): PairTotals | undefined {
    return this.byKey.get(pairKey(accountId, metric));
  }

  dupGroups(pair: PairTotals): number | null {
    const k = pairKey(pair.accountId, pair.metric);
    if (!this.dups.has(k)) {
      const missing = this.pairs.filter((p) => !this.dups.has(pairKey(p.accountId, p.metric)));
      for (const [counted, groups] of computeDupGroups(this.sqlite, this.period, missing)) this.dups.set(counted, groups);
    }
    return this.dups.get(k) ?? null;
  }
}

function canWrite(sqlite: Sqlite): boolean {
  return !sqlite.readonly;
}

/** The period's totals, from the cache when it is still valid, else computed (and stored when the connection can write). */
export function periodTotals(sqlite: Sqlite, periodId: string): PeriodTotals {
  const seq = usageSeq(sqlite);
  const stamp = sqlite.prepare('SELECT id, usage_seq AS seq FROM usage_period_stamps WHERE period = ?').get(periodId) as
    | { id: number; seq: number }
    | undefined;
  const perDb = memo.get(sqlite) ?? new Map<string, Memo>();
  memo.set(sqlite, perDb);
  if (stamp && (stamp.seq === seq || !newRecordsIn(sqlite, periodId, stamp.seq))) {
    if (stamp.seq !== seq && canWrite(sqlite)) sqlite.prepare('UPDATE usage_period_stamps SET usage_seq = ? WHERE id = ?').run(seq, stamp.id);
    const known = perDb.get(periodId);
    if (known && known.stampId === stamp.id) return known.totals;
    const totals = load(sqlite, periodId);
    perDb.set(periodId, { stampId: stamp.id, totals });
    return totals;
  }
  const totals = compute(sqlite, periodId);
  if (canWrite(sqlite)) {
    const stampId = store(sqlite, periodId, seq, totals);
    perDb.set(periodId, { stampId, totals });
  }
  return totals;
}

/** Whether a record added after `since` (by id) lies in the period. */
function newRecordsIn(sqlite: Sqlite, periodId: string, since: number): boolean {
  const p = parsePeriod(periodId);
  const [start, end] = [atOfTs(p.startTs), atOfTs(p.endTs)];
  const row = sqlite.prepare('SELECT min(at) AS lo, max(at) AS hi FROM usage_rows WHERE id > ?').get(since) as { lo: number | null; hi: number | null };
  if (row.lo === null || row.hi === null) return false;
  if (row.hi < start || row.lo >= end) return false;
  return sqlite.prepare(`SELECT 1 FROM usage_rows WHERE id > ? AND at >= ? AND at < ? LIMIT 1`).get(since, start, end) !== undefined;
}

/** Every (account, metric) that has ever had usage (a series outlives its rows when an import is undone). */
export function allUsagePairs(sqlite: Sqlite): UsagePair[] {
  return sqlite.prepare('SELECT account_id AS accountId, metric FROM usage_series ORDER BY account_id, metric').all() as UsagePair[];
}

const pairsMemo = new WeakMap<Sqlite, { seq: number; pairs: UsagePair[] }>();
onRollback((sqlite) => {
  memo.delete(sqlite);
  pairsMemo.delete(sqlite);
});

/** allUsagePairs, reused while no usage record was added (a deleted one only leaves a pair with no records). */
export function usagePairsOf(sqlite: Sqlite): UsagePair[] {
  const seq = usageSeq(sqlite);
  const known = pairsMemo.get(sqlite);
  if (known && known.seq === seq) return known.pairs;
  const pairs = allUsagePairs(sqlite);
  pairsMemo.set(sqlite, { seq, pairs });
  return pairs;
}

function parseDigits(text: string): number[] {
  const counts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 64;
    counts[d] = (counts[d] ?? 0) + 1;
  }
  for (let d = 0; d < counts.length; d++) counts[d] ??= 0;
  return counts;
}

function isOverflow(error: unknown): boolean {
  return error instanceof Error && /integer overflow/i.test(error.message);
}

function compute(sqlite: Sqlite, periodId: string): PeriodTotalsImpl {
  const p = parsePeriod(periodId);
  const figures = sqlite
    .prepare(
      `SELECT count(*) AS n, count(quantity_scaled) AS ns, sum(quantity_scaled) AS s, max(quantity_scaled) AS mx, min(quantity_scaled) AS mn,
              group_concat(char(64 + length(quantity_scaled)), '') AS digits
       FROM usage_records WHERE ${RANGE}`,
    )
    .safeIntegers(true);
  const counted = sqlite.prepare(`SELECT count(*) AS n, count(quantity_scaled) AS ns FROM usage_records WHERE ${RANGE}`).safeIntegers(true);
  const latest = sqlite
    .prepare(`SELECT ts, quantity_scaled AS q FROM usage_records WHERE ${RANGE} ORDER BY at DESC, quantity_scaled DESC LIMIT 1`)
    .safeIntegers(true);
  const out: PairTotals[] = [];
  // A period without records (a baseline month before the account existed) needs no pair list.
  const [start, end] = [atOfTs(p.startTs), atOfTs(p.endTs)];
  // Series by series (no index leads with the time): at most one probe per series when the period is empty.
  const empty = sqlite.prepare('SELECT 1 FROM usage_series s CROSS JOIN usage_rows u ON u.series_id = s.id AND u.at >= ? AND u.at < ? LIMIT 1').get(start, end) === undefined;
  for (const { accountId, metric } of empty ? [] : usagePairsOf(sqlite)) {
    const args = [accountId, metric, start, end] as const;
    let row: { n: bigint; ns: bigint; s: bigint | null; mx: bigint | null; mn: bigint | null; digits: string | null };
    try {
      row = figures.get(...args) as typeof row;
    } catch (error) {
      if (!isOverflow(error)) throw error;
      const c = counted.get(...args) as { n: bigint; ns: bigint };
      row = { n: c.n, ns: -1n, s: null, mx: null, mn: null, digits: null };
    }
    const records = Number(row.n);
    if (records === 0) continue;
    const exact = row.ns === row.n;
    const last = latest.get(...args) as { ts: string; q: bigint | null };
    out.push({
      accountId,
      metric,
      records,
      exact,
      sum: exact ? row.s : null,
      max: exact ? row.mx : null,
      min: exact ? row.mn : null,
      last: exact ? last.q : null,
      lastTs: last.ts,
      digits: exact && row.digits !== null ? parseDigits(row.digits) : null,
    });
  }
  return new PeriodTotalsImpl(sqlite, periodId, out, new Map());
}

/** Writes the period's totals and stamp atomically (a savepoint inside a caller's transaction). */
function store(sqlite: Sqlite, periodId: string, seq: number, totals: PeriodTotalsImpl): number {
  return sqlite.transaction(() => storeRows(sqlite, periodId, seq, totals))();
}

function storeRows(sqlite: Sqlite, periodId: string, seq: number, totals: PeriodTotalsImpl): number {
  sqlite.prepare('DELETE FROM usage_period_stamps WHERE period = ?').run(periodId);
  sqlite.prepare('DELETE FROM usage_period_totals WHERE period = ?').run(periodId);
  const insert = sqlite.prepare(`INSERT INTO usage_period_totals (period, ${PAIR_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const t of totals.pairs) insert.run(periodId, ...rowOfPair(t));
  return Number(
    sqlite.prepare('INSERT INTO usage_period_stamps (period, usage_seq, computed_at) VALUES (?, ?, ?)').run(periodId, seq, new Date().toISOString()).lastInsertRowid,
  );
}

function load(sqlite: Sqlite, periodId: string): PeriodTotalsImpl {
  const rows = sqlite
    .prepare(
      `SELECT ${PAIR_COLUMNS}, dup_groups FROM usage_period_totals WHERE period = ? ORDER BY account_id, metric`,
    )
    .safeIntegers(true)
    .raw()
    .all(periodId) as [...StoredPair, bigint | null][];
  const pairs: PairTotals[] = [];
  const dups = new Map<string, number | null>();
  for (const row of rows) {
    const pair = pairOfRow(row.slice(0, -1) as StoredPair);
    const dupGroups = row.at(-1) as bigint | null;
    pairs.push(pair);
    // NULL: not counted yet, or the pair was merged by an import since; an inexact pair's null is counted again (no scan).
    if (dupGroups !== null) dups.set(pairKey(pair.accountId, pair.metric), Number(dupGroups));
  }
  return new PeriodTotalsImpl(sqlite, periodId, pairs, dups);
}

/**
 * Per pair asked for, how many groups of records share ts and scaled quantity:
 * a stream over the index order (ts, quantity_scaled), no sort. A pair that is
 * not exact gets null (the reader groups its TEXT quantities itself).
 */
function computeDupGroups(sqlite: Sqlite, periodId: string, pairs: readonly PairTotals[]): Map<string, number | null> {
  const p = parsePeriod(periodId);
  const stmt = sqlite
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM usage_records WHERE ${RANGE} GROUP BY at, quantity_scaled HAVING count(*) > 1)`)
    .pluck();
  const update = canWrite(sqlite) ? sqlite.prepare('UPDATE usage_period_totals SET dup_groups = ? WHERE period = ? AND account_id = ? AND metric = ?') : null;
  const out = new Map<string, number | null>();
  const count = () => {
    for (const pair of pairs) {
      // One record is never a group; an inexact pair is grouped from its TEXT quantities by the reader.
      const groups = !pair.exact ? null : pair.records < 2 ? 0 : (stmt.get(pair.accountId, pair.metric, atOfTs(p.startTs), atOfTs(p.endTs)) as number);
      out.set(pairKey(pair.accountId, pair.metric), groups);
      if (groups !== null) update?.run(groups, periodId, pair.accountId, pair.metric);
    }
  };
  if (update) sqlite.transaction(count)();
  else count();
  return out;
}
