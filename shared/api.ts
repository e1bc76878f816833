/**
 * The API contract: every method the renderer may call, with a zod schema for
 * its arguments and for its result. The Electron IPC host, the preview HTTP
 * host and the tests all validate against these schemas; types come from them.
 *
 * The schemas live in one module per domain under shared/api/; this file is
 * the one entry point: it lists every method and re-exports what the rest of
 * the app imports (the dependency rules refuse imports of shared/api/* from
 * outside shared/).
 */
import { z } from 'zod';
import { adjustmentMethods } from './api/adjustments';
import { anomalyMethods } from './api/anomalies';
import { changeMethods } from './api/changes';
import { fileRef } from './api/common';
import { controlMethods } from './api/controls';
import { creditNoteMethods } from './api/credit-notes';
import { exportMethods } from './api/exports';
import { importMethods } from './api/imports';
import { invoiceMethods } from './api/invoices';
import { jobMethods, type ProgressEvent } from './api/jobs';
import { ledgerMethods } from './api/ledger';
import { overviewMethods } from './api/overview';
import { runMethods } from './api/runs';
import { receivablesMethods } from './api/receivables';
import { settingsMethods } from './api/settings';
import { sourceMethods } from './api/sources';

export { adjustmentRow, type AdjustmentRow } from './api/adjustments';
export { anomalyRow, anomalySummary, dataQuality, ruleInfo, type AnomalyRow, type AnomalySummary, type DataQuality, type RuleInfo } from './api/anomalies';
export { changeImpact, invoiceImpact, previewRequest, type ChangeImpact, type InvoiceImpact, type PreviewableMethod, type PreviewRequest } from './api/changes';
export { fileRef, type PerCurrency } from './api/common';
export { correctionRow, periodLock, type CorrectionRow, type PeriodLockInfo } from './api/controls';
export { documentForm, exportResult, exportSummary, type DocumentForm, type ExportResultInfo, type ExportSummary } from './api/exports';
export {
  IMPORT_KINDS,
  importBatch,
  importFileResult,
  importKind,
  importProfileInfo,
  rejectedRow,
  rerateImpact,
  type ImportBatch,
  type ImportFileResult,
  type ImportKind,
  type ImportProfileInfo,
  type RejectedRow,
  type RerateImpact,
} from './api/imports';
export { auditEntry, invoiceDetail, invoiceLineDetail, invoiceSummary, usageTrend, type AuditEntry, type InvoiceDetail, type InvoiceLineDetail, type InvoiceSummary, type UsageTrend } from './api/invoices';
export { progressEvent, type ProgressEvent } from './api/jobs';
export {
  ACCOUNT_ROLES,
  LEDGER_FORMATS,
  REVENUE_KINDS,
  journalFileInfo,
  ledgerAccountsInfo,
  type AccountMap,
  type AccountRole,
  type JournalFileInfo,
  type LedgerAccountsInfo,
  type LedgerFormat,
  type RevenueKind,
} from './api/ledger';
export { appStatus, dashboardSummary, leagueRow, reconciliation, type AppStatus, type DashboardSummary, type LeagueRow, type Reconciliation } from './api/overview';
export { agingRow, creditLeagueRow, ownerQuery, paymentInfo, receivableItem, type AgingRow, type CreditLeagueRow, type OwnerQuery, type PaymentInfo, type ReceivableItem } from './api/receivables';
export { brandingInfo, issuedNumbers, numberingInfo, type BrandingInfo } from './api/settings';
export {
  agreementVersion,
  billRun,
  invoiceRunDiff,
  runCause,
  runDiff,
  type AgreementVersion,
  type FieldChange,
  type BillRun,
  type InvoiceRunDiff,
  type RunCause,
  type RunDiff,
  type RunTrigger,
} from './api/runs';
export { sourceBilling, sourceRow, sourceSortColumns, type SourceBilling, type SourceRow, type SourceSortColumn } from './api/sources';

const methods = {
  ...overviewMethods,
  ...importMethods,
  ...invoiceMethods,
  ...sourceMethods,
  ...anomalyMethods,
  ...adjustmentMethods,
  ...creditNoteMethods,
  ...settingsMethods,
  ...exportMethods,
  ...jobMethods,
  ...runMethods,
  ...controlMethods,
  ...changeMethods,
  ...receivablesMethods,
  ...ledgerMethods,
};

/**
 * Every method, in the order the contract has always listed them (the fuzz
 * test and the desktop fixtures walk this order). `satisfies` refuses the
 * build when a domain module defines a method that is not listed here.
 */
export const api = {
  'app.status': methods['app.status'],
  'demo.load': methods['demo.load'],
  'import.files': methods['import.files'],
  'import.profiles': methods['import.profiles'],
  'import.history': methods['import.history'],
  'import.rejected': methods['import.rejected'],
  'import.rejectedCsv': methods['import.rejectedCsv'],
  'import.undo': methods['import.undo'],
  'period.rate': methods['period.rate'],
  'invoices.list': methods['invoices.list'],
  'invoices.get': methods['invoices.get'],
  'invoices.pdf': methods['invoices.pdf'],
  'lines.sources': methods['lines.sources'],
  'lines.sourcesCsv': methods['lines.sourcesCsv'],
  'sources.billing': methods['sources.billing'],
  'sources.unbilled': methods['sources.unbilled'],
  'anomalies.list': methods['anomalies.list'],
  'invoices.approve': methods['invoices.approve'],
  'anomalies.acknowledge': methods['anomalies.acknowledge'],
  'anomalies.dismiss': methods['anomalies.dismiss'],
  'rules.list': methods['rules.list'],
  'rules.update': methods['rules.update'],
  'settings.setReviewer': methods['settings.setReviewer'],
  'quality.summary': methods['quality.summary'],
  'dashboard.summary': methods['dashboard.summary'],
  'invoices.hold': methods['invoices.hold'],
  'invoices.audit': methods['invoices.audit'],
  'invoices.trend': methods['invoices.trend'],
  'invoices.eInvoice': methods['invoices.eInvoice'],
  'adjustments.list': methods['adjustments.list'],
  'adjustments.add': methods['adjustments.add'],
  'adjustments.remove': methods['adjustments.remove'],
  'anomalies.explore': methods['anomalies.explore'],
  'anomalies.sources': methods['anomalies.sources'],
  'anomalies.sourcesCsv': methods['anomalies.sourcesCsv'],
  'anomalies.acknowledgeMany': methods['anomalies.acknowledgeMany'],
  'anomalies.reopen': methods['anomalies.reopen'],
  'league.table': methods['league.table'],
  'reconciliation.period': methods['reconciliation.period'],
  'creditNotes.lines': methods['creditNotes.lines'],
  'creditNotes.create': methods['creditNotes.create'],
  'creditNotes.discard': methods['creditNotes.discard'],
  'settings.branding': methods['settings.branding'],
  'settings.updateBranding': methods['settings.updateBranding'],
  'export.summary': methods['export.summary'],
  'export.forms': methods['export.forms'],
  'export.period': methods['export.period'],
  'jobs.cancel': methods['jobs.cancel'],
  'runs.list': methods['runs.list'],
  'runs.diff': methods['runs.diff'],
  'invoices.changes': methods['invoices.changes'],
  'agreements.versions': methods['agreements.versions'],
  'period.lock': methods['period.lock'],
  'period.close': methods['period.close'],
  'period.reopen': methods['period.reopen'],
  'settings.fourEyes': methods['settings.fourEyes'],
  'settings.setFourEyes': methods['settings.setFourEyes'],
  'corrections.list': methods['corrections.list'],
  'corrections.exclude': methods['corrections.exclude'],
  'corrections.include': methods['corrections.include'],
  'corrections.overrideQuantity': methods['corrections.overrideQuantity'],
  'corrections.removeOverride': methods['corrections.removeOverride'],
  'changes.preview': methods['changes.preview'],
  'receivables.aging': methods['receivables.aging'],
  'receivables.account': methods['receivables.account'],
  'receivables.league': methods['receivables.league'],
  'receivables.leagueCsv': methods['receivables.leagueCsv'],
  'receivables.leaguePdf': methods['receivables.leaguePdf'],
  'receivables.statementPdf': methods['receivables.statementPdf'],
  'queries.list': methods['queries.list'],
  'queries.raise': methods['queries.raise'],
  'queries.answer': methods['queries.answer'],
  'queries.resolve': methods['queries.resolve'],
  'settings.ledgerAccounts': methods['settings.ledgerAccounts'],
  'settings.updateLedgerAccounts': methods['settings.updateLedgerAccounts'],
  'export.journal': methods['export.journal'],
} as const satisfies Record<keyof typeof methods, unknown>;

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
