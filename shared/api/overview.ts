/**
 * Period-wide views: the app's status, the dashboard, the owners' league table
 * and the reconciliation of a period's rows.
 */
import { z } from 'zod';
import { lineKind } from '../domain';
import { method, money, period, perCurrency } from './common';
import { importKind } from './imports';

export const appStatus = z.object({
  db_path: z.string(),
  reviewer: z.string(),
  /** the host's default reviewer (the operating-system user, or --as), used when Settings names nobody */
  host_reviewer: z.string(),
  counts: z.object({
    agreements: z.number().int(),
    usage: z.number().int(),
    hours: z.number().int(),
    rejected: z.number().int(),
    invoices: z.number().int(),
  }),
  /** periods that have usage, hours or invoices, newest first */
  periods: z.array(z.string()),
  /** periods that have been rated, newest first */
  rated_periods: z.array(z.string()),
});
export type AppStatus = z.infer<typeof appStatus>;

export const dashboardSummary = z.object({
  period: z.string(),
  /** currencies billed in the period, most invoices first */
  currencies: z.array(z.string()),
  /** the currency the charts are drawn in (money of different currencies is never added) */
  currency: z.string().nullable(),
  billed: z.array(z.object({ currency: z.string(), invoices: z.number().int(), total: money, amount_due: money })),
  /** the period's invoices (not credit notes) by where they are in the review, a partition: draft counts drafts not on hold, on_hold held drafts */
  status: z.object({ draft: z.number().int(), approved: z.number().int(), finalized: z.number().int(), on_hold: z.number().int() }),
  /** the period's active, open anomalies by severity: the same set as anomalies.explore rows with status open ("open errors" = error) */
  open_anomalies: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  /** totals of invoices with at least one open error or warning anomaly */
  at_risk: z.array(z.object({ currency: z.string(), invoices: z.number().int(), amount: money })),
  unbilled: z.object({ usage_records: z.number().int(), hours_entries: z.number().int(), hours: z.string() }),
  /** line amounts per period (the six up to this one) and line kind, in `currency` */
  by_month: z.array(z.object({ period: z.string(), kind: lineKind, amount: money })),
  /** the ten largest changes of an invoice total against the previous period, in `currency` */
  movers: z.array(
    z.object({
      invoice_id: z.string(),
      account_id: z.string(),
      account_name: z.string(),
      previous_total: money,
      total: money,
      change: money,
      change_percent: z.string().nullable(),
    }),
  ),
  anomalies_by_rule: z.array(z.object({ rule: z.string(), error: z.number().int(), warning: z.number().int(), info: z.number().int(), open: z.number().int() })),
  /** bill cycles: commitments heading for a true-up and prepaid blocks running out before their window ends, at the pace so far */
  term_watch: z.object({
    commitments: z.array(
      z.object({ agreement_id: z.string(), account_id: z.string(), currency: z.string(), committed: z.string(), from: z.string(), to: z.string(), billed_so_far: money, projected_true_up: money }),
    ),
    prepaid: z.array(
      z.object({ agreement_id: z.string(), account_id: z.string(), metric: z.string(), units: z.string(), from: z.string(), to: z.string(), used: z.string(), left: z.string(), months_left: z.number().int() }),
    ),
  }),
});
export type DashboardSummary = z.infer<typeof dashboardSummary>;

export const leagueRow = z.object({
  owner: z.string().nullable(),
  accounts: z.number().int(),
  agreements: z.number().int(),
  invoices: z.number().int(),
  invoices_with_errors: z.number().int(),
  /** share of the owner's invoices with an error anomaly (open or reviewed), percent with one decimal */
  error_share: z.string(),
  adjustments: z.number().int(),
  adjusted: perCurrency,
  billed: perCurrency,
  /** totals of the owner's invoices that carry error anomalies */
  with_errors: perCurrency,
});
export type LeagueRow = z.infer<typeof leagueRow>;

export const reconciliation = z.object({
  period: z.string(),
  usage: z.object({
    /** usage records dated in the period */
    rows: z.number().int(),
    billed: z.number().int(),
    unbilled: z.number().int(),
    /** unbilled rows grouped by account and metric, each with the anomaly that explains it (null when none does) */
    unbilled_groups: z.array(
      z.object({ account_id: z.string(), metric: z.string(), rows: z.number().int(), quantity: z.string(), anomaly_id: z.string().nullable(), rule: z.string().nullable(), message: z.string().nullable() }),
    ),
    rejected: z.number().int(),
    /** rows a reviewer excluded from billing (counted neither billed nor unbilled) */
    excluded: z.number().int(),
  }),
  hours: z.object({
    entries: z.number().int(),
    non_billable: z.number().int(),
    billed: z.number().int(),
    unbilled: z.number().int(),
    unbilled_groups: z.array(
      z.object({ account_id: z.string(), kind: z.string(), entries: z.number().int(), hours: z.string(), anomaly_id: z.string().nullable(), rule: z.string().nullable(), message: z.string().nullable() }),
    ),
    rejected: z.number().int(),
    /** billable entries a reviewer excluded from billing */
    excluded: z.number().int(),
  }),
  /** usage rollup rows (a day of an account's metric each) dated in the period, when there are any: billed + unbilled = rows; records is what they stand for */
  usage_rollups: z
    .object({ rows: z.number().int(), records: z.number().int(), billed: z.number().int(), unbilled: z.number().int(), rejected: z.number().int(), balanced: z.boolean() })
    .optional(),
  /** every row of the period a reviewer excluded from billing ("excluded by reviewer"), with who, when and why */
  excluded_rows: z.array(
    z.object({
      correction_id: z.number().int(),
      source_kind: z.enum(['usage', 'hours']),
      source_id: z.number().int(),
      account_id: z.string(),
      item: z.string(),
      quantity: z.string(),
      reason: z.string(),
      actor: z.string(),
      at: z.string(),
    }),
  ),
  /** every import that brought rows for the period: rows = imported + duplicates + rejected */
  files: z.array(
    z.object({ batch_id: z.number().int(), file: z.string(), kind: importKind, rows: z.number().int(), imported: z.number().int(), duplicates: z.number().int(), rejected: z.number().int(), balanced: z.boolean() }),
  ),
  /** billed + unbilled + excluded = rows for usage and billable hours, and every file balances */
  balanced: z.boolean(),
  /** unbilled usage records and time entries that no anomaly explains: the period is in order only when this is 0 */
  unexplained: z.number().int(),
  /** balanced, and every unbilled row explained: the one verdict every screen shows */
  in_order: z.boolean(),
});
export type Reconciliation = z.infer<typeof reconciliation>;

export const overviewMethods = {
  'app.status': method(z.object({}), appStatus, 'database location, reviewer and what data is loaded'),
  'dashboard.summary': method(
    z.object({ period, currency: z.string().regex(/^[A-Z]{3,4}$/).optional() }),
    dashboardSummary,
    "the period's KPIs and chart series",
  ),
  'league.table': method(z.object({ period }), z.array(leagueRow), 'per sales owner: accounts, share of invoices with errors, adjustments and amounts'),
  'reconciliation.period': method(z.object({ period }), reconciliation, "every usage row and billable hour of the period accounted for as billed, unbilled or rejected"),
} as const;
