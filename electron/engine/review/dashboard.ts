/**
 * The dashboard of a period: KPIs and chart series, all money summed exactly
 * (exact-sum.ts) and never across currencies: amounts come per currency, and
 * the charts (by_month, movers) are drawn in one chosen currency, by default
 * the one with the most invoices in the period.
 *
 * Everything here counts invoices only (document_type 'invoice'): credit notes
 * correct a finalized invoice of some period and would make "billed in the
 * period" and the month-over-month series mean two things at once. They are
 * listed with the invoices in invoices.list.
 */
import type { Sqlite } from '../../../db/open';
import type { DashboardSummary } from '../../../shared/api';
import { LINE_KINDS, type LineKind } from '../../../shared/domain';
import { Decimal, dec, moneyString, plainString } from '../../../shared/money';
import { parsePeriod, previousPeriod } from '../../../shared/period';
import { changeOf } from './change';
import { groupedSums, moneyColumn, scaledSql } from './exact-sum';
import { termWatch } from './term-watch';
import { unbilledUsageCount } from './unbilled-usage-count';
import { periodsEndingAt } from './usage-trend';

const INVOICES = "FROM invoices i WHERE i.period = @period AND i.document_type = 'invoice'";
const RISKY = `EXISTS (SELECT 1 FROM anomalies n WHERE n.invoice_id = i.id AND n.active AND n.status = 'open' AND n.severity IN ('error', 'warning'))`;

const byCount = (a: { currency: string; invoices: number }, b: { currency: string; invoices: number }) => b.invoices - a.invoices || a.currency.localeCompare(b.currency);

/** The period's unbilled usage records and billable time entries (the ones sources.unbilled pages), with the hours summed exactly. */
export function unbilledCounts(sqlite: Sqlite, periodId: string): DashboardSummary['unbilled'] {
  const period = parsePeriod(periodId);
  const usage = unbilledUsageCount(sqlite, periodId);
  const [hours] = groupedSums(
    sqlite,
    `FROM time_entries r WHERE r.date >= @first AND r.date <= @last AND r.billable = 1
       AND NOT EXISTS (SELECT 1 FROM line_sources s WHERE s.source_kind = 'hours' AND s.source_id = r.id)`,
    [],
    [moneyColumn('r.hours')],
    { first: period.first, last: period.last },
  );
  return { usage_records: usage, hours_entries: hours?.rows ?? 0, hours: plainString(hours?.sums[0] ?? new Decimal(0)) };
}

export function dashboardSummary(sqlite: Sqlite, period: string, requestedCurrency?: string): DashboardSummary {
  const billed = groupedSums(sqlite, INVOICES, ['i.currency'], [moneyColumn('i.total'), moneyColumn('i.amount_due')], { period })
    .map((g) => {
      const currency = String(g.key[0]);
      return { currency, invoices: g.rows, total: moneyString(g.sums[0]!, currency), amount_due: moneyString(g.sums[1]!, currency) };
    })
    .sort(byCount);
  const currencies = billed.map((b) => b.currency);
  const currency = requestedCurrency ?? currencies[0] ?? null;

  // A partition of the period's invoices: a held draft counts as on hold, not also as a draft, so the four add up to the invoice count.
  const status = { draft: 0, approved: 0, finalized: 0, on_hold: 0 };
  for (const row of sqlite
    .prepare(`SELECT CASE WHEN i.status = 'draft' AND i.on_hold THEN 'on_hold' ELSE i.status END AS bucket, count(*) AS n ${INVOICES} GROUP BY bucket`)
    .all({ period }) as { bucket: keyof typeof status; n: number }[]) {
    status[row.bucket] = row.n;
  }

  const open_anomalies = { error: 0, warning: 0, info: 0 };
  for (const row of sqlite
    .prepare("SELECT severity, count(*) AS n FROM anomalies WHERE period = ? AND active AND status = 'open' GROUP BY severity")
    .all(period) as { severity: 'error' | 'warning' | 'info'; n: number }[]) {
    open_anomalies[row.severity] = row.n;
  }

  const at_risk = groupedSums(sqlite, `${INVOICES} AND ${RISKY}`, ['i.currency'], [moneyColumn('i.total')], { period })
    .map((g) => {
      const c = String(g.key[0]);
      return { currency: c, invoices: g.rows, amount: moneyString(g.sums[0]!, c) };
    })
    .sort(byCount);

  const anomalies_by_rule = sqlite
    .prepare(
      `SELECT rule, sum(severity = 'error') AS error, sum(severity = 'warning') AS warning, sum(severity = 'info') AS info, sum(status = 'open') AS open
       FROM anomalies WHERE period = ? AND active GROUP BY rule ORDER BY open DESC, error DESC, warning DESC, rule`,
    )
    .all(period) as DashboardSummary['anomalies_by_rule'];

  return {
    period,
    currencies,
    currency,
    billed,
    status,
    open_anomalies,
    at_risk,
    unbilled: unbilledCounts(sqlite, period),
    by_month: currency ? byMonth(sqlite, period, currency) : [],
    movers: currency ? movers(sqlite, period, currency) : [],
    anomalies_by_rule,
    term_watch: termWatch(sqlite, period),
  };
}

/** Line amounts of the six periods up to `period` per line kind, in one currency; every kind seen in any of them gets a point in each. */
function byMonth(sqlite: Sqlite, period: string, currency: string): DashboardSummary['by_month'] {
  const periods = periodsEndingAt(period, 6);
  const params: Record<string, unknown> = { currency };
  periods.forEach((p, i) => (params[`p${i}`] = p));
  const groups = groupedSums(
    sqlite,
    `FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
     WHERE i.period IN (${periods.map((_, i) => `@p${i}`).join(', ')}) AND i.currency = @currency AND i.document_type = 'invoice'`,
    ['i.period', 'l.kind'],
    [moneyColumn('l.amount')],
    params,
  );
  const sums = new Map(groups.map((g) => [`${g.key[0]}/${g.key[1]}`, g.sums[0]!]));
  const kinds = LINE_KINDS.filter((k) => groups.some((g) => g.key[1] === k));
  return periods.flatMap((p) => kinds.map((kind: LineKind) => ({ period: p, kind, amount: moneyString(sums.get(`${p}/${kind}`) ?? new Decimal(0), currency) })));
}

/** The ten invoices (in `currency`) whose total moved most against the same agreement's invoice of the previous period. */
function movers(sqlite: Sqlite, period: string, currency: string): DashboardSummary['movers'] {
  // Candidates ordered in SQL by the exact scaled difference; values the integer path cannot hold sort first and are rechecked exactly.
  const delta = `abs(${scaledSql('i.total')} - ${scaledSql('p.total')})`;
  const rows = sqlite
    .prepare(
      `SELECT i.id AS invoice_id, i.account_id, coalesce(acc.name, i.account_id) AS account_name, p.total AS previous_total, i.total,
              ${delta} IS NULL AS inexact
       FROM invoices i JOIN invoices p ON p.agreement_id = i.agreement_id AND p.period = @previous AND p.document_type = 'invoice'
         LEFT JOIN accounts acc ON acc.id = i.account_id
       WHERE i.period = @period AND i.document_type = 'invoice' AND i.currency = @currency
       ORDER BY inexact DESC, ${delta} DESC, i.id
       LIMIT (SELECT 10 + count(*) FROM invoices i JOIN invoices p ON p.agreement_id = i.agreement_id AND p.period = @previous AND p.document_type = 'invoice'
              WHERE i.period = @period AND i.document_type = 'invoice' AND i.currency = @currency AND ${delta} IS NULL)`,
    )
    .all({ period, previous: previousPeriod(period), currency }) as {
    invoice_id: string;
    account_id: string;
    account_name: string;
    previous_total: string;
    total: string;
  }[];
  return rows
    .map((r) => ({ ...r, exact: dec(r.total).minus(dec(r.previous_total)).abs() }))
    .sort((a, b) => b.exact.comparedTo(a.exact) || a.invoice_id.localeCompare(b.invoice_id))
    .slice(0, 10)
    .map(({ exact: _exact, ...r }) => ({ ...r, ...changeOf(r.total, r.previous_total, currency) }));
}
