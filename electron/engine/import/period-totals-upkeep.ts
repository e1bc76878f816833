/**
 * Keeps usage_period_totals current while usage is imported into a period
 * whose totals are in use (issue 18), so the re-rating and detection that
 * follow read its totals instead of scanning all its rows again (at ten
 * million rows that scan is most of a run).
 *
 * The writer names each record's period before inserting it; at the end of
 * the file the records it stored (the ids after the file's first, one run:
 * import-file.ts) are read back in one pass along the table, with the scaled
 * quantity SQLite itself computed for each (the generated column: no second
 * implementation of the scaling to drift from the one compute() aggregates).
 * One sequential pass, not a read per record: a lookup per row added 1.6 s to
 * a million-row import. Each touched period's figures are merged into its
 * cached totals, in the import's own transaction, so a cancelled or failed
 * import leaves the cache exactly as it was.
 *
 * A period is only kept current when its totals were in use and right just
 * before its first record in this file: its stamp was valid (no record of the
 * period added since it was computed). That is the case it pays for: a small
 * file into a big period a reviewer already rated, whose totals would
 * otherwise be computed again from all its rows. A period never computed is
 * left to be computed on first use: measured on a million-row import into an
 * empty month, keeping it current cost the import 1.4 s, more than the scan
 * that computes it on first use (about 0.85 s). A stale stamp is left alone
 * too, and computed on first use, as before. The merge is the same arithmetic compute() does over all rows (count, exact
 * integer sum raising past 64 bits, max, min, latest with ties to the larger
 * quantity, digit histogram), so merged and recomputed totals are equal; the
 * tests compare them on every import they make. It sits in import/, below
 * rating/ (whose period-totals.ts reads what it writes), because the importer
 * calls it. Duplicate groups (the duplicate_usage rule) cannot be merged
 * without looking at old rows, so a merged pair's count goes back to unknown
 * and is recounted for that pair alone when the rule asks.
 */
import type { Sqlite } from '../../../db/open';
import { parsePeriod } from '../../../shared/period';
import { PAIR_COLUMNS, pairOfRow, rowOfPair, usageSeq, type PairTotals, type StoredPair } from '../pair-totals';
import { atOfTs } from '../usage-time';

const INT64_MAX = 9_223_372_036_854_775_807n;


interface PeriodWork {
  /** whether the period's totals were valid when its first record of the file arrived, so they are kept current */
  kept: boolean;
  pairs: Map<string, PairTotals>;
}

const pairKey = (accountId: string, metric: string) => `${accountId}\u0000${metric}`;

export interface ImportedTotals {
  /** before a record of `period` is inserted: decides, on the period's first record, whether it can be kept current */
  see(period: string): void;
  /** reads the records the file stored, merges them into the cached totals and stamps them; call once, after the file's last record */
  commit(): void;
}

/** `before`: the largest usage record id before this file (its records take the ids after it). */
export function importedTotals(sqlite: Sqlite, before: number): ImportedTotals {
  const periods = new Map<string, PeriodWork>();
  const stampOf = sqlite.prepare('SELECT usage_seq AS seq FROM usage_period_stamps WHERE period = ?');
  // Bounded to records older than this file: none of the file's own records of the period exist yet.
  const addedSince = sqlite.prepare('SELECT 1 FROM usage_rows WHERE id > ? AND id <= ? AND at >= ? AND at < ? LIMIT 1');

  const validStamp = (period: string): boolean => {
    const p = parsePeriod(period);
    const stamp = stampOf.get(period) as { seq: number } | undefined;
    return stamp !== undefined && addedSince.get(stamp.seq, before, atOfTs(p.startTs), atOfTs(p.endTs)) === undefined;
  };

  return {
    see(period) {
      if (!periods.has(period)) periods.set(period, { kept: validStamp(period), pairs: new Map() });
    },
    commit() {
      if ([...periods.values()].some((work) => work.kept)) {
        const stored = sqlite.prepare('SELECT account_id, metric, ts, quantity_scaled FROM usage_records WHERE id > ?').raw().safeIntegers(true);
        for (const [accountId, metric, ts, scaled] of stored.iterate(before) as IterableIterator<[string, string, string, bigint | null]>) {
          const work = periods.get(ts.slice(0, 7))!;
          if (!work.kept) continue;
          const k = pairKey(accountId, metric);
          const figures = work.pairs.get(k);
          if (figures) addRecord(figures, scaled, ts);
          else work.pairs.set(k, firstRecord(accountId, metric, scaled, ts));
        }
      }
      const seq = usageSeq(sqlite);
      for (const [period, work] of periods) {
        if (work.kept && work.pairs.size > 0) store(sqlite, period, work, seq);
      }
      periods.clear();
    },
  };
}

function firstRecord(accountId: string, metric: string, scaled: bigint | null, ts: string): PairTotals {
  const exact = scaled !== null;
  const digits: number[] = [];
  if (exact) countDigits(digits, scaled);
  return { accountId, metric, records: 1, exact, sum: scaled, max: scaled, min: scaled, last: scaled, lastTs: ts, digits: exact ? digits : null };
}

function countDigits(digits: number[], scaled: bigint): void {
  const d = String(scaled).length;
  for (let i = digits.length; i <= d; i++) digits[i] = 0;
  digits[d]! += 1;
}

/** One more record of the pair: the running figures, exactly as compute() would find them over all records. */
function addRecord(f: PairTotals, scaled: bigint | null, ts: string): void {
  f.records += 1;
  if (f.exact && scaled !== null) {
    const sum = f.sum! + scaled;
    if (sum > INT64_MAX) markInexact(f);
    else {
      f.sum = sum;
      if (scaled > f.max!) f.max = scaled;
      if (scaled < f.min!) f.min = scaled;
      if (ts > f.lastTs || (ts === f.lastTs && scaled > f.last!)) f.last = scaled;
      countDigits(f.digits!, scaled);
    }
  } else if (f.exact) markInexact(f);
  if (ts > f.lastTs) f.lastTs = ts;
}

function markInexact(f: PairTotals): void {
  f.exact = false;
  f.sum = f.max = f.min = f.last = null;
  f.digits = null;
}

/** The stored figures of a pair and this file's, as one pair's totals. */
function merged(old: PairTotals, added: PairTotals): PairTotals {
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

/** Writes the period's merged pairs and a new stamp (a new id, so a connection's memo of the old totals is dropped). */
function store(sqlite: Sqlite, period: string, work: PeriodWork, seq: number): void {
  const stored = sqlite.prepare(`SELECT ${PAIR_COLUMNS} FROM usage_period_totals WHERE period = ? AND account_id = ? AND metric = ?`).safeIntegers(true).raw();
  const write = sqlite.prepare(`INSERT OR REPLACE INTO usage_period_totals (period, ${PAIR_COLUMNS}, dup_groups) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`);
  for (const added of work.pairs.values()) {
    const row = stored.get(period, added.accountId, added.metric) as StoredPair | undefined;
    write.run(period, ...rowOfPair(row ? merged(pairOfRow(row), added) : added));
  }
  sqlite.prepare('DELETE FROM usage_period_stamps WHERE period = ?').run(period);
  sqlite.prepare('INSERT INTO usage_period_stamps (period, usage_seq, computed_at) VALUES (?, ?, ?)').run(period, seq, new Date().toISOString());
}
