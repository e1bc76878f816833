/**
 * A usage file's figures per (period, account, metric), added up as its rows
 * are validated: count, exact sum, max, min, the latest record (ties to the
 * larger quantity) and the digit histogram, the same arithmetic
 * rating/period-totals.ts compute() does over a period's rows. The import
 * merges them into usage_period_totals at its end
 * (period-totals-upkeep.ts), so the first rating of a freshly imported month
 * reads totals instead of scanning it.
 *
 * Why here and not read back from SQLite: the read worker validates a big
 * file on the second core while the writer inserts (read-worker.ts), so the
 * adding up (~0.13 s a million rows) runs beside the inserts; a read-back of
 * a million rows cost the writer 1.4 s, a scan of the month 0.4–0.75 s
 * (DECISIONS.md, issue 18, step 8). The worker adds every valid row it posts;
 * the few a writer then finds to be duplicates are handled by the upkeep.
 *
 * Kept as plain Maps of plain objects: they cross from the worker by
 * structured clone (bigints included).
 */
import type { PairTotals } from '../pair-totals';
import { scaledQuantity } from '../quantity-scaled';
import { tsOfAt } from '../usage-time';

const INT64_MAX = 9_223_372_036_854_775_807n;

/** A scaled figure: a Number while below 2^53 (scaledQuantity), a bigint past it; compared as either. */
type Scaled = number | bigint;

/**
 * One pair's running figures in one period; `lastAt` in ms (a timestamp string per row would cost).
 * Numbers where they fit: on a million rows BigInt arithmetic was most of the adding up's cost.
 */
export interface RunningFigures {
  accountId: string;
  metric: string;
  records: number;
  exact: boolean;
  sum: Scaled | null;
  max: Scaled | null;
  min: Scaled | null;
  last: Scaled | null;
  lastAt: number;
  digits: number[] | null;
}

/**
 * The pairs a file's figures are kept for. A real file holds thousands; a hostile one could hold a
 * million accounts, and each pair's figures take ~250 bytes on the worker and again in the writer.
 * Past this many the figures are given up (`gaveUp`) and the months are computed on first use.
 */
export const MAX_PAIRS = 100_000;

export interface FileFigures {
  /** period → account → metric → figures (nested, so a row builds no key string) */
  periods: Map<string, Map<string, Map<string, RunningFigures>>>;
  pairs: number;
  /** more than MAX_PAIRS pairs: nothing is kept */
  gaveUp: boolean;
}

export function emptyFigures(): FileFigures {
  return { periods: new Map(), pairs: 0, gaveUp: false };
}

/** One more record of the file: `quantity` as stored (its scaled form computed as SQLite does). */
export function addRecord(figures: FileFigures, period: string, accountId: string, metric: string, quantity: string, at: number): void {
  addScaled(figures, period, accountId, metric, scaledQuantity(quantity), at);
}

/** One more record, its scaled quantity already known (null: no exact scaled form). */
export function addScaled(figures: FileFigures, period: string, accountId: string, metric: string, scaled: Scaled | null, at: number): void {
  if (figures.gaveUp) return;
  let accounts = figures.periods.get(period);
  if (!accounts) figures.periods.set(period, (accounts = new Map<string, Map<string, RunningFigures>>()));
  let metrics = accounts.get(accountId);
  if (!metrics) accounts.set(accountId, (metrics = new Map<string, RunningFigures>()));
  const f = metrics.get(metric);
  if (f) addTo(f, scaled, at);
  else if (++figures.pairs > MAX_PAIRS) {
    figures.gaveUp = true;
    figures.periods.clear();
  } else metrics.set(metric, first(accountId, metric, scaled, at));
}

/** The pairs of one period, in no particular order. */
export function* periodPairs(figures: FileFigures, period: string): Generator<RunningFigures> {
  for (const metrics of figures.periods.get(period)?.values() ?? []) yield* metrics.values();
}

/** One pair's figures in a period, if the file has any. */
export function pairFigures(figures: FileFigures, period: string, accountId: string, metric: string): RunningFigures | undefined {
  return figures.periods.get(period)?.get(accountId)?.get(metric);
}

function first(accountId: string, metric: string, scaled: Scaled | null, at: number): RunningFigures {
  const exact = scaled !== null;
  const digits: number[] = [];
  if (exact) countDigits(digits, scaled);
  return { accountId, metric, records: 1, exact, sum: scaled, max: scaled, min: scaled, last: scaled, lastAt: at, digits: exact ? digits : null };
}

const POWERS = Array.from({ length: 16 }, (_, d) => 10 ** d);

/** digits[d] += 1 for a value of d digits (SQLite's length() of the integer) */
function countDigits(digits: number[], scaled: Scaled): void {
  let d: number;
  if (typeof scaled === 'number') for (d = 1; d < POWERS.length && scaled >= POWERS[d]!; d++);
  else d = String(scaled).length;
  for (let i = digits.length; i <= d; i++) digits[i] = 0;
  digits[d]! += 1;
}

function plus(a: Scaled, b: Scaled): Scaled {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (sum <= Number.MAX_SAFE_INTEGER) return sum;
  }
  return BigInt(a) + BigInt(b);
}

function addTo(f: RunningFigures, scaled: Scaled | null, at: number): void {
  f.records += 1;
  if (f.exact && scaled !== null) {
    const sum = plus(f.sum!, scaled);
    if (typeof sum === 'bigint' && sum > INT64_MAX) markInexact(f);
    else {
      f.sum = sum;
      if (scaled > f.max!) f.max = scaled;
      if (scaled < f.min!) f.min = scaled;
      if (at > f.lastAt || (at === f.lastAt && scaled > f.last!)) f.last = scaled;
      countDigits(f.digits!, scaled);
    }
  } else if (f.exact) markInexact(f);
  if (at > f.lastAt) f.lastAt = at;
}

function markInexact(f: RunningFigures): void {
  f.exact = false;
  f.sum = f.max = f.min = f.last = null;
  f.digits = null;
}

const big = (v: Scaled | null): bigint | null => (v === null ? null : BigInt(v));

/** As a period's stored pair (PairTotals). */
export function asPairTotals(f: RunningFigures): PairTotals {
  return { accountId: f.accountId, metric: f.metric, records: f.records, exact: f.exact, sum: big(f.sum), max: big(f.max), min: big(f.min), last: big(f.last), lastTs: tsOfAt(f.lastAt), digits: f.digits };
}

/** Two pairs' figures over disjoint records, as one pair's: the same arithmetic as adding the records one by one. */
export function mergedPair(old: PairTotals, added: PairTotals): PairTotals {
  const records = old.records + added.records;
  const lastTs = added.lastTs > old.lastTs ? added.lastTs : old.lastTs;
  const sum = old.exact && added.exact ? old.sum! + added.sum! : null;
  if (sum === null || sum > INT64_MAX) return { ...added, records, exact: false, sum: null, max: null, min: null, last: null, lastTs, digits: null };
  const last = added.lastTs > old.lastTs ? added.last : added.lastTs < old.lastTs ? old.last : added.last! > old.last! ? added.last : old.last;
  const length = Math.max(old.digits!.length, added.digits!.length);
  const digits = Array.from({ length }, (_, d) => (old.digits![d] ?? 0) + (added.digits![d] ?? 0));
  return {
    accountId: added.accountId,
    metric: added.metric,
    records,
    exact: true,
    sum,
    max: added.max! > old.max! ? added.max : old.max,
    min: added.min! < old.min! ? added.min : old.min,
    last,
    lastTs,
    digits,
  };
}
