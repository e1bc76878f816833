/**
 * The long jobs and how to run one on a database connection. The same
 * function runs inline (CLI, tests) and inside the worker thread (app, preview),
 * so the engine does not care where it runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportKind } from '../../../shared/api';
import type { Sqlite } from '../../../db/open';
import { generateDemo } from '../demo/generate-demo';
import { exportPeriod, type ExportResult } from '../export/export-period';
import { importFiles, type ImportResult } from '../import/import-files';
import type { ImportFileSummary } from '../import/import-file';
import { undoImport, type UndoImportResult } from '../import/undo-import';
import { detectAnomalies, type DetectResult } from '../anomalies/detect';
import { ratePeriod, type RatePeriodResult } from '../rating/rate-period';
import { createJobContext, type JobContext } from '../job-context';

export type JobRequest =
  | { kind: 'import'; files: { path: string; name: string }[]; importKind?: ImportKind; profile?: string }
  | { kind: 'rate'; period: string }
  /** remove an import's rows and re-rate the rated periods they fell into, in one transaction */
  | { kind: 'undo'; batchId: number; reason: string | null }
  /** anomaly detection alone, after a rule setting changed (amounts are unaffected) */
  | { kind: 'detect'; period: string }
  | { kind: 'demo'; seed?: number; rows?: number }
  /** finalize the period's approved invoices and draft credit notes, write PDFs + register + journal into outDir */
  | { kind: 'export'; period: string; outDir: string; issueDate?: string };

export type JobResult =
  | ({ kind: 'import' } & ImportResult)
  | { kind: 'rate'; result: RatePeriodResult }
  | { kind: 'undo'; result: UndoImportResult }
  | { kind: 'detect'; result: DetectResult }
  | { kind: 'demo'; files: ImportFileSummary[]; periods: string[] }
  | { kind: 'export'; result: ExportResult };

/**
 * The demo book: generated into a temporary folder, imported in one transaction,
 * the folder removed. The months before the newest are then rated as drafts, so
 * the dashboard has history to compare with (trends, movers); the newest month
 * is left for the reviewer to rate. That history rating runs after the import
 * has committed, so it is not cancellable (a few seconds on the demo's size).
 */
async function loadDemo(sqlite: Sqlite, request: { seed?: number; rows?: number }, ctx: JobContext): Promise<JobResult> {
  const dir = mkdtempSync(join(tmpdir(), 'billing-demo-'));
  try {
    const demo = await generateDemo({
      outDir: dir,
      seed: request.seed,
      rows: request.rows,
      onProgress: (done, total) => {
        ctx.checkCancelled();
        ctx.progress('Generating demo data', done, total);
      },
    });
    const { files } = await importFiles(sqlite, { files: demo.files.map((path) => ({ path })) }, ctx);
    const history = demo.periods.slice(0, -1);
    const historyCtx = createJobContext({ actor: ctx.actor });
    history.forEach((period, index) => {
      ctx.progress('Rating the earlier months', index, history.length);
      ratePeriod(sqlite, period, historyCtx);
    });
    ctx.progress('Rating the earlier months', history.length, history.length);
    return { kind: 'demo', files, periods: demo.periods };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runJob(sqlite: Sqlite, request: JobRequest, ctx: JobContext): Promise<JobResult> {
  switch (request.kind) {
    case 'import':
      return { kind: 'import', ...(await importFiles(sqlite, { files: request.files, kind: request.importKind, profile: request.profile }, ctx)) };
    case 'rate':
      return { kind: 'rate', result: ratePeriod(sqlite, request.period, ctx) };
    case 'undo':
      return { kind: 'undo', result: undoImport(sqlite, request.batchId, ctx, request.reason) };
    case 'detect':
      return { kind: 'detect', result: detectAnomalies(sqlite, request.period, ctx) };
    case 'demo':
      return loadDemo(sqlite, request, ctx);
    case 'export':
      return {
        kind: 'export',
        result: await exportPeriod(sqlite, { period: request.period, outDir: request.outDir, ...(request.issueDate ? { issueDate: request.issueDate } : {}) }, ctx),
      };
  }
}
