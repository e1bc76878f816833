/**
 * The API implementation: one handler per method of shared/api.ts, shared by
 * the Electron IPC host and the preview HTTP host. `dispatch` is the single
 * entry point: it validates the method name and the arguments before anything
 * runs, and the result against its schema after.
 */
import { api, isMethodName, type AnomalySummary, type ApiError, type ChangeImpact, type ImportFileResult, type MethodName, type ParsedArgsOf, type ResultOf } from '../../../shared/api';
import { dirname, join } from 'node:path';
import type { AnomalyRecord } from '../anomalies/review';
import { anomalySources, anomalySourcesCsv } from '../anomalies/sources';
import type { CommandName, CommandResult, RequestOf } from '../commands/registry';
import type { Previewed } from '../commands/run-command';
import { creditableLines } from '../credit-notes/credit-note';
import { exportForms } from '../export/export-forms';
import { exportSummary } from '../export/export-summary';
import { listAdjustments } from '../review/adjustments';
import { exploreAnomalies } from '../review/anomaly-explorer';
import { invoiceAudit } from '../review/audit-timeline';
import { brandingView, readLogo } from '../settings/branding';
import { dashboardSummary } from '../review/dashboard';
import { leagueTable } from '../review/league-table';
import { listQueries } from '../receivables/owner-queries';
import { accountView, agingView, leagueCsvFile, leaguePdfFile, leagueView, statementPdfFile } from '../receivables/receivables-views';
import { reconcilePeriod } from '../review/reconciliation';
import { usageTrend } from '../review/usage-trend';
import { agreementVersions } from '../runs/agreement-versions';
import { diffRuns } from '../runs/diff-runs';
import { invoiceChanges } from '../runs/invoice-changes';
import { listRuns } from '../runs/list-runs';
import type { Sqlite } from '../../../db/open';
import { renderStoredInvoicePdf } from '../export/stored-invoice-pdf';
import { eInvoiceView } from '../export/einvoice-document';
import { invoiceDetail, listInvoices } from '../review/invoice-queries';
import { lineSourcePage, lineSourceRows, lineSourcesCsv } from '../review/line-sources';
import { billingOfSource, unbilledSources } from '../review/provenance';
import { appStatus, listAnomalies } from '../review/status';
import { dataQualitySummary } from '../anomalies/data-quality';
import { listRules } from '../anomalies/settings';
import { listImportBatches } from '../import/import-batches';
import type { ImportFileSummary } from '../import/import-file';
import { listProfiles } from '../import/profiles';
import { rejectionsCsv, rejectionsPage } from '../review/rejections';
import { storedReviewerName } from '../settings/reviewer';
import { ConflictError } from '../errors';
import { describeError } from '../describe-error';
import { controlHandlers } from './control-handlers';
import { ledgerHandlers } from './ledger-handlers';

export interface HostServices {
  sqlite: Sqlite;
  dbPath: string;
  /** who acts when no reviewer name is set in Settings (the operating-system user, or --as) */
  actor: string;
  /** maps a file token issued by the host (dialog pick, drop, upload) to a readable path */
  resolveFile(token: string): string;
  /** maps a folder token issued by the host (a folder dialog pick) to a writable folder; hosts without folder picks leave it out */
  resolveFolder?(token: string): string;
  /** runs an engine command (every write) off the event loop as `actor`, reporting progress under `jobId` */
  runCommand<N extends CommandName>(request: RequestOf<N>, jobId: string | undefined, actor: string): Promise<CommandResult<N>>;
  /** the same as a preview (change-control.md): its result and its impact, nothing kept; hosts without previews leave it out */
  previewCommand?: <N extends CommandName>(request: RequestOf<N>, jobId: string | undefined, actor: string) => Promise<Previewed<N>>;
  cancelJob(jobId: string): boolean;
}

function summary(record: AnomalyRecord): AnomalySummary {
  const { anomaly_id, rule, severity, message, status, account_id, agreement_id, invoice_id, person } = record;
  return { anomaly_id, rule, severity, message, status, account_id, agreement_id, invoice_id, person };
}

/** An engine import summary in the contract's casing. */
function fileResult({ batchId, durationMs, ...file }: ImportFileSummary): ImportFileResult {
  return { ...file, batch_id: batchId, duration_ms: durationMs };
}

/** An engine CSV download in the contract's casing. */
function csvResult<T extends { fileName: string }>({ fileName, ...csv }: T): Omit<T, 'fileName'> & { file_name: string } {
  return { ...csv, file_name: fileName };
}

export type Handlers = { [M in MethodName]: (args: ParsedArgsOf<M>) => Promise<ResultOf<M>> | ResultOf<M> };

/**
 * Thin by design: each handler parses what only the host can (file and folder
 * tokens), runs a read on the host's connection or one engine command, and
 * shapes the result to the contract.
 */
export function createHandlers(host: HostServices): Handlers {
  const actor = () => storedReviewerName(host.sqlite) ?? host.actor;
  const run = <N extends CommandName>(name: N, args: RequestOf<N>['args'], jobId?: string) => host.runCommand<N>({ name, args }, jobId, actor());
  return {
    'app.status': () => appStatus(host.sqlite, host.dbPath, actor(), host.actor),
    'demo.load': async ({ job_id }) => {
      const { files, periods } = await run('demo.load', {}, job_id);
      return { files: files.map(fileResult), periods };
    },
    'import.files': async ({ job_id, files, kind, profile, profile_file: profileFile }) => {
      if (profile && profileFile) throw new ConflictError('Choose either a built-in profile or a profile file, not both.');
      const profilePath = profileFile ? host.resolveFile(profileFile.token) : undefined;
      // The importer recognises a profile file by its ending; anything else would be taken for a built-in name.
      if (profilePath && !profilePath.toLowerCase().endsWith('.json')) throw new ConflictError(`The profile file ${profileFile?.name} is not a .json file.`);
      const args = {
        files: files.map((f) => ({ path: host.resolveFile(f.token), name: f.name })),
        ...(kind ? { kind } : {}),
        ...(profile || profilePath ? { profile: profile ?? profilePath } : {}),
      };
      const { files: results, refused, rerated } = await run('import.files', args, job_id);
      return { files: results.map(fileResult), refused, rerated };
    },
    'import.profiles': () => listProfiles().map(({ builtIn, ...profile }) => ({ ...profile, built_in: builtIn })),
    'import.history': () =>
      listImportBatches(host.sqlite).map(({ batchId, fileSize, durationMs, importedBy, importedAt, ...batch }) => ({
        ...batch,
        batch_id: batchId,
        file_size: fileSize,
        duration_ms: durationMs,
        imported_by: importedBy,
        imported_at: importedAt,
      })),
    'import.rejected': ({ offset, limit, batch_id, ...filter }) => rejectionsPage(host.sqlite, { ...filter, ...(batch_id !== undefined ? { batchId: batch_id } : {}) }, offset, limit),
    'import.rejectedCsv': ({ batch_id, ...filter }) => csvResult(rejectionsCsv(host.sqlite, { ...filter, ...(batch_id !== undefined ? { batchId: batch_id } : {}) })),
    'import.undo': async ({ job_id, batch_id, reason }) => {
      const result = await run('import.undo', { batchId: batch_id, reason: reason || null }, job_id);
      return { batch_id: result.batchId, file: result.file, removed: result.removed, deleted_drafts: result.deletedDrafts, rerated: result.rerated };
    },
    'period.rate': async ({ job_id, period }) => {
      const result = await run('period.rate', { period }, job_id);
      return { period: result.period, invoices: result.invoices, anomalies: result.anomalies, duration_ms: result.durationMs, later_periods: result.later_periods };
    },
    'invoices.list': ({ period }) => listInvoices(host.sqlite, period),
    'invoices.get': ({ invoice_id }) => invoiceDetail(host.sqlite, invoice_id),
    'invoices.pdf': async ({ invoice_id }) => {
      const { fileName, bytes } = await renderStoredInvoicePdf(host.sqlite, invoice_id);
      return { file_name: fileName, base64: Buffer.from(bytes).toString('base64') };
    },
    'invoices.eInvoice': ({ invoice_id, format }) => eInvoiceView(host.sqlite, invoice_id, format),
    'lines.sources': ({ line_id, anomaly_id, offset, limit, count, ...options }) =>
      (count ? lineSourceRows : lineSourcePage)(host.sqlite, line_id, offset, limit, { ...options, ...(anomaly_id !== undefined ? { anomalyId: anomaly_id } : {}) }),
    'lines.sourcesCsv': ({ line_id, anomaly_id, ...options }) =>
      csvResult(lineSourcesCsv(host.sqlite, line_id, { ...options, ...(anomaly_id !== undefined ? { anomalyId: anomaly_id } : {}) })),
    'sources.billing': ({ source_kind, source_id }) => billingOfSource(host.sqlite, source_kind, source_id),
    'sources.unbilled': ({ period, kind, offset, limit }) => unbilledSources(host.sqlite, period, kind, offset, limit),
    'anomalies.list': ({ period }) => listAnomalies(host.sqlite, period),
    'invoices.approve': ({ invoice_ids, override_reason }) => run('invoices.approve', { invoiceIds: invoice_ids, ...(override_reason !== undefined ? { overrideReason: override_reason } : {}) }),
    'anomalies.acknowledge': async ({ anomaly_id, note }) => summary(await run('anomalies.acknowledge', { anomalyId: anomaly_id, note })),
    'anomalies.dismiss': async ({ anomaly_id, reason }) => summary(await run('anomalies.dismiss', { anomalyId: anomaly_id, reason })),
    'rules.list': () => listRules(host.sqlite),
    'rules.update': ({ job_id, rule_id, period, ...patch }) => run('rules.update', { ruleId: rule_id, patch, ...(period !== undefined ? { period } : {}) }, job_id),
    'settings.setReviewer': async ({ name }) => {
      await run('settings.setReviewer', { name });
      return { reviewer: actor() };
    },
    'quality.summary': (scope) => dataQualitySummary(host.sqlite, 'batch_id' in scope ? { batchId: scope.batch_id } : scope),
    'dashboard.summary': ({ period, currency }) => dashboardSummary(host.sqlite, period, currency),
    'invoices.hold': ({ invoice_ids, hold, reason }) => run('invoices.hold', { invoiceIds: invoice_ids, hold, reason }),
    'invoices.audit': ({ invoice_id }) => invoiceAudit(host.sqlite, invoice_id),
    'invoices.trend': ({ invoice_id, periods }) => usageTrend(host.sqlite, invoice_id, periods),
    'adjustments.list': ({ invoice_id }) => listAdjustments(host.sqlite, invoice_id),
    'adjustments.add': ({ job_id, invoice_id, description, amount, reason }) => run('adjustments.add', { invoiceId: invoice_id, description, amount, reason }, job_id),
    'adjustments.remove': ({ job_id, adjustment_id, reason }) => run('adjustments.remove', { adjustmentId: adjustment_id, reason }, job_id),
    'anomalies.explore': ({ period }) => exploreAnomalies(host.sqlite, period),
    'anomalies.sources': ({ anomaly_id, offset, limit, sort, desc }) => anomalySources(host.sqlite, anomaly_id, offset, limit, { sort, desc }),
    'anomalies.sourcesCsv': ({ anomaly_id, sort, desc }) => csvResult(anomalySourcesCsv(host.sqlite, anomaly_id, { sort, desc })),
    'anomalies.acknowledgeMany': ({ anomaly_ids, note }) => run('anomalies.acknowledgeMany', { anomalyIds: anomaly_ids, note }),
    'anomalies.reopen': async ({ anomaly_id, note }) => summary(await run('anomalies.reopen', { anomalyId: anomaly_id, ...(note !== undefined ? { note } : {}) })),
    'league.table': ({ period }) => leagueTable(host.sqlite, period),
    'reconciliation.period': ({ period }) => reconcilePeriod(host.sqlite, period),
    'receivables.aging': ({ as_of }) => agingView(host.sqlite, as_of),
    'receivables.account': ({ account_id, as_of }) => accountView(host.sqlite, account_id, as_of),
    'receivables.league': ({ as_of, period }) => leagueView(host.sqlite, as_of, period),
    'receivables.leagueCsv': ({ as_of, period }) => leagueCsvFile(host.sqlite, as_of, period),
    'receivables.leaguePdf': ({ as_of, period }) => leaguePdfFile(host.sqlite, as_of, period),
    'receivables.statementPdf': ({ account_id, as_of }) => statementPdfFile(host.sqlite, account_id, as_of),
    'queries.list': ({ open_only }) => listQueries(host.sqlite, { openOnly: open_only === true }),
    'queries.raise': ({ kind, id, question }) => run('queries.raise', { subject: { kind, id }, question }),
    'queries.answer': ({ query_id, note }) => run('queries.answer', { queryId: query_id, note }),
    'queries.resolve': ({ query_id, note }) => run('queries.resolve', { queryId: query_id, note }),
    'creditNotes.lines': ({ invoice_id }) => creditableLines(host.sqlite, invoice_id),
    'creditNotes.create': async ({ invoice_id, reason, line_ids, amount }) => {
      const created = await run('creditNotes.create', { invoiceId: invoice_id, reason, lines: line_ids ?? 'all', ...(amount !== undefined ? { amount } : {}) });
      return { credit_note_id: created.credit_note_id, credits_invoice_id: created.credits_invoice_id, credits_invoice_number: created.credits_invoice_number, total: created.total };
    },
    'creditNotes.discard': ({ credit_note_id, reason }) => run('creditNotes.discard', { creditNoteId: credit_note_id, reason }),
    'settings.branding': () => brandingView(host.sqlite),
    'settings.updateBranding': ({ logo, remove_logo: removeLogo, invoice_format, credit_note_format, confirm_numbering_change: confirmNumberingChange, ...fields }) => {
      if (logo && removeLogo) throw new ConflictError('Choose either a new logo or removing the logo, not both.');
      const logoValue = logo ? readLogo(host.resolveFile(logo.token), logo.name) : removeLogo ? null : undefined;
      return run('settings.updateBranding', {
        branding: fields,
        ...(logoValue !== undefined ? { logo: logoValue } : {}),
        numbering: { invoice_format, credit_note_format },
        ...(confirmNumberingChange !== undefined ? { confirmNumberingChange } : {}),
      });
    },
    'export.summary': ({ period }) => exportSummary(host.sqlite, period),
    'export.forms': ({ period }) => exportForms(host.sqlite, period),
    'export.period': async ({ job_id, period, issue_date: issueDate, folder }) => {
      let outDir: string;
      if (folder) {
        if (!host.resolveFolder) throw new ConflictError('This window cannot choose an export folder; export to the default folder beside the database instead.');
        outDir = host.resolveFolder(folder.token);
      } else {
        outDir = join(dirname(host.dbPath), 'exports', period);
      }
      const result = await run('export.period', { period, outDir, ...(issueDate ? { issueDate } : {}) }, job_id);
      return { period: result.period, out_dir: result.outDir, invoices: result.invoices, register: result.register, journal: result.journal, einvoice_refused: result.einvoice_refused };
    },
    'jobs.cancel': ({ job_id }) => ({ cancelled: host.cancelJob(job_id) }),
    'runs.list': ({ period }) => listRuns(host.sqlite, period),
    'runs.diff': ({ period, from, to }) => diffRuns(host.sqlite, period, from, to),
    'invoices.changes': ({ invoice_id }) => invoiceChanges(host.sqlite, invoice_id),
    'agreements.versions': ({ agreement_id }) => agreementVersions(host.sqlite, agreement_id),
    ...controlHandlers(host.sqlite, run),
    ...ledgerHandlers(host.sqlite, run),
    // The previewed method's own handler, on a host whose commands run as previews: the arguments are mapped exactly as the applied call maps them.
    'changes.preview': async ({ method, args }) => {
      const preview = host.previewCommand;
      if (!preview) throw new ConflictError('This window cannot preview changes.');
      let impact: ChangeImpact | undefined;
      const previewing = createHandlers({
        ...host,
        runCommand: <N extends CommandName>(request: RequestOf<N>, jobId: string | undefined, actor: string) =>
          preview(request, jobId, actor).then((previewed): CommandResult<N> => {
            impact = previewed.impact;
            return previewed.result;
          }),
      });
      const result = api[method].result.parse(await (previewing[method] as (a: unknown) => unknown)(args));
      if (!impact) throw new Error(`${method} ran no command to preview`);
      return { impact, result };
    },
  };
}

export type DispatchOutcome = { ok: true; result: unknown } | { ok: false; error: ApiError };

export async function dispatch(handlers: Handlers, method: unknown, args: unknown): Promise<DispatchOutcome> {
  if (!isMethodName(method)) return { ok: false, error: { code: 'invalid', error: 'Unknown API method.' } };
  try {
    const spec = api[method];
    const parsed = spec.args.parse(args ?? {});
    const handler = handlers[method] as (a: unknown) => unknown;
    const result = spec.result.parse(await handler(parsed));
    return { ok: true, result };
  } catch (error) {
    const described = describeError(error);
    if (described.code === 'failed') console.error(`[api] ${method} failed:`, error);
    return { ok: false, error: described };
  }
}
