/**
 * Exporting a period (`export.period`, `billing export`). The database part
 * (finalize, number, keep each issued PDF) is the command's transaction; the
 * PDFs are rendered into hidden partial files meanwhile, renamed into place
 * only after the commit, and removed if the transaction rolls back. A file
 * cannot be un-written, so an export cannot run as a preview.
 */
import type { ExportRequest } from '../export/export-period';
import { exportPeriodModule } from '../export/renderers';
import { removePartials } from '../export/partial-files';
import { command } from './command';

export const exportPeriodCommand = command({
  run: async (sqlite, args: ExportRequest, ctx) => (await exportPeriodModule()).finalizeExport(sqlite, args, ctx),
  afterCommit: async (sqlite, pending, ctx) => (await exportPeriodModule()).writeExportFiles(sqlite, pending, ctx),
  discard: (pending) => removePartials(pending.temporary.values()),
  noPreview: 'An export writes files, so it cannot be previewed; the export summary shows what it would finalize.',
});
