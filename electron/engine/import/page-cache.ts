/**
 * SQLite's page cache while a usage file is imported: raised for the import's
 * transaction, by the file's size, and put back when the file is done.
 */
import type { Sqlite } from '../../../db/open';

/**
 * Why these sizes. The inserts land all over the two indexes (event ids and
 * series come in no order), so every page of them is in the working set.
 * Measured on a million rows: with the connection's 64 MiB the indexes' pages
 * no longer fit, dirty pages spill to the WAL and are read back (4 s of system
 * time). SQLite's CPU time for the inserts: 27.2 s at 64 MiB, 24.1 s at
 * 96 MiB, 22.9 s at 128 MiB; 128 MiB took the bench's peak RSS to 281 MB, too
 * close to the 300 MB budget, so 96 MiB. A ten-million-row file outgrows
 * 96 MiB the same way: its inserts alone took 131.5 s at 96 MiB (31.6 s of it
 * system time), 109.5 s at 192 MiB and 101.1 s at 256 MiB (8.5 s), with the
 * process at 207, 321 and 397 MB. So a file larger than 192 MiB gets half its
 * size, up to 256 MiB (issue 18's budget there is 500 MB).
 */
const IMPORT_CACHE_KIB = 96 * 1024;
const BIG_FILE_CACHE_MAX_KIB = 256 * 1024;

/** The cache (KiB) a usage import of a file of `fileBytes` bytes gets. */
export function importCacheKib(fileBytes: number): number {
  return Math.min(BIG_FILE_CACHE_MAX_KIB, Math.max(IMPORT_CACHE_KIB, Math.floor(fileBytes / 2 / 1024)));
}

/** Raises the connection's page cache to at least `kib` KiB; returns the function that puts it back. */
export function growPageCache(sqlite: Sqlite, kib: number): () => void {
  const previous = Number(sqlite.pragma('cache_size', { simple: true }));
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const previousKib = previous < 0 ? -previous : (previous * pageSize) / 1024;
  if (previousKib >= kib) return () => {};
  sqlite.pragma(`cache_size = ${-kib}`);
  return () => sqlite.pragma(`cache_size = ${previous}`);
}
