/**
 * Reconciliation of a period's usage rollups (rating/rollup-aggregates.ts):
 * every rollup row (a day of an account's metric) dated in the period is
 * billed by one of the period's invoices (inside one of its rollup spans) or
 * unbilled; `records` is how many usage records the rollups stand for. A
 * rollup billed twice makes billed + unbilled exceed the rows, and the
 * period reports itself unbalanced, as for rows.
 *
 * Usage rows on a day a rollup covers are not billed (the rollup is): the
 * period's unbilled usage groups whose rows all fall on such days are
 * explained by `covered_by_rollup` here.
 */
import type { Sqlite } from '../../../db/open';
import type { Reconciliation } from '../../../shared/api';
import { ROLLUP_SPAN_ROWS } from './invoice-queries';
import { atSql } from '../usage-time';

type RollupFigures = NonNullable<Reconciliation['usage_rollups']>;
type UsageGroup = Reconciliation['usage']['unbilled_groups'][number];

interface Params {
  period: string;
  first: string;
  last: string;
  start: string;
  end: string;
}

/** The period's rollup counts, or undefined when the book has no rollups in the period. */
export function reconcileRollups(sqlite: Sqlite, params: Params, rejected: number): RollupFigures | undefined {
  const dated = sqlite
    .prepare('SELECT count(*) AS rows, coalesce(sum(count), 0) AS records FROM usage_rollups WHERE day >= @first AND day <= @last')
    .get(params) as { rows: number; records: number };
  if (dated.rows === 0 && rejected === 0) return undefined;
  const billed = sqlite
    .prepare(
      `SELECT count(*) FROM usage_rollup_spans s JOIN invoices i ON i.id = s.invoice_id AND i.period = @period ${ROLLUP_SPAN_ROWS}
        WHERE r.day >= @first AND r.day <= @last`,
    )
    .pluck()
    .get(params) as number;
  const unbilled = sqlite
    .prepare(
      `SELECT count(*) FROM usage_rollups r WHERE r.day >= @first AND r.day <= @last
         AND NOT EXISTS (SELECT 1 FROM usage_rollup_spans s JOIN invoices i ON i.id = s.invoice_id AND i.period = @period
                          WHERE s.account_id = r.account_id AND s.metric = r.metric AND r.day >= s.day_from AND r.day < s.day_to AND r.id <= s.max_rollup_id)`,
    )
    .pluck()
    .get(params) as number;
  return { rows: dated.rows, records: dated.records, billed, unbilled, rejected, balanced: billed + unbilled === dated.rows };
}

/** Unbilled usage groups whose rows all fall on days a billed rollup covers: explained by the rollup that billed those days instead. */
export function explainCoveredByRollup(sqlite: Sqlite, params: Params, groups: UsageGroup[]): UsageGroup[] {
  if (groups.length === 0 || sqlite.prepare('SELECT 1 FROM usage_rollups LIMIT 1').get() === undefined) return groups;
  // Only a rollup that one of the period's invoices billed explains its day's rows (one without an agreement explains nothing).
  const covered = sqlite.prepare(
    `SELECT count(*) FROM usage_records u JOIN usage_rollups r ON r.account_id = u.account_id AND r.metric = u.metric AND r.day = substr(u.ts, 1, 10)
      WHERE u.account_id = @account AND u.metric = @metric AND u.at >= ${atSql('@start')} AND u.at < ${atSql('@end')}
        AND EXISTS (SELECT 1 FROM usage_rollup_spans s JOIN invoices i ON i.id = s.invoice_id AND i.period = @period
                     WHERE s.account_id = r.account_id AND s.metric = r.metric AND r.day >= s.day_from AND r.day < s.day_to AND r.id <= s.max_rollup_id)`,
  );
  return groups.map((g) => {
    if (g.rule !== null && g.rule !== 'unbilled_usage') return g;
    const n = covered.pluck().get({ ...params, account: g.account_id, metric: g.metric }) as number;
    if (n < g.rows) return g;
    return {
      ...g,
      rule: 'covered_by_rollup',
      message: `${g.rows.toLocaleString('en')} usage ${g.rows === 1 ? 'row falls' : 'rows fall'} on days a usage rollup covers; the rollup billed those days, so the rows are not billed twice.`,
    };
  });
}
