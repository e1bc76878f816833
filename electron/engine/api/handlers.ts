/**
 * The API implementation: one handler per method of shared/api.ts, shared by
 * the Electron IPC host and the preview HTTP host. `dispatch` is the single
 * entry point: it validates the method name and the arguments before anything
 * runs, and the result against its schema after.
 */
import { api, isMethodName, type AnomalySummary, type ApiError, type ChangeImpact, type MethodName, type ParsedArgsOf, type ResultOf } from '../../../shared/api';
import { dirname, join } from 'node:path';
import type { AnomalyRecord } from '../anomalies/review';
import { anomalySources, anomalySourcesCsv } from '../anomalies/sources';
import type { CommandName, CommandResult, RequestOf } from '../commands/registry';
import type { Previewed } from '../commands/run-command';
import { creditableLines } from '../credit-notes/credit-note';
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
import { invoiceDetail, listInvoices } from '../review/invoice-queries';
import { lineSourceRows, lineSourcesCsv } from '../review/line-sources';
import { billingOfSource, unbilledSources } from '../review/provenance';
import { appStatus, listAnomalies } from '../review/status';
import { dataQualitySummary } from '../anomalies/data-quality';
import { listRules } from '../anomalies/settings';
import { listImportBatches } from '../import/import-batches';
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

type Handlers = { [M in MethodName]: (args: ParsedArgsOf<M>) => Promise<ResultOf<M>> | ResultOf<M> };

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
    'demo.load': async ({ jobId }) => {
      const { files, periods } = await run('demo.load', {}, jobId);
      return { files, periods };
    },
    'import.files': async ({ jobId, files, kind, profile, profileFile }) => {
      if (profile && profileFile) throw new ConflictError('Choose either a built-in profile or a profile file, not both.');
      const profilePath = profileFile ? host.resolveFile(profileFile.token) : undefined;
      // The importer recognises a profile file by its ending; anything else would be taken for a built-in name.
      if (profilePath && !profilePath.toLowerCase().endsWith('.json')) throw new ConflictError(`The profile file ${profileFile?.name} is not a .json file.`);
      const args = {
        files: files.map((f) => ({ path: host.resolveFile(f.token), name: f.name })),
        ...(kind ? { kind } : {}),
        ...(profile || profilePath ? { profile: profile ?? profilePath } : {}),
      };
      const { files: results, refused, rerated } = await run('import.files', args, jobId);
      return { files: results, refused, rerated };
    },
    'import.profiles': () => listProfiles(),
    'import.history': () => listImportBatches(host.sqlite),
    'import.rejected': ({ offset, limit, ...filter }) => rejectionsPage(host.sqlite, filter, offset, limit),
    'import.rejectedCsv': (filter) => rejectionsCsv(host.sqlite, filter),
    'import.undo': async ({ jobId, batchId, reason }) => {
      const result = await run('import.undo', { batchId, reason: reason || null }, jobId);
      return { batchId: result.batchId, file: result.file, removed: result.removed, deletedDrafts: result.deletedDrafts, rerated: result.rerated };
    },
    'period.rate': async ({ jobId, period }) => {
      const result = await run('period.rate', { period }, jobId);
      return { period: result.period, invoices: result.invoices, anomalies: result.anomalies, durationMs: result.durationMs };
    },
    'invoices.list': ({ period }) => listInvoices(host.sqlite, period),
    'invoices.get': ({ invoiceId }) => invoiceDetail(host.sqlite, invoiceId),
    'invoices.pdf': async ({ invoiceId }) => {
      const { fileName, bytes } = await renderStoredInvoicePdf(host.sqlite, invoiceId);
      return { fileName, base64: Buffer.from(bytes).toString('base64') };
    },
    'lines.sources': ({ lineId, offset, limit, ...options }) => lineSourceRows(host.sqlite, lineId, offset, limit, options),
    'lines.sourcesCsv': ({ lineId, ...options }) => lineSourcesCsv(host.sqlite, lineId, options),
    'sources.billing': ({ sourceKind, sourceId }) => billingOfSource(host.sqlite, sourceKind, sourceId),
    'sources.unbilled': ({ period, kind, offset, limit }) => unbilledSources(host.sqlite, period, kind, offset, limit),
    'anomalies.list': ({ period }) => listAnomalies(host.sqlite, period),
    'invoices.approve': ({ invoiceIds, overrideReason }) => run('invoices.approve', { invoiceIds, ...(overrideReason !== undefined ? { overrideReason } : {}) }),
    'anomalies.acknowledge': async ({ anomalyId, note }) => summary(await run('anomalies.acknowledge', { anomalyId, note })),
    'anomalies.dismiss': async ({ anomalyId, reason }) => summary(await run('anomalies.dismiss', { anomalyId, reason })),
    'rules.list': () => listRules(host.sqlite),
    'rules.update': ({ jobId, ruleId, period, ...patch }) => run('rules.update', { ruleId, patch, ...(period !== undefined ? { period } : {}) }, jobId),
    'settings.setReviewer': async ({ name }) => {
      await run('settings.setReviewer', { name });
      return { reviewer: actor() };
    },
    'quality.summary': (scope) => dataQualitySummary(host.sqlite, scope),
    'dashboard.summary': ({ period, currency }) => dashboardSummary(host.sqlite, period, currency),
    'invoices.hold': ({ invoiceIds, hold, reason }) => run('invoices.hold', { invoiceIds, hold, reason }),
    'invoices.audit': ({ invoiceId }) => invoiceAudit(host.sqlite, invoiceId),
    'invoices.trend': ({ invoiceId, periods }) => usageTrend(host.sqlite, invoiceId, periods),
    'adjustments.list': ({ invoiceId }) => listAdjustments(host.sqlite, invoiceId),
    'adjustments.add': ({ jobId, invoiceId, description, amount, reason }) => run('adjustments.add', { invoiceId, description, amount, reason }, jobId),
    'adjustments.remove': ({ jobId, adjustmentId, reason }) => run('adjustments.remove', { adjustmentId, reason }, jobId),
    'anomalies.explore': ({ period }) => exploreAnomalies(host.sqlite, period),
    'anomalies.sources': ({ anomalyId, offset, limit, sort, desc }) => anomalySources(host.sqlite, anomalyId, offset, limit, { sort, desc }),
    'anomalies.sourcesCsv': ({ anomalyId, sort, desc }) => anomalySourcesCsv(host.sqlite, anomalyId, { sort, desc }),
    'anomalies.acknowledgeMany': ({ anomalyIds, note }) => run('anomalies.acknowledgeMany', { anomalyIds, note }),
    'anomalies.reopen': async ({ anomalyId, note }) => summary(await run('anomalies.reopen', { anomalyId, ...(note !== undefined ? { note } : {}) })),
    'league.table': ({ period }) => leagueTable(host.sqlite, period),
    'reconciliation.period': ({ period }) => reconcilePeriod(host.sqlite, period),
    'receivables.aging': ({ asOf }) => agingView(host.sqlite, asOf),
    'receivables.account': ({ accountId, asOf }) => accountView(host.sqlite, accountId, asOf),
    'receivables.league': ({ asOf, period }) => leagueView(host.sqlite, asOf, period),
    'receivables.leagueCsv': ({ asOf, period }) => leagueCsvFile(host.sqlite, asOf, period),
    'receivables.leaguePdf': ({ asOf, period }) => leaguePdfFile(host.sqlite, asOf, period),
    'receivables.statementPdf': ({ accountId, asOf }) => statementPdfFile(host.sqlite, accountId, asOf),
    'queries.list': ({ openOnly }) => listQueries(host.sqlite, { openOnly: openOnly === true }),
    'queries.raise': ({ kind, id, question }) => run('queries.raise', { subject: { kind, id }, question }),
    'queries.answer': ({ queryId, note }) => run('queries.answer', { queryId, note }),
    'queries.resolve': ({ queryId, note }) => run('queries.resolve', { queryId, note }),
    'creditNotes.lines': ({ invoiceId }) => creditableLines(host.sqlite, invoiceId),
    'creditNotes.create': async ({ invoiceId, reason, lineIds, amount }) => {
      const created = await run('creditNotes.create', { invoiceId, reason, lines: lineIds ?? 'all', ...(amount !== undefined ? { amount } : {}) });
      return { credit_note_id: created.credit_note_id, credits_invoice_id: created.credits_invoice_id, credits_invoice_number: created.credits_invoice_number, total: created.total };
    },
    'creditNotes.discard': ({ creditNoteId, reason }) => run('creditNotes.discard', { creditNoteId, reason }),
    'settings.branding': () => brandingView(host.sqlite),
    'settings.updateBranding': ({ logo, removeLogo, invoice_format, credit_note_format, confirmNumberingChange, ...fields }) => {
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
    'export.period': async ({ jobId, period, issueDate, folder }) => {
      let outDir: string;
      if (folder) {
        if (!host.resolveFolder) throw new ConflictError('This window cannot choose an export folder; export to the default folder beside the database instead.');
        outDir = host.resolveFolder(folder.token);
      } else {
        outDir = join(dirname(host.dbPath), 'exports', period);
      }
      const result = await run('export.period', { period, outDir, ...(issueDate ? { issueDate } : {}) }, jobId);
      return { period: result.period, outDir: result.outDir, invoices: result.invoices, register: result.register, journal: result.journal };
    },
    'jobs.cancel': ({ jobId }) => ({ cancelled: host.cancelJob(jobId) }),
    'runs.list': ({ period }) => listRuns(host.sqlite, period),
    'runs.diff': ({ period, from, to }) => diffRuns(host.sqlite, period, from, to),
    'invoices.changes': ({ invoiceId }) => invoiceChanges(host.sqlite, invoiceId),
    'agreements.versions': ({ agreementId }) => agreementVersions(host.sqlite, agreementId),
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
