/**
 * The API implementation: one handler per method of shared/api.ts, shared by
 * the Electron IPC host and the preview HTTP host. `dispatch` is the single
 * entry point: it validates the method name and the arguments before anything
 * runs, and the result against its schema after.
 */
import { api, isMethodName, type AnomalySummary, type ApiError, type MethodName, type ParsedArgsOf, type ResultOf } from '../../../shared/api';
import { dirname, join } from 'node:path';
import { acknowledgeAnomaly, dismissAnomaly, reopenAnomaly, type AnomalyRecord } from '../anomalies/review';
import { anomalySources, anomalySourcesCsv } from '../anomalies/sources';
import { createCreditNote, creditableLines, discardCreditNote } from '../export/credit-note';
import { exportSummary } from '../export/export-summary';
import { addAdjustment, listAdjustments, removeAdjustment, storedTotal } from '../review/adjustments';
import { acknowledgeMany, exploreAnomalies } from '../review/anomaly-explorer';
import { invoiceAudit } from '../review/audit-timeline';
import { brandingView, changeBranding, readLogo } from '../review/branding';
import { dashboardSummary } from '../review/dashboard';
import { setHold } from '../review/holds';
import { leagueTable } from '../review/league-table';
import { reconcilePeriod } from '../review/reconciliation';
import { usageTrend } from '../review/usage-trend';
import { approveInvoices } from '../review/approve';
import type { Sqlite } from '../../../db/open';
import type { JobRequest, JobResult } from '../jobs/jobs';
import { renderStoredInvoicePdf } from '../export/stored-invoice-pdf';
import { invoiceDetail, listInvoices } from '../review/invoice-queries';
import { lineSourceRows, lineSourcesCsv } from '../review/line-sources';
import { billingOfSource, unbilledSources } from '../review/provenance';
import { appStatus, listAnomalies } from '../review/status';
import { dataQualitySummary } from '../anomalies/data-quality';
import { listRules, updateRuleSettings } from '../anomalies/settings';
import { listImportBatches } from '../import/import-batches';
import { listProfiles } from '../import/profiles';
import { rejectionsCsv, rejectionsPage } from '../review/rejections';
import { setReviewerName, storedReviewerName } from '../settings/reviewer';
import { ConflictError, describeError } from './errors';

export interface HostServices {
  sqlite: Sqlite;
  dbPath: string;
  /** who acts when no reviewer name is set in Settings (the operating-system user, or --as) */
  actor: string;
  /** maps a file token issued by the host (dialog pick, drop, upload) to a readable path */
  resolveFile(token: string): string;
  /** maps a folder token issued by the host (a folder dialog pick) to a writable folder; hosts without folder picks leave it out */
  resolveFolder?(token: string): string;
  /** runs long work off the event loop as `actor`, reporting progress under `jobId` */
  runJob(request: JobRequest, jobId: string | undefined, actor: string): Promise<JobResult>;
  cancelJob(jobId: string): boolean;
}

function summary(record: AnomalyRecord): AnomalySummary {
  const { anomaly_id, rule, severity, message, status, account_id, agreement_id, invoice_id, person } = record;
  return { anomaly_id, rule, severity, message, status, account_id, agreement_id, invoice_id, person };
}

type Handlers = { [M in MethodName]: (args: ParsedArgsOf<M>) => Promise<ResultOf<M>> };

function expectKind<K extends JobResult['kind']>(result: JobResult, kind: K): Extract<JobResult, { kind: K }> {
  if (result.kind !== kind) throw new Error(`expected a ${kind} job result`);
  return result as Extract<JobResult, { kind: K }>;
}

export function createHandlers(host: HostServices): Handlers {
  const actor = () => storedReviewerName(host.sqlite) ?? host.actor;
  const runJob = (request: JobRequest, jobId: string | undefined) => host.runJob(request, jobId, actor());
  return {
    'app.status': async () => appStatus(host.sqlite, host.dbPath, actor(), host.actor),
    'demo.load': async ({ jobId }) => {
      const result = expectKind(await runJob({ kind: 'demo' }, jobId), 'demo');
      return { files: result.files, periods: result.periods };
    },
    'import.files': async ({ jobId, files, kind, profile, profileFile }) => {
      if (profile && profileFile) throw new ConflictError('Choose either a built-in profile or a profile file, not both.');
      const profilePath = profileFile ? host.resolveFile(profileFile.token) : undefined;
      // The importer recognises a profile file by its ending; anything else would be taken for a built-in name.
      if (profilePath && !profilePath.toLowerCase().endsWith('.json')) throw new ConflictError(`The profile file ${profileFile?.name} is not a .json file.`);
      const request: JobRequest = {
        kind: 'import',
        files: files.map((f) => ({ path: host.resolveFile(f.token), name: f.name })),
        ...(kind ? { importKind: kind } : {}),
        ...(profile || profilePath ? { profile: profile ?? profilePath } : {}),
      };
      const { files: results, refused, rerated } = expectKind(await runJob(request, jobId), 'import');
      return { files: results, refused, rerated };
    },
    'import.profiles': async () => listProfiles(),
    'import.history': async () => listImportBatches(host.sqlite),
    'import.rejected': async ({ offset, limit, ...filter }) => rejectionsPage(host.sqlite, filter, offset, limit),
    'import.rejectedCsv': async (filter) => rejectionsCsv(host.sqlite, filter),
    'import.undo': async ({ jobId, batchId, reason }) => {
      const { result } = expectKind(await runJob({ kind: 'undo', batchId, reason: reason || null }, jobId), 'undo');
      return { batchId: result.batchId, file: result.file, removed: result.removed, deletedDrafts: result.deletedDrafts, rerated: result.rerated };
    },
    'period.rate': async ({ jobId, period }) => {
      const { result } = expectKind(await runJob({ kind: 'rate', period }, jobId), 'rate');
      return { period: result.period, invoices: result.invoices, anomalies: result.anomalies, durationMs: result.durationMs };
    },
    'invoices.list': async ({ period }) => listInvoices(host.sqlite, period),
    'invoices.get': async ({ invoiceId }) => invoiceDetail(host.sqlite, invoiceId),
    'invoices.pdf': async ({ invoiceId }) => {
      const { fileName, bytes } = await renderStoredInvoicePdf(host.sqlite, invoiceId);
      return { fileName, base64: Buffer.from(bytes).toString('base64') };
    },
    'lines.sources': async ({ lineId, offset, limit, ...options }) => lineSourceRows(host.sqlite, lineId, offset, limit, options),
    'lines.sourcesCsv': async ({ lineId, ...options }) => lineSourcesCsv(host.sqlite, lineId, options),
    'sources.billing': async ({ sourceKind, sourceId }) => billingOfSource(host.sqlite, sourceKind, sourceId),
    'sources.unbilled': async ({ period, kind, offset, limit }) => unbilledSources(host.sqlite, period, kind, offset, limit),
    'anomalies.list': async ({ period }) => listAnomalies(host.sqlite, period),
    'invoices.approve': async ({ invoiceIds, overrideReason }) => approveInvoices(host.sqlite, invoiceIds, actor(), overrideReason),
    'anomalies.acknowledge': async ({ anomalyId, note }) => summary(acknowledgeAnomaly(host.sqlite, anomalyId, actor(), note)),
    'anomalies.dismiss': async ({ anomalyId, reason }) => summary(dismissAnomaly(host.sqlite, anomalyId, actor(), reason)),
    'rules.list': async () => listRules(host.sqlite),
    'rules.update': async ({ jobId, ruleId, period, ...patch }) => {
      const rule = updateRuleSettings(host.sqlite, ruleId, patch, actor());
      // Only a rated period has findings to re-evaluate; the next rating of any other applies the change anyway.
      const rated = period !== undefined && host.sqlite.prepare('SELECT 1 FROM invoices WHERE period = ? LIMIT 1').get(period) !== undefined;
      if (!rated) return { rule, reevaluated: null };
      const { result } = expectKind(await runJob({ kind: 'detect', period }, jobId), 'detect');
      return { rule, reevaluated: { period, anomalies: result.found } };
    },
    'settings.setReviewer': async ({ name }) => {
      setReviewerName(host.sqlite, name, actor());
      return { reviewer: actor() };
    },
    'quality.summary': async (scope) => dataQualitySummary(host.sqlite, scope),
    'dashboard.summary': async ({ period, currency }) => dashboardSummary(host.sqlite, period, currency),
    'invoices.hold': async ({ invoiceIds, hold, reason }) => setHold(host.sqlite, invoiceIds, hold, reason, actor()),
    'invoices.audit': async ({ invoiceId }) => invoiceAudit(host.sqlite, invoiceId),
    'invoices.trend': async ({ invoiceId, periods }) => usageTrend(host.sqlite, invoiceId, periods),
    'adjustments.list': async ({ invoiceId }) => listAdjustments(host.sqlite, invoiceId),
    'adjustments.add': async ({ jobId, invoiceId, description, amount, reason }) => {
      const { adjustment, invoice } = addAdjustment(host.sqlite, { invoiceId, description, amount, reason, actor: actor() });
      // Re-rating rebuilds the draft with its adjustments (rating reads the adjustments table).
      await runJob({ kind: 'rate', period: invoice.period }, jobId);
      return { adjustment, invoice_id: invoice.id, total: storedTotal(host.sqlite, invoice.id) };
    },
    'adjustments.remove': async ({ jobId, adjustmentId, reason }) => {
      const { invoice } = removeAdjustment(host.sqlite, adjustmentId, reason, actor());
      await runJob({ kind: 'rate', period: invoice.period }, jobId);
      return { invoice_id: invoice.id, total: storedTotal(host.sqlite, invoice.id) };
    },
    'anomalies.explore': async ({ period }) => exploreAnomalies(host.sqlite, period),
    'anomalies.sources': async ({ anomalyId, offset, limit, sort, desc }) => anomalySources(host.sqlite, anomalyId, offset, limit, { sort, desc }),
    'anomalies.sourcesCsv': async ({ anomalyId, sort, desc }) => anomalySourcesCsv(host.sqlite, anomalyId, { sort, desc }),
    'anomalies.acknowledgeMany': async ({ anomalyIds, note }) => acknowledgeMany(host.sqlite, anomalyIds, note, actor()),
    'anomalies.reopen': async ({ anomalyId, note }) => summary(reopenAnomaly(host.sqlite, anomalyId, actor(), note)),
    'league.table': async ({ period }) => leagueTable(host.sqlite, period),
    'reconciliation.period': async ({ period }) => reconcilePeriod(host.sqlite, period),
    'creditNotes.lines': async ({ invoiceId }) => creditableLines(host.sqlite, invoiceId),
    'creditNotes.create': async ({ invoiceId, reason, lineIds, amount }) => {
      const created = createCreditNote(host.sqlite, { invoiceId, reason, lines: lineIds ?? 'all', ...(amount !== undefined ? { amount } : {}), actor: actor() });
      return {
        credit_note_id: created.credit_note_id,
        credits_invoice_id: created.credits_invoice_id,
        credits_invoice_number: created.credits_invoice_number,
        total: storedTotal(host.sqlite, created.credit_note_id),
      };
    },
    'creditNotes.discard': async ({ creditNoteId, reason }) => discardCreditNote(host.sqlite, creditNoteId, actor(), reason),
    'settings.branding': async () => brandingView(host.sqlite),
    'settings.updateBranding': async ({ logo, removeLogo, invoice_format, credit_note_format, confirmNumberingChange, ...fields }) => {
      if (logo && removeLogo) throw new ConflictError('Choose either a new logo or removing the logo, not both.');
      const logoValue = logo ? readLogo(host.resolveFile(logo.token), logo.name) : removeLogo ? null : undefined;
      return changeBranding(host.sqlite, { branding: fields, logo: logoValue, numbering: { invoice_format, credit_note_format }, confirmNumberingChange }, actor());
    },
    'export.summary': async ({ period }) => exportSummary(host.sqlite, period),
    'export.period': async ({ jobId, period, issueDate, folder }) => {
      let outDir: string;
      if (folder) {
        if (!host.resolveFolder) throw new ConflictError('This window cannot choose an export folder; export to the default folder beside the database instead.');
        outDir = host.resolveFolder(folder.token);
      } else {
        outDir = join(dirname(host.dbPath), 'exports', period);
      }
      const { result } = expectKind(await runJob({ kind: 'export', period, outDir, ...(issueDate ? { issueDate } : {}) }, jobId), 'export');
      return { period: result.period, outDir: result.outDir, invoices: result.invoices, register: result.register, journal: result.journal };
    },
    'jobs.cancel': async ({ jobId }) => ({ cancelled: host.cancelJob(jobId) }),
  };
}

export type DispatchOutcome = { ok: true; result: unknown } | { ok: false; error: ApiError };

export async function dispatch(handlers: Handlers, method: unknown, args: unknown): Promise<DispatchOutcome> {
  if (!isMethodName(method)) return { ok: false, error: { code: 'invalid', error: 'Unknown API method.' } };
  try {
    const spec = api[method];
    const parsed = spec.args.parse(args ?? {});
    const handler = handlers[method] as (a: unknown) => Promise<unknown>;
    const result = spec.result.parse(await handler(parsed));
    return { ok: true, result };
  } catch (error) {
    const described = describeError(error);
    if (described.code === 'failed') console.error(`[api] ${method} failed:`, error);
    return { ok: false, error: described };
  }
}
