/**
 * Exporting a period (`export.period`, `billing export`). The database part
 * (finalize, number, keep each issued PDF) is the command's transaction; the
 * PDFs are rendered into hidden partial files meanwhile, renamed into place
 * only after the commit, and removed if the transaction rolls back. A file
 * cannot be un-written, so an export cannot run as a preview.
 */
import { discardExport, finalizeExport, writeExportFiles, type ExportRequest } from '../export/export-period';
import { command } from './command';

export const exportPeriodCommand = command({
  run: (sqlite, args: ExportRequest, ctx) => finalizeExport(sqlite, args, ctx),
  afterCommit: (sqlite, pending, ctx) => writeExportFiles(sqlite, pending, ctx),
  discard: (pending) => discardExport(pending),
  noPreview: 'An export writes files, so it cannot be previewed; the export summary shows what it would finalize.',
});
