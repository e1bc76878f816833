/**
 * The one SQL projection of a source row (shared/api.ts SourceRow: what the
 * app shows of a usage record or a time entry, with the file it came from),
 * for every query that lists source rows: a line's rows, an anomaly's rows,
 * a period's unbilled rows. The row's table is aliased as given; its import
 * batch must be joined as `b`.
 */

/** SourceRow columns of a usage_records row aliased `row`. */
export function usageSourceColumns(row: string): string {
  return `'usage' AS source_kind, ${row}.id, b.file_name AS file, ${row}.line, ${row}.account_id, ${row}.metric AS item, ${row}.quantity, ${row}.ts AS "when", ${row}.event_id AS external_id, NULL AS person`;
}

/** SourceRow columns of a time_entries row aliased `row` (item: kind, then the role if any). */
export function hoursSourceColumns(row: string): string {
  return `'hours' AS source_kind, ${row}.id, b.file_name AS file, ${row}.line, ${row}.account_id, ${row}.kind || coalesce(' / ' || ${row}.role, '') AS item, ${row}.hours AS quantity, ${row}.date AS "when", ${row}.entry_id AS external_id, ${row}.person`;
}
