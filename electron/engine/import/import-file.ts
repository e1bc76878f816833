/**
 * Imports one file into an open transaction: every record is either imported,
 * skipped as a duplicate (same id, or same content when there is no id), or
 * rejected with its line, field and reason and kept. The batch row records the
 * counts, which always add up to the records in the file.
 *
 * Steps: check the file is a readable text file (text-encoding.ts, one pass
 * that also hashes it), resolve the profile, read records in batches
 * (read-records.ts), tell the kind from the columns, translate through the
 * profile (apply-profile.ts), validate and store (write-*.ts). Agreements in
 * the CSV form are grouped by agreement_id first (agreement-csv.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportKind } from '../../../shared/api';
import type { Sqlite } from '../../../db/open';
import type { JobContext } from '../job-context';
import { AgreementGrouper, AgreementRowError, buildAgreement, isAgreementCsvHeader } from './agreement-csv';
import { createProfileMapper, type ProfileMapper } from './apply-profile';
import { bulkLoadIndexes, type BulkLoad } from './bulk-load';
import { RowError } from './fields';
import { fileLabel } from './file-label';
import { FileProblem } from './import-errors';
import { ImportFileError } from '../errors';
import type { ImportProfile } from './profile-schema';
import { resolveProfile, suggestProfile } from './profiles';
import { ROW_WIDTH, rowErrorReason, type PreparedUsage } from './prepare-usage';
import { formatOf, readRecords, type FieldValue, type ReadOptions, type SourceRecord } from './read-records';
import type { RowWriter } from './row-writer';
import { NotTextError, sniffFile } from './text-encoding';
import { agreementDocumentWriter, agreementStore, type AgreementStore } from './write-agreements';
import { hoursWriter } from './write-hours';
import { usageStore, type UsageStore } from './write-usage';
import { readInWorker, type ImportSource } from './worker-records';
import { importedTotals, type ImportedTotals } from './period-totals-upkeep';
import { emptyFigures } from './usage-figures';
import { rollupOverlapNote, usageRollupWriter } from './write-usage-rollups';
import { paymentWriter } from './write-payments';
import { growPageCache, importCacheKib } from './page-cache';
import { disputeWriter } from './write-disputes';


export interface ImportFileOptions {
  path: string;
  /** the name shown to people and stored with the batch (defaults to the path's base name); only a label */
  name?: string;
  kind?: ImportKind;
  /** a built-in profile's name, or the path of a .json profile file */
  profile?: string;
  /** the profile already resolved by the caller (importFiles resolves it once per job) */
  resolvedProfile?: ImportProfile | null;
  /**
   * Rebuild usage_records' secondary indexes once at the end instead of row by
   * row (bulk-load.ts): about a quarter faster on a million rows, but each
   * rebuild is a multi-second step without progress or cancellation, and its
   * sort uses memory. Off unless asked for (e.g. a headless backfill).
   */
  bulkIndexes?: boolean;
  /**
   * Where the records are read: by default files of READ_WORKER_MIN_BYTES and more go to the read
   * worker beside the running bundle (out/read-worker.mjs), when there is one; a path uses that
   * script for any file, false reads on this thread (tests compare the two).
   */
  readWorker?: string | false;
}

export interface ImportFileSummary {
  file: string;
  kind: ImportKind;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  batchId: number;
  durationMs: number;
  /** what a reviewer should know about how the file was read (encoding, skipped empty rows, changed agreements…) */
  notes?: string[];
}

/** The kind a file holds, told from its column names. */
export function kindFromColumns(columns: readonly string[]): ImportKind | null {
  const has = (name: string) => columns.includes(name);
  if (has('payment_id')) return 'payments';
  if (has('dispute_id')) return 'disputes';
  if (has('last_quantity') || (has('day') && has('sum') && has('count'))) return 'usage_rollup';
  if (has('charges') || (has('agreement_id') && (has('type') || has('charge_type')))) return 'agreements';
  if (has('metric') && has('quantity')) return 'usage';
  if (has('person') && has('hours')) return 'hours';
  return null;
}

/** Records held while the kind is still unknown (JSON whose first lines are broken). */
const MAX_PENDING = 100;
/**
 * How often, in records, cancellation is checked and progress offered inside a
 * batch: ~256 rows is a few milliseconds, so the job context's 250 ms throttle,
 * not this loop, decides when a report goes out.
 */
const CHECK_EVERY = 256;
const DAY_MS = 86_400_000;
/**
 * From this size on a file is read by the read worker (worker-records.ts). Starting the thread and
 * loading its bundle takes tens of milliseconds, about what reading 4 MiB of usage costs here.
 */
const READ_WORKER_MIN_BYTES = 4 << 20;

/** The read worker's script beside the running bundle; none when running from source (tests, tsx). */
function bundledReadWorker(): string | null {
  const path = fileURLToPath(new URL('./read-worker.mjs', import.meta.url));
  return existsSync(path) ? path : null;
}

/** Records read on this thread, in the read worker's shape (validation stays here). */
function readHere(path: string, options: ReadOptions): ImportSource {
  return Object.assign(readRecords(path, options), { figures: emptyFigures(), validateUsage() {} });
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

/** Imports one file. The caller owns the transaction (one per job). */
export async function importFile(sqlite: Sqlite, options: ImportFileOptions, ctx: JobContext): Promise<ImportFileSummary> {
  const started = Date.now();
  const label = fileLabel(options.name ?? basename(options.path));
  const fail = (problem: string) => new ImportFileError(`${label}${problem.startsWith(':') ? '' : ' '}${problem}.`);

  let size: number;
  try {
    const stat = statSync(options.path);
    if (!stat.isFile()) throw fail('is not a regular file');
    size = stat.size;
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw fail('could not be read');
  }

  const profile = options.resolvedProfile !== undefined ? options.resolvedProfile : resolveProfile(options.profile);
  if (profile?.kind && options.kind && profile.kind !== options.kind) {
    throw new ImportFileError(`The ${profile.name} profile reads ${profile.kind} files, but the import asked for ${options.kind}.`);
  }

  const checking = `Checking ${label}`;
  let sniff;
  try {
    sniff = await sniffFile(options.path, (done) => {
      ctx.checkCancelled();
      ctx.progress(checking, done, size);
    });
  } catch (error) {
    if (error instanceof NotTextError) throw fail(error.message);
    throw error;
  }
  if (sniff.blank) throw fail('is empty');
  const notes = [...sniff.notes];

  const phase = `Importing ${label}`;
  let bytesRead = 0;
  const format = formatOf(label);
  const onBytes = (bytes: number) => {
    bytesRead = bytes;
  };
  const readWorker = options.readWorker === false ? null : (options.readWorker ?? (size >= READ_WORKER_MIN_BYTES ? bundledReadWorker() : null));
  const reading = { format, encoding: sniff.encoding, delimiter: profile?.delimiter, badUtf8: sniff.badUtf8 > 0 };
  const source = readWorker ? readInWorker(readWorker, { path: options.path, ...reading }, onBytes) : readHere(options.path, { ...reading, onBytes });

  const now = Date.now();
  const notAfterTs = new Date(now + DAY_MS).toISOString();
  const notAfterDate = notAfterTs.slice(0, 10);

  let kind: ImportKind | null = options.kind ?? profile?.kind ?? null;
  let mapper: ProfileMapper | null = null;
  let batchId = 0;
  let write: RowWriter | null = null;
  let usage: UsageStore | null = null;
  let grouper: AgreementGrouper | null = null;
  let store: AgreementStore | null = null;
  let bulk: BulkLoad | null = null;
  let restoreCache: (() => void) | null = null;
  let totals: ImportedTotals | null = null;
  /** usage: the largest row id before this batch; its rows are the ids after it (db/schema.ts, first_row_id) */
  const usageIds: { after: number | null } = { after: null };
  const counts = { rows: 0, imported: 0, duplicates: 0, rejected: 0 };
  let updated = 0;
  const insertRejected = sqlite.prepare('INSERT INTO rejected_rows (batch_id, line, field, reason, raw) VALUES (?, ?, ?, ?, ?)');
  const pending: SourceRecord[] = [];

  const reject = (line: number, field: string | null, reason: string, raw: string) => {
    counts.rejected++;
    insertRejected.run(batchId, line, field, reason, raw);
  };

  /** Once the header is known: the profile's mapping, the kind, the batch row and the writer. */
  const begin = (resolved: ImportKind, columns: readonly string[]) => {
    kind = resolved;
    mapper?.requireFieldsOf(resolved);
    batchId = Number(
      sqlite
        .prepare('INSERT INTO import_batches (file_name, file_size, sha256, kind, profile, imported_by) VALUES (?, ?, ?, ?, ?, ?)')
        .run(label, size, sniff.sha256, resolved, profile?.name ?? null, ctx.actor).lastInsertRowid,
    );
    if (resolved === 'usage') {
      usageIds.after = sqlite.prepare('SELECT coalesce(max(id), 0) FROM usage_rows').pluck().get() as number;
      restoreCache = growPageCache(sqlite, importCacheKib(size));
      if (options.bulkIndexes) bulk = bulkLoadIndexes(sqlite, 'usage_rows', size);
      totals = importedTotals(sqlite, usageIds.after);
      const checks = { notAfter: notAfterTs };
      usage = usageStore(sqlite, batchId, checks, totals);
      write = usage.write;
      source.validateUsage(profile ?? null, checks);
    } else if (resolved === 'usage_rollup') {
      write = usageRollupWriter(sqlite, batchId, { notAfter: notAfterDate });
    } else if (resolved === 'hours') {
      write = hoursWriter(sqlite, batchId, { notAfter: notAfterDate });
    } else if (resolved === 'payments') {
      write = paymentWriter(sqlite, batchId, { notAfter: notAfterDate });
    } else if (resolved === 'disputes') {
      write = disputeWriter(sqlite, batchId, { notAfter: notAfterDate, actor: ctx.actor });
    } else {
      store = agreementStore(sqlite, batchId);
      if (isAgreementCsvHeader(columns)) grouper = new AgreementGrouper();
      else write = agreementDocumentWriter(store);
    }
  };

  /** Kind and mapping from the columns seen so far; false while they are not known yet. */
  const tryBegin = (): boolean => {
    const header = source.header;
    if (header.length === 0) return false;
    if (profile && !mapper) mapper = createProfileMapper(profile, header);
    const columns = mapper ? mapper.columns : header;
    const resolved = kind ?? kindFromColumns(columns);
    if (resolved === null) {
      const looksLike = profile ? null : suggestProfile(header);
      throw fail(
        profile
          ? `: could not tell whether this is a usage, hours, agreements, payments, disputes or usage rollup file from its columns after the ${profile.name} profile; set "kind" in the profile or choose the kind explicitly`
          : looksLike
            ? `looks like an export for the ${looksLike.name} profile (${looksLike.label}); import it with that profile`
            : ': could not tell whether this is a usage, hours, agreements, payments, disputes or usage rollup file from its columns; choose the kind explicitly',
      );
    }
    begin(resolved, columns);
    return true;
  };

  /** The agreement_id a rejected row was read with, if the profile can still map it. */
  const agreementIdOf = (fields: Record<string, FieldValue>): FieldValue | undefined => {
    try {
      return (mapper ? mapper.map(fields) : fields).agreement_id;
    } catch {
      return undefined;
    }
  };

  const handle = (record: SourceRecord) => {
    counts.rows++;
    if (record.error !== undefined) {
      reject(record.line, record.field ?? null, record.error, record.raw);
      grouper?.addUnreadable(record.line, record.raw);
      return;
    }
    try {
      const fields = mapper ? mapper.map(record.fields) : record.fields;
      if (grouper) {
        grouper.add({ line: record.line, raw: record.raw, fields });
        return;
      }
      const outcome = write!({ line: record.line, raw: record.raw, fields, sourceFields: record.fields });
      if (outcome === 'duplicate') counts.duplicates++;
      else counts.imported++;
      if (outcome === 'updated') updated++;
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      reject(record.line, error.field, rowErrorReason(error, record, mapper), record.raw);
      if (grouper) grouper.addUnreadable(record.line, record.raw, agreementIdOf(record.fields));
    }
  };

  /** Usage rows the read worker validated: only ever after begin('usage'), so the writer is there. */
  const storePrepared = (batch: PreparedUsage) => {
    counts.rows += batch.records;
    for (const r of batch.rejected) reject(r.line, r.field, r.reason, r.raw);
    const imported = usage!.storePrepared(batch);
    counts.imported += imported;
    counts.duplicates += batch.rows.length / ROW_WIDTH - imported;
  };

  try {
    try {
      for await (const batch of source.batches) {
        ctx.checkCancelled();
        ctx.progress(phase, Math.min(bytesRead, size), size);
        if (!Array.isArray(batch)) {
          storePrepared(batch);
          continue;
        }
        for (let i = 0; i < batch.length; i++) {
          const record = batch[i]!;
          if (batchId === 0) {
            if (!tryBegin()) {
              pending.push(record);
              if (pending.length > MAX_PENDING) throw fail(': could not tell whether this is a usage, hours, agreements, payments, disputes or usage rollup file; its first records are not readable');
              continue;
            }
            for (const held of pending.splice(0)) handle(held);
          }
          handle(record);
          if ((i & (CHECK_EVERY - 1)) === CHECK_EVERY - 1) {
            ctx.checkCancelled();
            ctx.progress(phase, Math.min(bytesRead, size), size);
          }
        }
      }
    } catch (error) {
      if (error instanceof FileProblem) throw fail(error.message);
      throw error;
    }

    if (batchId === 0) {
      if (source.blank) throw fail('is empty');
      if (!tryBegin()) {
        // No columns at all (an empty JSON array, a lone sep= line): fine as an empty batch when the kind is known.
        if (kind !== null) begin(kind, []);
        else if (pending.length === 0) throw fail('has no records, so whether it holds usage, hours, agreements, payments, disputes or usage rollups cannot be told; choose the kind explicitly');
        else throw fail(': could not tell whether this is a usage, hours, agreements, payments, disputes or usage rollup file from its columns; choose the kind explicitly');
      }
      for (const held of pending.splice(0)) handle(held);
    }

    if (grouper) writeAgreementGroups(grouper, store!, counts, reject, ctx, phase, size);
    (bulk as BulkLoad | null)?.finish((done, total) => {
      ctx.checkCancelled();
      ctx.progress(`Indexing ${label}`, done, total);
    });
    (totals as ImportedTotals | null)?.commit(usage!.figures(), source.figures);
  } catch (error) {
    (bulk as BulkLoad | null)?.abandon();
    if (error instanceof FileProblem) throw fail(error.message);
    throw error;
  } finally {
    (restoreCache as (() => void) | null)?.();
  }

  if (sniff.badUtf8 > 0) {
    const n = source.badUtf8Records;
    notes.push(
      n > 0
        ? `${plural(n, 'row')} ${n === 1 ? 'holds' : 'hold'} bytes that are not valid UTF-8 and ${n === 1 ? 'was' : 'were'} rejected; the rest of the file is UTF-8`
        : `the file is UTF-8 except for ${plural(sniff.badUtf8, 'invalid byte sequence')} outside its data rows`,
    );
  }
  if (counts.rows === 0) notes.push(source.header.length ? 'the file has a header but no data rows' : 'the file has no data rows');
  if (updated > 0) notes.push(`${plural(updated, 'dispute')} already imported ${updated === 1 ? 'was' : 'were'} updated with the file's newer content (audited with the old and new values)`);
  if (source.emptyRows > 0) notes.push(`${plural(source.emptyRows, 'row')} with only empty cells ${source.emptyRows === 1 ? 'was' : 'were'} skipped`);
  notes.push(...((mapper as ProfileMapper | null)?.notes ?? []));
  if (kind === 'usage' || kind === 'usage_rollup') {
    const overlap = rollupOverlapNote(sqlite, batchId, kind, usageIds.after ?? 0);
    if (overlap) notes.push(overlap);
  }
  const versioned = (store as AgreementStore | null)?.versioned ?? [];
  if (versioned.length) {
    const shown = versioned.slice(0, 5).join(', ') + (versioned.length > 5 ? ` and ${versioned.length - 5} more` : '');
    notes.push(`${plural(versioned.length, 'agreement')} already imported with different terms ${versioned.length === 1 ? 'became a new version' : 'became new versions'} (${shown}); the earlier terms are kept in the version history`);
  }

  const durationMs = Date.now() - started;
  const after = usageIds.after;
  const lastRowId = after === null ? null : (sqlite.prepare('SELECT max(id) FROM usage_rows').pluck().get() as number | null);
  const rowRange = after !== null && lastRowId !== null && lastRowId > after ? [after + 1, lastRowId] : [null, null];
  const months = (usage as UsageStore | null)?.months() ?? null;
  sqlite
    .prepare('UPDATE import_batches SET rows = ?, imported = ?, duplicates = ?, rejected = ?, duration_ms = ?, notes = ?, first_row_id = ?, last_row_id = ?, periods = ? WHERE id = ?')
    .run(counts.rows, counts.imported, counts.duplicates, counts.rejected, durationMs, JSON.stringify(notes), ...rowRange, months && JSON.stringify(months), batchId);
  ctx.progress(phase, size, size);
  return { file: label, kind: kind ?? 'usage', ...counts, batchId, durationMs, notes };
}

/** Agreements in the CSV form, after every row was read: one document per agreement_id. */
function writeAgreementGroups(
  grouper: AgreementGrouper,
  store: AgreementStore,
  counts: { imported: number; duplicates: number; rejected: number },
  reject: (line: number, field: string | null, reason: string, raw: string) => void,
  ctx: JobContext,
  phase: string,
  size: number,
): void {
  let done = 0;
  for (const group of grouper.agreements()) {
    if (++done % 100 === 0) {
      ctx.checkCancelled();
      ctx.progress(phase, size - 1, size);
    }
    if (group.unreadableLine !== undefined) {
      const why = `the whole agreement ${group.agreementId} is rejected because line ${group.unreadableLine} of the file could not be read and may be one of its charges; correct that line and import the file again`;
      for (const row of group.rows) reject(row.line, null, why, row.raw);
      continue;
    }
    try {
      const { agreement, extra } = buildAgreement(group);
      const raw = group.rows.map((r) => r.raw).join('\n');
      const outcome = store.store(agreement, group.rows[0]!.line, raw, extra);
      if (outcome === 'imported') counts.imported += group.rows.length;
      else counts.duplicates += group.rows.length;
    } catch (error) {
      if (!(error instanceof AgreementRowError)) throw error;
      for (const row of group.rows) {
        if (row.line === error.line) reject(row.line, error.field, error.message, row.raw);
        else reject(row.line, null, `the whole agreement ${group.agreementId} is rejected because of line ${error.line} (${error.message})`, row.raw);
      }
    }
  }
}
