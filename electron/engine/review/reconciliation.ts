/**
 * Reconciliation of a period: every usage record and billable time entry
 * dated in it is either billed by one of the period's invoices or unbilled,
 * and every import that brought rows for it balances (rows = imported +
 * duplicates + rejected).
 *
 * "Billed" counts billings: a usage record inside a usage span of one of the
 * period's invoices (SPAN_ROWS), a time entry linked to one of them in
 * line_sources. A row billed twice therefore makes billed + unbilled exceed
 * the rows, and the period reports itself unbalanced, which is the point.
 *
 * Set-based for a million records: usage is counted per (account, metric) on
 * the indexes, billed rows span by span; only the (account, metric) pairs
 * whose counts differ (or whose spans overlap) are searched row by row, in
 * SQL, for their unbilled records and exact quantity. Each unbilled group is
 * paired with the active anomaly of the period that explains it, if any.
 */
import type { Sqlite } from '../../../db/open';
import type { Reconciliation } from '../../../shared/api';
import { plainString, type Decimal } from '../../../shared/money';
import { parsePeriod } from '../../../shared/period';
import { periodLock } from '../controls/period-locks';
import { importsOfPeriod } from '../import/period-imports';
import { groupedSums, moneyColumn } from './exact-sum';
import { SPAN_ROWS } from './invoice-queries';
import { explainCoveredByRollup, reconcileRollups } from './rollup-reconciliation';
import { atSql } from '../usage-time';

interface Finding {
  id: string;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  account_id: string;
  metric: string | null;
  details: Record<string, unknown>;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** The best explanation among the account's findings: `rank` gives a finding's fit (undefined: it does not explain the group). */
function explain(findings: Finding[] | undefined, rank: (f: Finding) => number | undefined): { anomaly_id: string | null; rule: string | null; message: string | null } {
  let best: { f: Finding; r: number } | undefined;
  for (const f of findings ?? []) {
    const r = rank(f);
    if (r === undefined) continue;
    const score = r * 10 + SEVERITY_RANK[f.severity];
    if (!best || score < best.r) best = { f, r: score };
  }
  return best ? { anomaly_id: best.f.id, rule: best.f.rule, message: best.f.message } : { anomaly_id: null, rule: null, message: null };
}

function usageExplanation(metric: string) {
  return (f: Finding): number | undefined => {
    if (f.rule === 'unbilled_usage' && f.metric === metric) return 0;
    if (f.rule === 'usage_after_end') {
      const metrics = f.details.metrics;
      if (metrics && typeof metrics === 'object' && metric in metrics) return 1;
    }
    if (f.rule === 'overlapping_agreements' && f.metric === metric) return 2;
    if (f.metric === metric) return 3;
    return undefined;
  };
}

function hoursExplanation(kind: string) {
  return (f: Finding): number | undefined => {
    if (f.rule === 'unbilled_hours' && f.details.kind === kind) return 0;
    if (f.rule === 'usage_after_end' && Number(f.details.time_entries ?? 0) > 0) return 1;
    if (f.rule === 'overlapping_agreements' && f.details.item_type === 'hours' && f.details.item === kind) return 2;
    return undefined;
  };
}

const key = (a: unknown, b: unknown) => JSON.stringify([a, b]);

/** A reviewer's exclusion of the row (controls/corrections.ts): such rows are neither billed nor unbilled. */
const EXCLUDED = (kind: 'usage' | 'hours', row: string) =>
  `EXISTS (SELECT 1 FROM corrections c WHERE c.kind = 'exclude_row' AND c.removed_at IS NULL AND c.source_kind = '${kind}' AND c.source_id = ${row}.id)`;

export function reconcilePeriod(sqlite: Sqlite, periodId: string): Reconciliation {
  const p = parsePeriod(periodId);
  const params = { period: p.id, start: p.startTs, end: p.endTs, first: p.first, last: p.last };

  const findings = new Map<string, Finding[]>();
  for (const row of sqlite
    .prepare('SELECT id, rule, severity, message, account_id, metric, details FROM anomalies WHERE period = ? AND active AND account_id IS NOT NULL ORDER BY id')
    .all(p.id) as (Omit<Finding, 'details'> & { details: string | null })[]) {
    const list = findings.get(row.account_id) ?? [];
    list.push({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {} });
    findings.set(row.account_id, list);
  }

  // Usage: rows and billings per (account, metric).
  const rowsByPair = sqlite
    .prepare(
      `SELECT s.account_id, s.metric, count(*) AS n
       FROM usage_series s CROSS JOIN usage_rows u ON u.series_id = s.id AND u.at >= ${atSql('@start')} AND u.at < ${atSql('@end')}
       GROUP BY s.id ORDER BY s.account_id, s.metric`,
    )
    .all(params) as { account_id: string; metric: string; n: number }[];
  const periodSpans = `usage_spans s JOIN invoices i ON i.id = s.invoice_id AND i.period = @period`;
  const billedByPair = new Map(
    (
      sqlite
        .prepare(`SELECT s.account_id, s.metric, count(*) AS n FROM ${periodSpans} ${SPAN_ROWS} WHERE u.at >= ${atSql('@start')} AND u.at < ${atSql('@end')} GROUP BY s.account_id, s.metric`)
        .all(params) as { account_id: string; metric: string; n: number }[]
    ).map((r) => [key(r.account_id, r.metric), r.n]),
  );
  const overlapping = new Set(
    (
      sqlite
        .prepare(
          `WITH spans AS (SELECT s.id, s.account_id, s.metric, s.ts_from, s.ts_to FROM ${periodSpans})
           SELECT DISTINCT a.account_id, a.metric FROM spans a JOIN spans b
             ON b.account_id = a.account_id AND b.metric = a.metric AND b.id > a.id AND a.ts_from < b.ts_to AND b.ts_from < a.ts_to`,
        )
        .all(params) as { account_id: string; metric: string }[]
    ).map((r) => key(r.account_id, r.metric)),
  );
  const rows = rowsByPair.reduce((n, r) => n + r.n, 0);
  // Excluded rows stay inside their line's spans (the drawer shows them, marked), so their billings are taken back out.
  const excludedInSpans = sqlite
    .prepare(`SELECT count(*) FROM ${periodSpans} ${SPAN_ROWS} WHERE u.at >= ${atSql('@start')} AND u.at < ${atSql('@end')} AND ${EXCLUDED('usage', 'u')}`)
    .pluck()
    .get(params) as number;
  const billed = [...billedByPair.values()].reduce((n, b) => n + b, 0) - excludedInSpans;
  // Pairs where some record may be unbilled: fewer billings than rows, or spans that overlap (billings may double-count).
  const candidates = rowsByPair.filter((r) => r.n !== (billedByPair.get(key(r.account_id, r.metric)) ?? 0) || overlapping.has(key(r.account_id, r.metric)));
  const unbilledGroups = candidates.length
    ? groupedSums(
        sqlite,
        `FROM json_each(@pairs) c JOIN usage_records u ON u.account_id = json_extract(c.value, '$[0]') AND u.metric = json_extract(c.value, '$[1]')
         WHERE u.at >= ${atSql('@start')} AND u.at < ${atSql('@end')} AND NOT ${EXCLUDED('usage', 'u')}
           AND NOT EXISTS (SELECT 1 FROM ${periodSpans} WHERE s.account_id = u.account_id AND s.metric = u.metric
                             AND u.at >= ${atSql('s.ts_from')} AND u.at < ${atSql('s.ts_to')} AND u.id <= s.max_usage_id)`,
        ['u.account_id', 'u.metric'],
        [{ scaled: 'u.quantity_scaled', text: 'u.quantity' }],
        { ...params, pairs: JSON.stringify(candidates.map((c) => [c.account_id, c.metric])) },
      )
    : [];
  const usageGroups = explainCoveredByRollup(
    sqlite,
    params,
    unbilledGroups.map((g) => {
      const [account_id, metric] = g.key.map(String) as [string, string];
      return { account_id, metric, rows: g.rows, quantity: plainString(g.sums[0] as Decimal), ...explain(findings.get(account_id), usageExplanation(metric)) };
    }),
  ).sort((a, b) => b.rows - a.rows || a.account_id.localeCompare(b.account_id) || a.metric.localeCompare(b.metric));
  const unbilled = usageGroups.reduce((n, g) => n + g.rows, 0);

  // Hours: a few thousand entries a period; plain set-based SQL.
  const entries = sqlite
    .prepare('SELECT count(*) AS entries, coalesce(sum(billable = 0), 0) AS non_billable FROM time_entries WHERE date >= @first AND date <= @last')
    .get(params) as { entries: number; non_billable: number };
  const hoursBilled = sqlite
    .prepare(
      `SELECT count(*) FROM line_sources s JOIN invoices i ON i.id = s.invoice_id AND i.period = @period
         JOIN time_entries t ON t.id = s.source_id
       WHERE s.source_kind = 'hours' AND t.date >= @first AND t.date <= @last AND t.billable = 1 AND NOT ${EXCLUDED('hours', 't')}`,
    )
    .pluck()
    .get(params) as number;
  const hoursGroups = groupedSums(
    sqlite,
    `FROM time_entries t WHERE t.date >= @first AND t.date <= @last AND t.billable = 1 AND NOT ${EXCLUDED('hours', 't')}
       AND NOT EXISTS (SELECT 1 FROM line_sources s JOIN invoices i ON i.id = s.invoice_id AND i.period = @period
                       WHERE s.source_kind = 'hours' AND s.source_id = t.id)`,
    ['t.account_id', 't.kind'],
    [moneyColumn('t.hours')],
    params,
  )
    .map((g) => {
      const [account_id, kind] = g.key.map(String) as [string, string];
      return { account_id, kind, entries: g.rows, hours: plainString(g.sums[0] as Decimal), ...explain(findings.get(account_id), hoursExplanation(kind)) };
    })
    .sort((a, b) => b.entries - a.entries || a.account_id.localeCompare(b.account_id) || a.kind.localeCompare(b.kind));
  const hoursUnbilled = hoursGroups.reduce((n, g) => n + g.entries, 0);

  // Imports of the period (see importsOfPeriod) and their rejected rows.
  const batchIds = importsOfPeriod(sqlite, p.id);
  const files = (
    sqlite
      .prepare(
        `SELECT b.id AS batch_id, b.file_name AS file, b.kind, b.rows, b.imported, b.duplicates, b.rejected
         FROM json_each(?) j JOIN import_batches b ON b.id = j.value ORDER BY b.id`,
      )
      .all(JSON.stringify(batchIds)) as Omit<Reconciliation['files'][number], 'balanced'>[]
  ).map((f) => ({ ...f, balanced: f.rows === f.imported + f.duplicates + f.rejected }));
  const rejectedOf = (kind: string) =>
    sqlite
      .prepare(`SELECT count(*) FROM json_each(?) j JOIN import_batches b ON b.id = j.value AND b.kind = ? JOIN rejected_rows r ON r.batch_id = b.id`)
      .pluck()
      .get(JSON.stringify(batchIds), kind) as number;

  // Excluded by reviewer: usage rows of the period, and billable time entries (a non-billable one is not billed anyway).
  // The stored tables, not the usage_records view: SQLite materializes a view on the right of a LEFT JOIN, which read
  // every record of the book (13 s with one exclusion on a million-row book).
  const excludedRows = sqlite
    .prepare(
      `SELECT c.id AS correction_id, c.source_kind, c.source_id, coalesce(us.account_id, t.account_id) AS account_id,
              coalesce(us.metric, t.kind) AS item, coalesce(u.quantity, t.hours) AS quantity, c.reason, c.actor, c.created_at AS at
       FROM corrections c
       LEFT JOIN usage_rows u ON c.source_kind = 'usage' AND u.id = c.source_id AND u.at >= ${atSql('@start')} AND u.at < ${atSql('@end')}
       LEFT JOIN usage_series us ON us.id = u.series_id
       LEFT JOIN time_entries t ON c.source_kind = 'hours' AND t.id = c.source_id AND t.date >= @first AND t.date <= @last AND t.billable = 1
       WHERE c.kind = 'exclude_row' AND c.removed_at IS NULL AND coalesce(u.id, t.id) IS NOT NULL
       ORDER BY c.id`,
    )
    .all(params) as Reconciliation['excluded_rows'];
  const usageExcluded = excludedRows.filter((r) => r.source_kind === 'usage').length;
  const hoursExcluded = excludedRows.length - usageExcluded;

  // A closed period bills nothing new: what arrived after it closed is unbilled because of the lock, which explains it.
  const lock = periodLock(sqlite, p.id);
  const lockExplains = <G extends { anomaly_id: string | null; rule: string | null; message: string | null }>(g: G): G =>
    lock && g.rule === null
      ? { ...g, rule: 'period_closed', message: `Not billed because ${p.id} was closed by ${lock.closed_by} (${lock.reason.replace(/[.!?]+$/, '')}); reopen the period to bill it.` }
      : g;
  const explainedUsage = usageGroups.map(lockExplains);
  const explainedHours = hoursGroups.map(lockExplains);

  const billable = entries.entries - entries.non_billable;
  const rollups = reconcileRollups(sqlite, params, rejectedOf('usage_rollup'));
  const balanced = (rollups?.balanced ?? true) && billed + unbilled + usageExcluded === rows && hoursBilled + hoursUnbilled + hoursExcluded === billable && files.every((f) => f.balanced);
  // Counted, not just flagged: rows that add up but that nobody can explain are still not "in order".
  const unexplained =
    explainedUsage.reduce((n, g) => n + (g.rule === null ? g.rows : 0), 0) + explainedHours.reduce((n, g) => n + (g.rule === null ? g.entries : 0), 0);
  return {
    period: p.id,
    usage: { rows, billed, unbilled, unbilled_groups: explainedUsage, rejected: rejectedOf('usage'), excluded: usageExcluded },
    hours: {
      entries: entries.entries,
      non_billable: entries.non_billable,
      billed: hoursBilled,
      unbilled: hoursUnbilled,
      unbilled_groups: explainedHours,
      rejected: rejectedOf('hours'),
      excluded: hoursExcluded,
    },
    ...(rollups ? { usage_rollups: rollups } : {}),
    excluded_rows: excludedRows,
    files,
    balanced,
    unexplained,
    in_order: balanced && unexplained === 0,
  };
}
