/**
 * The API contract: every method the renderer may call, with a zod schema for
 * its arguments and for its result. The Electron IPC host, the preview HTTP
 * host and the tests all validate against these schemas; types come from them.
 *
 * Long-running methods (import, rating, demo) accept an optional `jobId`
 * chosen by the caller: progress events carry it, and `jobs.cancel` takes it.
 */
import { z } from 'zod';
import { anomalyStatus, invoiceJsonSchema, invoiceStatus, lineKind, severity } from './domain';

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'expected a period YYYY-MM' });
const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional();
const money = z.string();

/** A file the host has vouched for: a native dialog pick, a drop, or a preview upload. */
export const fileRef = z.object({ token: z.string().min(1).max(200), name: z.string().min(1).max(500) });

export const IMPORT_KINDS = ['usage', 'hours', 'agreements'] as const;
export const importKind = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof importKind>;

export const importFileResult = z.object({
  file: z.string(),
  kind: importKind,
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  batchId: z.number().int().nullable(),
  durationMs: z.number(),
  /** what the import noticed about the file as a whole, e.g. "decoded as Windows-1252" */
  notes: z.array(z.string()).optional(),
});
export type ImportFileResult = z.infer<typeof importFileResult>;

/** A rated period that a change (import, undo) re-rated in the same transaction, and the drafts that moved. */
export const rerateImpact = z.object({ period: z.string(), drafts: z.number().int(), changed: z.array(z.string()) });
export type RerateImpact = z.infer<typeof rerateImpact>;

export const importBatch = z.object({
  batchId: z.number().int(),
  file: z.string(),
  kind: importKind,
  profile: z.string().nullable(),
  fileSize: z.number().int(),
  sha256: z.string(),
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  durationMs: z.number(),
  status: z.enum(['complete', 'undone']),
  importedBy: z.string(),
  importedAt: z.string(),
  /** what the import noticed about the file as a whole (encoding, rows with bad bytes…), kept with the batch */
  notes: z.array(z.string()),
});
export type ImportBatch = z.infer<typeof importBatch>;

export const importProfileInfo = z.object({
  name: z.string(),
  label: z.string(),
  description: z.string().nullable(),
  kind: importKind.nullable(),
  builtIn: z.boolean(),
});
export type ImportProfileInfo = z.infer<typeof importProfileInfo>;

export const rejectedRow = z.object({
  id: z.number().int(),
  batch_id: z.number().int(),
  file: z.string(),
  line: z.number().int(),
  field: z.string().nullable(),
  reason: z.string(),
  raw: z.string(),
});
export type RejectedRow = z.infer<typeof rejectedRow>;

/** Which rejected rows: one import's or every import's, narrowed by a search text and a field. */
const rejectionFilter = {
  batchId: z.number().int().positive().optional(),
  search: z.string().max(200).optional(),
  field: z.string().max(100).optional(),
};

/** A built-in profile's name; a user's own profile arrives as a file (profileFile), never as a path. */
const profileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,99}$/, { message: 'expected the name of a built-in profile' });

export const invoiceSummary = z.object({
  invoice_id: z.string(),
  invoice_number: z.string().nullable(),
  status: invoiceStatus,
  agreement_id: z.string(),
  account_id: z.string(),
  account_name: z.string(),
  owner: z.string().nullable(),
  period: z.string(),
  currency: z.string(),
  subtotal: money,
  discount: money,
  tax: money,
  total: money,
  deposit_applied: money,
  amount_due: money,
  line_count: z.number().int(),
  /** open anomalies by severity */
  anomalies: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  document_type: z.enum(['invoice', 'credit_note']),
  on_hold: z.boolean(),
  /** the same agreement's invoice total in the previous period, null when it had none */
  previous_total: money.nullable(),
  /** total − previous_total, exact; null without a previous invoice */
  change: money.nullable(),
  /** the change in percent of the previous total, one decimal; null when there is none or it was zero */
  change_percent: z.string().nullable(),
});
export type InvoiceSummary = z.infer<typeof invoiceSummary>;

export const invoiceLineDetail = z.object({
  line_id: z.number().int(),
  /** stable across re-ratings (line ids are not): what links to a line carry */
  line_key: z.string(),
  kind: lineKind,
  code: z.string(),
  description: z.string(),
  quantity: z.string(),
  unit_price: z.string(),
  amount: money,
  /** facts to check the line by hand (aggregate, included, tier range, prorated days …) */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** how many usage records or time entries the line was computed from */
  source_count: z.number().int(),
  source_kind: z.enum(['usage', 'hours']).nullable(),
});
export type InvoiceLineDetail = z.infer<typeof invoiceLineDetail>;

export const invoiceDetail = z.object({
  invoice: invoiceJsonSchema,
  lines: z.array(invoiceLineDetail),
  account_name: z.string(),
  owner: z.string().nullable(),
  bill_to: z.string().nullable(),
  po_number: z.string().nullable(),
  agreement_start: z.string(),
  agreement_end: z.string().nullable(),
  rated_at: z.string(),
  /** the customer's tax / VAT registration number, from the agreement */
  tax_id: z.string().nullable(),
  /** the fraction the tax was computed with ("0.0825"); null when the agreement's rate no longer gives the stored tax */
  tax_rate: z.string().nullable(),
  document_type: z.enum(['invoice', 'credit_note']),
  payment_terms_days: z.number().int(),
  /** YYYY-MM-DD: when finalized, the issue date; before, the one finalizing it today would give */
  issue_date: z.string(),
  /** likewise the due date; null for a credit note (no payment is due) */
  due_date: z.string().nullable(),
  /** true once finalized: the dates are the document's own, not a preview */
  dates_final: z.boolean(),
});
export type InvoiceDetail = z.infer<typeof invoiceDetail>;

export const sourceRow = z.object({
  source_kind: z.enum(['usage', 'hours']),
  id: z.number().int(),
  file: z.string(),
  line: z.number().int(),
  account_id: z.string(),
  /** metric for usage, kind (and role) for hours */
  item: z.string(),
  quantity: z.string(),
  /** timestamp for usage, date for hours */
  when: z.string(),
  /** the external id (event_id / entry_id), if the source had one */
  external_id: z.string().nullable(),
  person: z.string().nullable(),
  /** only when asked for an anomaly's rows among a line's: whether that finding points at this row */
  flagged: z.boolean().optional(),
});
export type SourceRow = z.infer<typeof sourceRow>;

/** Columns source rows can be sorted by (on the server, over every row, not only the loaded page). */
export const sourceSortColumns = ['when', 'file', 'line', 'account_id', 'item', 'quantity', 'external_id', 'person', 'id'] as const;
export type SourceSortColumn = (typeof sourceSortColumns)[number];
const sourceSort = { sort: z.enum(sourceSortColumns).default('when'), desc: z.boolean().default(false) };
/** A line's rows may also be sorted by whether an anomaly points at them (flagged first with desc). */
const lineSourceSort = { sort: z.enum([...sourceSortColumns, 'flagged']).default('when'), desc: z.boolean().default(false) };
const csvFile = z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int(), total: z.number().int() });

/** Where a source row was billed: the invoice, and the lines of the charge that priced it (none when all of it was included). */
export const sourceBilling = z.object({
  invoice_id: z.string(),
  status: invoiceStatus,
  period: z.string(),
  currency: z.string(),
  charge_position: z.number().int(),
  lines: z.array(z.object({ line_id: z.number().int(), description: z.string(), amount: money })),
});
export type SourceBilling = z.infer<typeof sourceBilling>;

export const anomalySummary = z.object({
  anomaly_id: z.string(),
  rule: z.string(),
  severity,
  message: z.string(),
  status: anomalyStatus,
  account_id: z.string().nullable(),
  agreement_id: z.string().nullable(),
  invoice_id: z.string().nullable(),
  person: z.string().nullable(),
});
export type AnomalySummary = z.infer<typeof anomalySummary>;

/** An anomaly as the explorer shows it: the contract's fields plus who owns the deal and the review trail. */
export const anomalyRow = anomalySummary.extend({
  account_name: z.string().nullable(),
  owner: z.string().nullable(),
  line_id: z.number().int().nullable(),
  /** the stable key of that line (see invoiceLineDetail.line_key), for links */
  line_key: z.string().nullable(),
  metric: z.string().nullable(),
  invoice_status: invoiceStatus.nullable(),
  status_note: z.string().nullable(),
  first_seen: z.string(),
  /** how many usage or hours rows the rule linked to the finding */
  source_count: z.number().int(),
});
export type AnomalyRow = z.infer<typeof anomalyRow>;

const perCurrency = z.array(z.object({ currency: z.string(), amount: money }));
export type PerCurrency = z.infer<typeof perCurrency>;

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
});
export type DashboardSummary = z.infer<typeof dashboardSummary>;

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  /** one line a person reads in the timeline, e.g. "Approved with an override" */
  summary: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const usageTrend = z.object({
  account_id: z.string(),
  period: z.string(),
  /** per metric the agreement bills, the account's exact usage per period (oldest first, a point for every period, "0" when none) */
  metrics: z.array(z.object({ metric: z.string(), points: z.array(z.object({ period: z.string(), quantity: z.string() })) })),
  /** the agreement's invoice total per period (null where it had none) */
  totals: z.array(z.object({ period: z.string(), total: money.nullable() })),
});
export type UsageTrend = z.infer<typeof usageTrend>;

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
  }),
  /** every import that brought rows for the period: rows = imported + duplicates + rejected */
  files: z.array(
    z.object({ batch_id: z.number().int(), file: z.string(), kind: importKind, rows: z.number().int(), imported: z.number().int(), duplicates: z.number().int(), rejected: z.number().int(), balanced: z.boolean() }),
  ),
  /** billed + unbilled = rows for usage and billable hours, and every file balances */
  balanced: z.boolean(),
  /** unbilled usage records and time entries that no anomaly explains: the period is in order only when this is 0 */
  unexplained: z.number().int(),
  /** balanced, and every unbilled row explained: the one verdict every screen shows */
  in_order: z.boolean(),
});
export type Reconciliation = z.infer<typeof reconciliation>;

export const adjustmentRow = z.object({
  id: z.number().int(),
  agreement_id: z.string(),
  period: z.string(),
  description: z.string(),
  amount: money,
  reason: z.string(),
  created_by: z.string(),
  created_at: z.string(),
});
export type AdjustmentRow = z.infer<typeof adjustmentRow>;

export const brandingInfo = z.object({
  company_name: z.string(),
  company_address: z.string(),
  /** whether a logo is set (the image itself stays in the engine) */
  has_logo: z.boolean(),
  accent_color: z.string(),
  payment_instructions: z.string(),
  footer: z.string(),
  tax_label: z.string(),
  /** the seller's tax / VAT registration number printed on the PDFs ('' for none) */
  tax_id: z.string(),
});
export type BrandingInfo = z.infer<typeof brandingInfo>;

export const numberingInfo = z.object({ invoice_format: z.string(), credit_note_format: z.string() });
/** how many invoice and credit-note numbers were issued: changing a format after that needs confirming */
export const issuedNumbers = z.object({ invoice: z.number().int(), credit_note: z.number().int() });
const brandingResult = z.object({ branding: brandingInfo, numbering: numberingInfo, issued_numbers: issuedNumbers });

export const exportResult = z.object({
  period: z.string(),
  outDir: z.string(),
  invoices: z.array(z.object({ invoice_id: z.string(), invoice_number: z.string(), document_type: z.enum(['invoice', 'credit_note']), file: z.string(), newly_finalized: z.boolean() })),
  register: z.string(),
  journal: z.string(),
});
export type ExportResultInfo = z.infer<typeof exportResult>;

/** Documents of one currency the export finalizes: how many, and their totals. */
const currencyTotals = z.object({ currency: z.string(), count: z.number().int(), total: money, amount_due: money });
const documentType = z.enum(['invoice', 'credit_note']);

/** What `billing export` / the export page will do to a period, computed before anything changes. */
export const exportSummary = z.object({
  period,
  /** approved invoices the export finalizes now, per currency */
  invoices: z.array(currencyTotals),
  /** approved credit notes the export finalizes now, per currency (negative totals) */
  credit_notes: z.array(currencyTotals),
  /** how many documents the export finalizes now */
  to_finalize: z.number().int(),
  /** finalized before: their files are written again if missing */
  already_finalized: z.number().int(),
  /** drafts the export leaves alone: they need an approval first */
  drafts_left: z.object({ invoices: z.number().int(), on_hold: z.number().int(), credit_notes: z.array(z.string()) }),
  /** approved documents whose error anomalies are still open: a reviewer approved them with an override */
  overridden: z.array(
    z.object({
      invoice_id: z.string(),
      document_type: documentType,
      account_name: z.string(),
      open_errors: z.number().int(),
      approved_by: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  /** documents that cannot be finalized; while any is listed the export is refused as a whole */
  blocked: z.array(z.object({ invoice_id: z.string(), document_type: documentType, currency: z.string(), reason: z.string() })),
});
export type ExportSummary = z.infer<typeof exportSummary>;

export const ruleInfo = z.object({
  id: z.string(),
  description: z.string(),
  default_severity: severity,
  severity,
  enabled: z.boolean(),
  thresholds: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      default: z.string(),
      value: z.string(),
      integer: z.boolean(),
      min: z.string().nullable(),
      max: z.string().nullable(),
    }),
  ),
});
export type RuleInfo = z.infer<typeof ruleInfo>;

/** Prescreening figures of one import or one period (see electron/engine/anomalies/data-quality.ts). */
export const dataQuality = z.object({
  scope: z.object({ batch_id: z.number().int().nullable(), period: z.string().nullable() }),
  batches: z.array(z.number().int()),
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  rejected_by_field: z.array(z.object({ field: z.string().nullable(), rows: z.number().int() })),
  unbilled_usage: z.array(z.object({ metric: z.string(), records: z.number().int(), quantity: z.string(), accounts: z.number().int() })),
  unbilled_usage_records: z.number().int(),
  unbilled_hours: z.object({ entries: z.number().int(), hours: z.string() }),
  accounts_without_agreement: z.array(z.object({ account_id: z.string(), usage_records: z.number().int(), time_entries: z.number().int() })),
});
export type DataQuality = z.infer<typeof dataQuality>;

export const appStatus = z.object({
  dbPath: z.string(),
  reviewer: z.string(),
  /** the host's default reviewer (the operating-system user, or --as), used when Settings names nobody */
  hostReviewer: z.string(),
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
  ratedPeriods: z.array(z.string()),
});
export type AppStatus = z.infer<typeof appStatus>;

export const progressEvent = z.object({
  jobId: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
});
export type ProgressEvent = z.infer<typeof progressEvent>;

function method<A extends z.ZodType, R extends z.ZodType>(args: A, result: R, description: string) {
  return { args, result, description };
}

export const api = {
  'app.status': method(z.object({}), appStatus, 'database location, reviewer and what data is loaded'),
  'demo.load': method(
    z.object({ jobId }),
    z.object({ files: z.array(importFileResult), periods: z.array(z.string()) }),
    'generate the seeded demo book and import it',
  ),
  'import.files': method(
    z.object({ jobId, files: z.array(fileRef).min(1).max(100), kind: importKind.optional(), profile: profileName.optional(), profileFile: fileRef.optional() }),
    z.object({ files: z.array(importFileResult), refused: z.array(z.object({ file: z.string(), reason: z.string() })), rerated: z.array(rerateImpact) }),
    'import usage, hours or agreement files, optionally through a built-in profile or a profile file',
  ),
  'import.profiles': method(z.object({}), z.array(importProfileInfo), 'the built-in import profiles'),
  'import.history': method(z.object({}), z.array(importBatch), 'every import, newest first'),
  'import.rejected': method(
    z.object({ ...rejectionFilter, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) }),
    z.object({
      total: z.number().int(),
      rows: z.array(rejectedRow),
      /** how many of the selected rows each field rejected (null: the row as a whole) */
      fields: z.array(z.object({ field: z.string().nullable(), count: z.number().int() })),
    }),
    'rejected rows with file, line, field, reason and raw text, paged',
  ),
  'import.rejectedCsv': method(
    z.object(rejectionFilter),
    z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
    'the selected rejected rows as a formula-safe CSV',
  ),
  'import.undo': method(
    z.object({ jobId, batchId: z.number().int().positive(), reason: z.string().trim().max(2000).optional() }),
    z.object({
      batchId: z.number().int(),
      file: z.string(),
      removed: z.object({ usage: z.number().int(), hours: z.number().int(), agreements: z.number().int(), charges: z.number().int(), rejected: z.number().int() }),
      deletedDrafts: z.array(z.string()),
      rerated: z.array(rerateImpact),
    }),
    "remove an import's rows (audited) and re-rate the draft periods they were billed in",
  ),
  'period.rate': method(
    z.object({ jobId, period }),
    z.object({ period, invoices: z.number().int(), anomalies: z.number().int(), durationMs: z.number() }),
    'rate every agreement active in the period into draft invoices',
  ),
  'invoices.list': method(z.object({ period }), z.array(invoiceSummary), "the period's invoices"),
  'invoices.get': method(z.object({ invoiceId: z.string().min(1).max(300) }), invoiceDetail, 'one invoice with its lines'),
  'invoices.pdf': method(
    z.object({ invoiceId: z.string().min(1).max(300) }),
    z.object({ fileName: z.string(), base64: z.string() }),
    "render the invoice's PDF from its stored figures (a preview for drafts)",
  ),
  'lines.sources': method(
    z.object({
      lineId: z.number().int().positive(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      ...lineSourceSort,
      /** mark the rows this anomaly points at (`flagged`), and count them */
      anomalyId: z.string().min(1).max(128).optional(),
    }),
    z.object({ total: z.number().int(), rows: z.array(sourceRow), flagged: z.number().int().optional() }),
    'the source rows a line was computed from, sorted and paged over all of them',
  ),
  'lines.sourcesCsv': method(
    z.object({ lineId: z.number().int().positive(), ...lineSourceSort, anomalyId: z.string().min(1).max(128).optional() }),
    csvFile,
    "a line's source rows as a formula-safe CSV, in the given order",
  ),
  'sources.billing': method(
    z.object({ sourceKind: z.enum(['usage', 'hours']), sourceId: z.number().int().positive() }),
    z.array(sourceBilling),
    'which invoice line billed a source row',
  ),
  'sources.unbilled': method(
    z.object({ period, kind: z.enum(['usage', 'hours']), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) }),
    z.object({ total: z.number().int(), rows: z.array(sourceRow) }),
    "the period's usage records or billable hours that no invoice billed, paged",
  ),
  'anomalies.list': method(z.object({ period }), z.array(anomalySummary), "the period's anomalies"),
  'invoices.approve': method(
    z.object({ invoiceIds: z.array(z.string().min(1).max(300)).min(1).max(5000), overrideReason: z.string().trim().min(3).max(2000).optional() }),
    z.array(z.object({ invoice_id: z.string(), status: z.literal('approved'), overridden: z.boolean() })),
    'approve drafts; open error anomalies need an override reason, which is audited',
  ),
  'anomalies.acknowledge': method(
    z.object({ anomalyId: z.string().min(1).max(128), note: z.string().trim().min(1).max(2000) }),
    anomalySummary,
    'acknowledge an anomaly with a note (audited)',
  ),
  'anomalies.dismiss': method(
    z.object({ anomalyId: z.string().min(1).max(128), reason: z.string().trim().min(1).max(2000) }),
    anomalySummary,
    'dismiss an anomaly as expected, with a reason (audited)',
  ),
  'rules.list': method(z.object({}), z.array(ruleInfo), 'every anomaly rule with its severity, switch and thresholds'),
  'rules.update': method(
    z.object({
      jobId,
      ruleId: z.string().min(1).max(64),
      enabled: z.boolean().optional(),
      severity: severity.nullable().optional(),
      thresholds: z.record(z.string().max(64), z.string().max(40).nullable()).optional(),
      /** the period to re-evaluate at once (detection runs again on its invoices) */
      period: period.optional(),
    }),
    z.object({ rule: ruleInfo, reevaluated: z.object({ period, anomalies: z.number().int() }).nullable() }),
    "change one rule's settings (audited) and re-evaluate the period",
  ),
  'settings.setReviewer': method(
    z.object({ name: z.string().trim().min(1).max(100).nullable() }),
    z.object({ reviewer: z.string() }),
    'name the reviewer recorded in the audit trail (null returns to the operating-system user)',
  ),
  'quality.summary': method(
    z.union([z.object({ period }), z.object({ batchId: z.number().int().positive() })]),
    dataQuality,
    'data-quality figures of a period or an import: rejected, duplicates, unbilled usage and hours, accounts without agreements',
  ),
  'dashboard.summary': method(
    z.object({ period, currency: z.string().regex(/^[A-Z]{3,4}$/).optional() }),
    dashboardSummary,
    "the period's KPIs and chart series",
  ),
  'invoices.hold': method(
    z.object({ invoiceIds: z.array(z.string().min(1).max(300)).min(1).max(5000), hold: z.boolean(), reason: z.string().trim().min(3).max(2000) }),
    z.array(z.object({ invoice_id: z.string(), on_hold: z.boolean() })),
    'put drafts on hold (they cannot be approved) or release them; audited with the reason',
  ),
  'invoices.audit': method(z.object({ invoiceId: z.string().min(1).max(300) }), z.array(auditEntry), "the invoice's audit timeline, oldest first, including its anomalies and adjustments"),
  'invoices.trend': method(
    z.object({ invoiceId: z.string().min(1).max(300), periods: z.number().int().min(2).max(36).default(12) }),
    usageTrend,
    "the account's usage per period of the metrics the agreement bills, up to the invoice's period",
  ),
  'adjustments.list': method(z.object({ invoiceId: z.string().min(1).max(300) }), z.array(adjustmentRow), "the manual adjustments of an invoice's agreement and period"),
  'adjustments.add': method(
    z.object({
      jobId,
      invoiceId: z.string().min(1).max(300),
      description: z.string().trim().min(1).max(200),
      /** signed decimal: negative credits the customer, positive charges more; the engine checks it (shared/adjustment-amount.ts) so a refusal says why */
      amount: z.string().max(60),
      reason: z.string().trim().min(3).max(2000),
    }),
    z.object({ adjustment: adjustmentRow, invoice_id: z.string(), total: money }),
    'add a manual credit or debit line to a draft (audited); the invoice is re-rated with it',
  ),
  'adjustments.remove': method(
    z.object({ jobId, adjustmentId: z.number().int().positive(), reason: z.string().trim().min(3).max(2000) }),
    z.object({ invoice_id: z.string(), total: money }),
    'remove a manual adjustment from a draft (audited); the invoice is re-rated without it',
  ),
  'anomalies.explore': method(z.object({ period }), z.array(anomalyRow), "every anomaly of the period with owner, review note and source count"),
  'anomalies.sources': method(
    z.object({ anomalyId: z.string().min(1).max(128), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100), ...sourceSort }),
    z.object({
      total: z.number().int(),
      found: z.number().int(),
      rows: z.array(sourceRow),
      agreements: z.array(z.object({ agreement_id: z.string(), account_id: z.string(), file: z.string(), line: z.number().int(), start_date: z.string(), end_date: z.string().nullable() })),
    }),
    'the source rows (and agreements) behind an anomaly, sorted and paged over all of them',
  ),
  'anomalies.sourcesCsv': method(
    z.object({ anomalyId: z.string().min(1).max(128), ...sourceSort }),
    csvFile,
    "an anomaly's source rows as a formula-safe CSV, in the given order",
  ),
  'anomalies.acknowledgeMany': method(
    z.object({ anomalyIds: z.array(z.string().min(1).max(128)).min(1).max(5000), note: z.string().trim().min(1).max(2000) }),
    z.object({ acknowledged: z.number().int() }),
    'acknowledge many anomalies with one note (each audited)',
  ),
  'anomalies.reopen': method(
    z.object({ anomalyId: z.string().min(1).max(128), note: z.string().trim().max(2000).optional() }),
    anomalySummary,
    'reopen an acknowledged or dismissed anomaly (audited)',
  ),
  'league.table': method(z.object({ period }), z.array(leagueRow), 'per sales owner: accounts, share of invoices with errors, adjustments and amounts'),
  'reconciliation.period': method(z.object({ period }), reconciliation, "every usage row and billable hour of the period accounted for as billed, unbilled or rejected"),
  'creditNotes.lines': method(
    z.object({ invoiceId: z.string().min(1).max(300) }),
    z.object({
      invoice_id: z.string(),
      currency: z.string(),
      lines: z.array(
        z.object({
          line_id: z.number().int(),
          kind: z.string(),
          description: z.string(),
          amount: money,
          /** how much of the line credit notes credit already */
          credited: money,
          /** what is left to credit of it */
          remaining: money,
          /** the credit notes crediting (part of) it, comma-separated */
          credited_by: z.string().nullable(),
        }),
      ),
    }),
    "a finalized invoice's lines, how much of each is credited already and by which credit notes",
  ),
  'creditNotes.create': method(
    z.object({
      invoiceId: z.string().min(1).max(300),
      reason: z.string().trim().min(3).max(2000),
      lineIds: z.array(z.number().int().positive()).min(1).max(1000).optional(),
      /** an amount of the one line in lineIds, e.g. "12.34" (the engine checks sign, decimals and what is left) */
      amount: z.string().trim().min(1).max(40).optional(),
    }),
    z.object({ credit_note_id: z.string(), credits_invoice_id: z.string(), credits_invoice_number: z.string(), total: money }),
    'credit a finalized invoice in full, some of its lines, or an amount of one line (audited); the draft note is approved like an invoice and numbered at the next export',
  ),
  'creditNotes.discard': method(
    z.object({ creditNoteId: z.string().min(1).max(300), reason: z.string().trim().min(3).max(2000) }),
    z.object({ credit_note_id: z.string(), credits_invoice_id: z.string() }),
    'discard a draft credit note with a reason (audited); what it credited can be credited again',
  ),
  'settings.branding': method(z.object({}), brandingResult, 'company branding on the PDFs and the numbering formats'),
  'settings.updateBranding': method(
    z.object({
      company_name: z.string().trim().min(1).max(200).optional(),
      company_address: z.string().max(1000).optional(),
      accent_color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
      payment_instructions: z.string().max(2000).optional(),
      footer: z.string().max(500).optional(),
      tax_label: z.string().trim().min(1).max(40).optional(),
      tax_id: z.string().trim().max(50).optional(),
      /** a PNG or JPEG chosen by the user */
      logo: fileRef.optional(),
      removeLogo: z.boolean().optional(),
      invoice_format: z.string().max(100).optional(),
      credit_note_format: z.string().max(100).optional(),
      /** the reviewer confirmed changing a number format after numbers of that kind were issued (refused otherwise) */
      confirmNumberingChange: z.boolean().optional(),
    }),
    brandingResult,
    'change branding and numbering (validated, audited)',
  ),
  'export.summary': method(
    z.object({ period }),
    exportSummary,
    "what exporting the period would finalize: counts and totals per currency, overridden errors, drafts left, documents that block it",
  ),
  'export.period': method(
    z.object({ jobId, period, issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), folder: fileRef.optional() }),
    exportResult,
    "finalize the period's approved invoices and credit notes (drafts stay drafts) and write PDFs, register and journal into the chosen folder (default: exports/<period> beside the database)",
  ),
  'jobs.cancel': method(z.object({ jobId: z.string().min(1).max(64) }), z.object({ cancelled: z.boolean() }), 'cancel a running job'),
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type ArgsOf<M extends MethodName> = z.input<Api[M]['args']>;
export type ParsedArgsOf<M extends MethodName> = z.output<Api[M]['args']>;
export type ResultOf<M extends MethodName> = z.output<Api[M]['result']>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}

/** The error shape every host returns: one sentence a person can act on. */
export const apiError = z.object({ error: z.string(), code: z.enum(['invalid', 'not_found', 'conflict', 'cancelled', 'failed']) });
export type ApiError = z.infer<typeof apiError>;

/** What the renderer calls, whichever host it runs in. */
export interface BillingClient {
  call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Asks the host for files: a native dialog in Electron, a browser upload in the preview. */
  pickFiles?(): Promise<z.infer<typeof fileRef>[]>;
}
