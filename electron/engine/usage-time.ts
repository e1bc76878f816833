/**
 * A usage row's instant is stored as `at`, integer milliseconds since 1970-01-01T00:00:00Z
 * (db/schema.ts usage_rows); everywhere else, and in the usage_records view, it is the canonical
 * ISO string (shared/period.ts normalizeTimestamp: YYYY-MM-DDTHH:MM:SS.sssZ). Both carry exactly
 * milliseconds, so the conversions here are exact both ways. A leaf: import/, rating/, anomalies/
 * and review/ all compare rows with text bounds.
 */

/** `at` of a canonical timestamp (or a YYYY-MM-DD date, read as its midnight UTC). */
export function atOfTs(ts: string): number {
  const at = Date.parse(ts.length === 10 ? `${ts}T00:00:00.000Z` : ts);
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

export const DAY_MS = 86_400_000;

/** SQL for the day number (days since 1970-01-01, floored: before 1970 too) of the `at` held by `expr`. */
export function daySql(expr: string): string {
  return `(CASE WHEN ${expr} >= 0 THEN ${expr} / ${DAY_MS} ELSE (${expr} - ${DAY_MS - 1}) / ${DAY_MS} END)`;
}
