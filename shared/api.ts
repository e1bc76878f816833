/**
 * The API contract: every method the renderer may call, with a zod schema for
 * its arguments and for its result. The Electron IPC host, the preview HTTP
 * host and the tests all validate against these schemas; types come from them.
 *
 * Long-running methods (import, rating, demo) accept an optional `jobId`
 * chosen by the caller: progress events carry it, and `jobs.cancel` takes it.
 */
import { z } from 'zod';
import { invoiceJsonSchema, invoiceStatus, lineKind, severity } from './domain';

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
  anomalies: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
});
export type InvoiceSummary = z.infer<typeof invoiceSummary>;

export const invoiceLineDetail = z.object({
  line_id: z.number().int(),
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
});
export type SourceRow = z.infer<typeof sourceRow>;

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
  status: z.enum(['open', 'acknowledged', 'dismissed']),
  account_id: z.string().nullable(),
  agreement_id: z.string().nullable(),
  invoice_id: z.string().nullable(),
  person: z.string().nullable(),
});
export type AnomalySummary = z.infer<typeof anomalySummary>;

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
    z.array(importFileResult),
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
      reratedPeriods: z.array(z.string()),
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
    z.object({ lineId: z.number().int().positive(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) }),
    z.object({ total: z.number().int(), rows: z.array(sourceRow) }),
    'the source rows a line was computed from, paged',
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
