/**
 * Exact sums of decimal TEXT columns inside SQLite, for the review screens'
 * aggregates over many rows (20,000 invoices, a million usage records).
 *
 * SQLite's SUM over REAL is not exact, so each value is turned into an INTEGER
 * of millionths (the same idea as usage_records.quantity_scaled) and summed in
 * C with integer arithmetic, which raises on overflow instead of rounding. A
 * value that does not fit (more than 6 decimals or 12 integer digits) scales to
 * NULL: such rows are fetched and added with decimal.js, so the result is
 * always exact, only slower for unusual data.
 */
import type { Sqlite } from '../../../db/open';
import { Decimal, dec } from '../../../shared/money';
import { fromScaled } from '../scaled-decimal';

/**
 * SQL: the signed decimal text in `column` as an INTEGER of millionths, or NULL
 * when that is not exact (more than 6 decimals or 12 integer digits). The text is
 * a contract decimal (`-?digits(.digits)?`), as everything the engine stores is.
 */
export function scaledSql(column: string): string {
  const x = column;
  return `(CASE WHEN (CASE WHEN instr(${x}, '.') = 0 THEN length(${x}) ELSE instr(${x}, '.') - 1 END) - (substr(${x}, 1, 1) = '-') BETWEEN 1 AND 12
    THEN CAST(replace(${x}, '.', '') AS INTEGER) * (CASE WHEN instr(${x}, '.') = 0 THEN 1000000 ELSE CASE length(${x}) - instr(${x}, '.')
      WHEN 1 THEN 100000 WHEN 2 THEN 10000 WHEN 3 THEN 1000 WHEN 4 THEN 100 WHEN 5 THEN 10 WHEN 6 THEN 1 END END) END)`;
}

/** One value column to sum: its exact INTEGER millionths expression (NULL when inexact) and its TEXT. */
export interface SumColumn {
  scaled: string;
  text: string;
}

export const moneyColumn = (column: string): SumColumn => ({ scaled: scaledSql(column), text: column });

export interface GroupSum {
  /** the group's key values, in the order of `keys` */
  key: (string | number | null)[];
  rows: number;
  sums: Decimal[];
}

const norm = (v: unknown): string | number | null => (typeof v === 'bigint' ? Number(v) : (v as string | number | null));

/**
 * Exact grouped sums: `SELECT keys, count(*), sum(each value) FROM … GROUP BY keys`.
 * `from` is the FROM/JOIN part and must end with its WHERE clause (use `WHERE 1`
 * for none; named parameters allowed); `keys` are SQL expressions (none: one
 * group over everything, returned even when it has no rows).
 */
export function groupedSums(sqlite: Sqlite, from: string, keys: string[], values: SumColumn[], params: Record<string, unknown> = {}): GroupSum[] {
  const keyList = keys.map((k, i) => `${k} AS k${i}`);
  const groupBy = keys.length ? `GROUP BY ${keys.map((_, i) => `k${i}`).join(', ')}` : '';
  // The inner query computes each scaled value once (LIMIT -1 keeps SQLite from flattening it into the aggregate).
  const inner = [...keyList, ...values.map((v, i) => `${v.scaled} AS v${i}`)];
  const outer = [...keys.map((_, i) => `k${i}`), 'count(*) AS n', ...values.flatMap((_, i) => [`sum(v${i}) AS s${i}`, `count(*) - count(v${i}) AS b${i}`])];
  const groups = new Map<string, GroupSum>();
  let inexact = false;
  let rows: Record<string, unknown>[];
  try {
    rows = sqlite
      .prepare(`SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(', ')} ${from} LIMIT -1) ${groupBy}`)
      .safeIntegers(true)
      .all(params) as Record<string, unknown>[];
  } catch (error) {
    // Integer overflow: more than 9.2 × 10^12 units in one group. Sum every row's text instead.
    if (!(error instanceof Error) || !/overflow/i.test(error.message)) throw error;
    return slowSums(sqlite, from, keys, values, params);
  }
  for (const row of rows) {
    const key = keys.map((_, i) => norm(row[`k${i}`]));
    const sums = values.map((_, i) => fromScaled(row[`s${i}`] as bigint | null));
    if (values.some((_, i) => Number(row[`b${i}`] ?? 0) > 0)) inexact = true;
    groups.set(JSON.stringify(key), { key, rows: Number(row.n), sums });
  }
  if (inexact) {
    // The few values the integer path could not hold: add their exact text.
    const missing = values.map((v) => `${v.scaled} IS NULL`).join(' OR ');
    const where = `${from} AND (${missing})`;
    const extra = sqlite
      .prepare(`SELECT ${[...keyList, ...values.map((v, i) => `${v.scaled} IS NULL AS m${i}`), ...values.map((v, i) => `${v.text} AS t${i}`)].join(', ')} ${where}`)
      .safeIntegers(true)
      .all(params) as Record<string, unknown>[];
    for (const row of extra) {
      const group = groups.get(JSON.stringify(keys.map((_, i) => norm(row[`k${i}`]))));
      if (!group) continue;
      values.forEach((_, i) => {
        if (Number(row[`m${i}`]) === 1) group.sums[i] = (group.sums[i] as Decimal).plus(dec(String(row[`t${i}`])));
      });
    }
  }
  return [...groups.values()];
}

function slowSums(sqlite: Sqlite, from: string, keys: string[], values: SumColumn[], params: Record<string, unknown>): GroupSum[] {
  const groups = new Map<string, GroupSum>();
  const select = [...keys.map((k, i) => `${k} AS k${i}`), ...values.map((v, i) => `${v.text} AS t${i}`)].join(', ');
  for (const row of sqlite.prepare(`SELECT ${select} ${from}`).safeIntegers(true).iterate(params) as IterableIterator<Record<string, unknown>>) {
    const key = keys.map((_, i) => norm(row[`k${i}`]));
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? { key, rows: 0, sums: values.map(() => new Decimal(0)) };
    group.rows++;
    values.forEach((_, i) => {
      group.sums[i] = (group.sums[i] as Decimal).plus(dec(String(row[`t${i}`])));
    });
    groups.set(id, group);
  }
  if (keys.length === 0 && groups.size === 0) return [{ key: [], rows: 0, sums: values.map(() => new Decimal(0)) }];
  return [...groups.values()];
}
