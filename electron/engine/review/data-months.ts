/**
 * The months that have data, for app.status's period list. A DISTINCT substr(ts, 1, 7) over every
 * usage record read a whole index: 206 ms of the grid's first request on a 1M-row book,
 * growing with the book (~3 s at 10M). Time entries' months are found instead by a skip-scan along
 * the index that leads with the date: min(date) at or after the previous month's successor, one
 * index probe per month that has rows, whatever the number of rows; usage months are recorded per
 * import.
 */
import type { Sqlite } from '../../../db/open';

/** A month's prefix ("2026-10"); every text with that prefix sorts below this, and every later prefix at or above it. */
function prefixSuccessor(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * The distinct substr(column, 1, 7) of `table`, ascending: the same set as SELECT DISTINCT for
 * canonical dates and timestamps (at least 7 ASCII characters). `column` must lead an index of
 * `table`; both are this module's callers' constants, never input.
 */
function monthsAlongIndex(sqlite: Sqlite, table: string, column: string): string[] {
  const next = sqlite.prepare(`SELECT substr(min(${column}), 1, 7) FROM ${table} WHERE ${column} >= ?`).pluck();
  const months: string[] = [];
  for (let month = next.get('') as string | null; month !== null; month = next.get(prefixSuccessor(month)) as string | null) months.push(month);
  return months;
}

/**
 * The months of the usage imports not undone, as each import recorded them (import_batches.periods):
 * no index leads with a usage row's time (db/schema.ts), so a skip-scan would be one probe per
 * series and month, ~40 ms a month on a 10k-series book; the imports are few.
 */
function usageMonths(sqlite: Sqlite): string[] {
  return sqlite
    .prepare("SELECT DISTINCT m.value FROM import_batches b, json_each(b.periods) m WHERE b.kind = 'usage' AND b.status = 'complete'")
    .pluck()
    .all() as string[];
}

/** Every month with usage records, time entries, usage rollups or invoices, latest first. */
export function monthsWithData(sqlite: Sqlite): string[] {
  const months = new Set([...usageMonths(sqlite), ...monthsAlongIndex(sqlite, 'time_entries', 'date')]);
  // Rollups (one row per account, metric and day) and invoices are small tables: no index leads with their month.
  const rest = sqlite.prepare('SELECT DISTINCT substr(day, 1, 7) FROM usage_rollups UNION SELECT DISTINCT period FROM invoices').pluck().all() as string[];
  for (const month of rest) months.add(month);
  return [...months].sort().reverse();
}
