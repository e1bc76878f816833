/**
 * Keeps usage_period_totals current while usage is imported (issue 18), so
 * the rating and detection that follow read a period's totals instead of
 * scanning all its rows (at ten million rows that scan is most of a run).
 *
 * The file's figures per period and pair are added up as its rows are
 * validated (usage-figures.ts): by the read worker for a big file, beside the
 * inserts, or by the writer for rows it validates itself. At the end of the
 * file they are merged into the cached totals, in the import's own
 * transaction, so a cancelled or failed import leaves the cache exactly as it
 * was. The arithmetic is compute()'s (count, exact integer sum raising past
 * 64 bits, max, min, latest with ties to the larger quantity, digit
 * histogram), so kept and recomputed totals are equal; the tests compare them
 * on every import they make.
 *
 * A period is kept current when, just before its first record in this file:
 * - its totals were in use and right: its stamp was valid (no record of the
 *   period added since it was computed); the file's figures are merged in; or
 * - it had no records at all: the file's figures are the period's totals.
 *   The old totals of such a period (of records since deleted) are dropped.
 * Any other period (records whose totals were never computed, or a stale
 * stamp) is left to be computed on first use, as before, and so is every
 * period of a file with more pairs than its figures are kept for.
 *
 * The worker adds every valid row it posts; a row the writer then finds to
 * be a duplicate was not stored, and a count or a maximum cannot be taken
 * back, so the writer names the pair and period (`duplicate`), and those
 * pairs' figures are added up again from the rows the file did store, read
 * along usage_series_at. Duplicate groups (the duplicate_usage rule) cannot be
 * merged without looking at old rows, so a written pair's count goes back to
 * unknown and is recounted for that pair alone when the rule asks.
 *
 * Measured (DECISIONS.md, issue 18, step 8): a million-row import into an
 * empty month no longer leaves the month's scan (~0.75 s) to the first rating.
 * It sits in import/, below rating/ (whose period-totals.ts reads what it
 * writes), because the importer calls it.
 */
import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../../db/open';
import { parsePeriod } from '../../../shared/period';
import { PAIR_COLUMNS, pairKey, pairOfRow, rowOfPair, usageSeq, type PairTotals, type StoredPair, type UsagePair } from '../pair-totals';
import { atOfTs } from '../usage-time';
import { addScaled, asPairTotals, emptyFigures, mergedPair, pairFigures, periodPairs, type FileFigures } from './usage-figures';

/** How a period's totals are kept current by this file. */
type Keeping = 'merge' | 'fresh' | null;

export interface ImportedTotals {
  /** before a record of `period` is inserted: decides, on the period's first record, whether it can be kept current */
  see(period: string): void;
  /** a record the read worker added to its figures was a duplicate, not stored */
  duplicate(period: string, accountId: string, metric: string): void;
  /**
   * Merges the file's figures (the writer's and the read worker's, over disjoint records) into the
   * cached totals and stamps them; call once, after the file's last record.
   */
  commit(...figures: FileFigures[]): void;
}

/** `before`: the largest usage record id before this file (its records take the ids after it). */
export function importedTotals(sqlite: Sqlite, before: number): ImportedTotals {
  const periods = new Map<string, Keeping>();
  /** period → the pairs with a duplicate, by key */
  const redo = new Map<string, Map<string, UsagePair>>();
  /** a pair's records of a period stored by this file (the duplicates' recount), prepared on first need */
  let stored: Statement | undefined;
  const stampOf = sqlite.prepare('SELECT usage_seq AS seq FROM usage_period_stamps WHERE period = ?');
  // Bounded to records older than this file: none of the file's own records of the period exist yet.
  const addedSince = sqlite.prepare('SELECT 1 FROM usage_rows WHERE id > ? AND id <= ? AND at >= ? AND at < ? LIMIT 1');
  // Series by series (no index leads with the time): one probe per series, each an empty range when the period is.
  const anyBefore = sqlite.prepare('SELECT 1 FROM usage_series s CROSS JOIN usage_rows u ON u.series_id = s.id AND u.at >= ? AND u.at < ? WHERE u.id <= ? LIMIT 1');

  const keeping = (period: string): Keeping => {
    const p = parsePeriod(period);
    const [start, end] = [atOfTs(p.startTs), atOfTs(p.endTs)];
    const stamp = stampOf.get(period) as { seq: number } | undefined;
    if (stamp !== undefined && addedSince.get(stamp.seq, before, start, end) === undefined) return 'merge';
    return anyBefore.get(start, end, before) === undefined ? 'fresh' : null;
  };

  return {
    see(period) {
      if (!periods.has(period)) periods.set(period, keeping(period));
    },
    duplicate(period, accountId, metric) {
      if (!periods.get(period)) return;
      let pairs = redo.get(period);
      if (!pairs) redo.set(period, (pairs = new Map<string, UsagePair>()));
      pairs.set(pairKey(accountId, metric), { accountId, metric });
    },
    commit(...figures) {
      // Too many pairs to add up (usage-figures.ts MAX_PAIRS): every month is left to its first use.
      if (figures.some((f) => f.gaveUp)) periods.clear();
      const seq = usageSeq(sqlite);
      const storedRows = () =>
        (stored ??= sqlite
          .prepare(
            `SELECT u.at, u.quantity_scaled FROM usage_series s JOIN usage_rows u ON u.series_id = s.id
             WHERE s.account_id = ? AND s.metric = ? AND u.at >= ? AND u.at < ? AND u.id > ?`,
          )
          .raw()
          .safeIntegers(true));
      for (const [period, how] of periods) {
        if (!how) continue;
        const pairs = filePairs(period, figures);
        for (const [k, pair] of redo.get(period) ?? []) recount(storedRows(), before, period, k, pair, pairs);
        if (pairs.size > 0) store(sqlite, period, how, [...pairs.values()], seq);
      }
      periods.clear();
      redo.clear();
    },
  };
}

/** The period's figures from each source, merged pair by pair. */
function filePairs(period: string, sources: FileFigures[]): Map<string, PairTotals> {
  const pairs = new Map<string, PairTotals>();
  for (const source of sources) {
    for (const f of periodPairs(source, period)) {
      const k = pairKey(f.accountId, f.metric);
      const t = asPairTotals(f);
      const known = pairs.get(k);
      pairs.set(k, known ? mergedPair(known, t) : t);
    }
  }
  return pairs;
}

/** A pair with a duplicate: its figures again, from the records the file stored (SQLite's own scaled quantities). */
function recount(stored: Statement, before: number, period: string, k: string, { accountId, metric }: UsagePair, pairs: Map<string, PairTotals>): void {
  const p = parsePeriod(period);
  const again = emptyFigures();
  for (const [at, scaled] of stored.iterate(accountId, metric, atOfTs(p.startTs), atOfTs(p.endTs), before) as IterableIterator<[bigint, bigint | null]>) {
    addScaled(again, period, accountId, metric, scaled, Number(at));
  }
  const f = pairFigures(again, period, accountId, metric);
  if (f) pairs.set(k, asPairTotals(f));
  else pairs.delete(k);
}

/** Writes the period's pairs and a new stamp (a new id, so a connection's memo of the old totals is dropped). */
function store(sqlite: Sqlite, period: string, how: 'merge' | 'fresh', pairs: PairTotals[], seq: number): void {
  if (how === 'fresh') sqlite.prepare('DELETE FROM usage_period_totals WHERE period = ?').run(period);
  const stored = sqlite.prepare(`SELECT ${PAIR_COLUMNS} FROM usage_period_totals WHERE period = ? AND account_id = ? AND metric = ?`).safeIntegers(true).raw();
  const write = sqlite.prepare(`INSERT OR REPLACE INTO usage_period_totals (period, ${PAIR_COLUMNS}, dup_groups) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`);
  for (const added of pairs) {
    const row = how === 'merge' ? (stored.get(period, added.accountId, added.metric) as StoredPair | undefined) : undefined;
    write.run(period, ...rowOfPair(row ? mergedPair(pairOfRow(row), added) : added));
  }
  sqlite.prepare('DELETE FROM usage_period_stamps WHERE period = ?').run(period);
  sqlite.prepare('INSERT INTO usage_period_stamps (period, usage_seq, computed_at) VALUES (?, ?, ?)').run(period, seq, new Date().toISOString());
}
