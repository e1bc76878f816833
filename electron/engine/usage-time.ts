/**
 * A usage row's instant is stored as `at`, integer milliseconds since 1970-01-01T00:00:00Z
 * (db/schema.ts usage_rows); everywhere else, and in the usage_records view, it is the canonical
 * ISO string (shared/period.ts normalizeTimestamp: YYYY-MM-DDTHH:MM:SS.sssZ). Both carry exactly
 * milliseconds, so the conversions here are exact both ways. A leaf: import/, rating/, anomalies/
 * and review/ all compare rows with text bounds.
 */

/**
 * Midnight of each day seen, as `at`. The import converts every row's timestamp (a million per file) and
 * a file spans few days, so a canonical timestamp is its day's midnight plus digits read in place:
 * Date.parse per row was 0.75 s of a million-row import.
 */
const midnights = new Map<string, number>();

/** The digit at `i`, or NaN when it is not one (so any sum it enters is NaN too). */
export function digitAt(ts: string, i: number): number {
  const d = ts.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

/** `at` of a canonical timestamp (or a YYYY-MM-DD date, read as its midnight UTC). */
export function atOfTs(ts: string): number {
  let at = NaN;
  if (ts.length === 24 && ts.charCodeAt(10) === 84 /* T */ && ts.charCodeAt(13) === 58 && ts.charCodeAt(16) === 58 && ts.charCodeAt(19) === 46 && ts.charCodeAt(23) === 90 /* Z */) {
    const hh = digitAt(ts, 11) * 10 + digitAt(ts, 12);
    const mi = digitAt(ts, 14) * 10 + digitAt(ts, 15);
    const ss = digitAt(ts, 17) * 10 + digitAt(ts, 18);
    const ms = digitAt(ts, 20) * 100 + digitAt(ts, 21) * 10 + digitAt(ts, 22);
    // Out-of-range or non-digit fields are left to Date.parse, so every string reads as it always did.
    if (hh <= 23 && mi <= 59 && ss <= 59 && ms >= 0) {
      const day = ts.slice(0, 10);
      let midnight = midnights.get(day);
      if (midnight === undefined) {
        midnight = Date.parse(`${day}T00:00:00.000Z`);
        if (midnights.size > 100_000) midnights.clear();
        midnights.set(day, midnight);
      }
      at = midnight + ((hh * 60 + mi) * 60 + ss) * 1000 + ms;
    }
  }
  if (Number.isNaN(at)) at = Date.parse(ts.length === 10 ? `${ts}T00:00:00.000Z` : ts);
  if (!Number.isInteger(at)) throw new Error(`not a timestamp: ${ts}`);
  return at;
}

/** The canonical timestamp of an `at`. */
export function tsOfAt(at: number): string {
  return new Date(at).toISOString();
}

/**
 * SQL for the `at` of a canonical timestamp (or date) held by `expr`, a parameter or a column: whole
 * seconds from unixepoch (exact integer arithmetic for any year) plus the milliseconds. A bound
 * parameter makes it a constant SQLite evaluates once per statement, so `at >= ${atSql('@start')}`
 * is still an index range.
 */
export function atSql(expr: string): string {
  return `(unixepoch(substr(${expr}, 1, 19)) * 1000 + CAST(substr(${expr}, 21, 3) AS INTEGER))`;
}

/** SQL for the canonical timestamp of the `at` held by `expr`: the usage_records view's `ts` (db/migrations/0015), for reads of the stored table. */
export function tsSql(expr: string): string {
  return `strftime('%Y-%m-%dT%H:%M:%fZ', ${expr} / 1000.0, 'unixepoch')`;
}

export const DAY_MS = 86_400_000;

/** SQL for the day number (days since 1970-01-01, floored: before 1970 too) of the `at` held by `expr`. */
export function daySql(expr: string): string {
  return `(CASE WHEN ${expr} >= 0 THEN ${expr} / ${DAY_MS} ELSE (${expr} - ${DAY_MS - 1}) / ${DAY_MS} END)`;
}
