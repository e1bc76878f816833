/**
 * The temporary files an export writes before its commit: `.<file>.pdf.<pid>.partial`
 * next to where the PDF will land. The writing process's id is in the name so
 * the next export can tell the leftovers of a crashed export (its process is
 * gone) from the files of an export still running in another process.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { processRunning } from '../process-alive';

/** Ours only: a dot, an invoice PDF name (file-name.ts), optionally the writer's pid, `.partial`. */
const PARTIAL = /^\.([A-Za-z0-9][A-Za-z0-9._-]*\.pdf)(?:\.(\d{1,10}))?\.partial$/;

export function partialFileName(pdfFileName: string): string {
  return `.${pdfFileName}.${process.pid}.partial`;
}

/** Removes an export's own partial files: the transaction they were written for did not commit. */
export function removePartials(paths: Iterable<string>): void {
  for (const path of paths) rmSync(path, { force: true });
}

/**
 * Removes the partial PDFs a crashed export left in `folder`: ours by name, and
 * whose writer is no longer running (a name without a pid is from a version
 * before the pid was added, so no live export of this version owns it). Returns
 * the names removed. Other hidden files are never touched.
 */
export function removeStalePartials(folder: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(folder)) {
    const m = PARTIAL.exec(name);
    if (!m) continue;
    if (m[2] !== undefined && processRunning(Number(m[2]))) continue;
    rmSync(join(folder, name), { force: true });
    removed.push(name);
  }
  return removed;
}
