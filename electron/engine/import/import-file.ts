/**
 * Imports one file into an open transaction: every record is either imported,
 * skipped as a duplicate (same id, or same content when there is no id), or
 * rejected with its line, field and reason and kept. The batch row records the
 * counts, which always add up to the records in the file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportKind } from '../../../shared/api';
import type { Agreement } from '../../../shared/domain';
import type { Sqlite } from '../../../db/open';
import type { JobContext } from '../jobs/job-context';
import { parseAgreementRow } from './agreement-row';
import { RowError } from './fields';
import { parseHoursRow } from './hours-row';
import { formatOf, readRecords, type FieldValue, type SourceRecord } from './read-records';
import { parseUsageRow } from './usage-row';

export interface ImportFileOptions {
  path: string;
  /** the name shown to people and stored with the batch (defaults to the path's base name) */
  name?: string;
  kind?: ImportKind;
  profile?: string;
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
}

/** A problem with the file as a whole (unreadable, unknown kind): the job stops and nothing is kept. */
export class ImportFileError extends Error {}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The kind a file holds, told from its column names. */
export function kindFromColumns(columns: readonly string[]): ImportKind | null {
  const has = (name: string) => columns.includes(name);
  if (has('charges') || (has('agreement_id') && (has('type') || has('charge_type')))) return 'agreements';
  if (has('metric') && has('quantity')) return 'usage';
  if (has('person') && has('hours')) return 'hours';
  return null;
}

function contentKey(fields: Record<string, FieldValue>): string {
  const sorted = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return `hash:${createHash('sha256').update(JSON.stringify(sorted)).digest('hex')}`;
}

function jsonOrNull(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

type RowWriter = (record: { line: number; raw: string; fields: Record<string, FieldValue> }, batchId: number) => 'imported' | 'duplicate';

function usageWriter(sqlite: Sqlite): RowWriter {
  const insert = sqlite.prepare(
    `INSERT INTO usage_records (batch_id, line, dedup_key, event_id, account_id, metric, quantity, ts, raw, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING`,
  );
  return ({ line, raw, fields }, batchId) => {
    const row = parseUsageRow(fields);
    const key = row.eventId !== null ? `id:${row.eventId}` : contentKey(fields);
    const info = insert.run(batchId, line, key, row.eventId, row.accountId, row.metric, row.quantity, row.ts, raw, jsonOrNull(row.extra));
    return info.changes === 1 ? 'imported' : 'duplicate';
  };
}

function hoursWriter(sqlite: Sqlite): RowWriter {
  const insert = sqlite.prepare(
    `INSERT INTO time_entries (batch_id, line, dedup_key, entry_id, date, account_id, person, kind, role, hours, billable, rate, project, notes, raw, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING`,
  );
  return ({ line, raw, fields }, batchId) => {
    const r = parseHoursRow(fields);
    const key = r.entryId !== null ? `id:${r.entryId}` : contentKey(fields);
    const info = insert.run(batchId, line, key, r.entryId, r.date, r.accountId, r.person, r.kind, r.role, r.hours, r.billable ? 1 : 0, r.rate, r.project, r.notes, raw, jsonOrNull(r.extra));
    return info.changes === 1 ? 'imported' : 'duplicate';
  };
}

function agreementWriter(sqlite: Sqlite): RowWriter {
  const exists = sqlite.prepare('SELECT 1 FROM agreements WHERE id = ?').pluck();
  const insertAccount = sqlite.prepare('INSERT INTO accounts (id, name) VALUES (?, ?) ON CONFLICT(id) DO NOTHING');
  const insertAgreement = sqlite.prepare(
    `INSERT INTO agreements (id, account_id, account_name, currency, start_date, end_date, owner, po_number, bill_to,
       payment_terms_days, tax_rate, discount_percent, minimum_commitment, deposit, document, batch_id, line, raw, extra)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCharge = sqlite.prepare(
    `INSERT INTO charges (agreement_id, position, type, code, description, metric, aggregation, model, amount, unit_price,
       included, package_size, package_price, hours_kind, role, rate, increment_minutes, included_hours, bill_on)
     VALUES (@agreementId, @position, @type, @code, @description, @metric, @aggregation, @model, @amount, @unitPrice,
       @included, @packageSize, @packagePrice, @hoursKind, @role, @rate, @incrementMinutes, @includedHours, @billOn)`,
  );
  const insertTier = sqlite.prepare('INSERT INTO charge_tiers (charge_id, position, up_to, unit_price, flat_fee) VALUES (?, ?, ?, ?, ?)');

  const writeCharges = (a: Agreement) => {
    a.charges.forEach((c, position) => {
      const base = {
        agreementId: a.agreement_id, position, type: c.type, code: null as string | null, description: c.description ?? null,
        metric: null as string | null, aggregation: null as string | null, model: null as string | null, amount: null as string | null,
        unitPrice: null as string | null, included: null as string | null, packageSize: null as string | null, packagePrice: null as string | null,
        hoursKind: null as string | null, role: null as string | null, rate: null as string | null, incrementMinutes: null as number | null,
        includedHours: null as string | null, billOn: null as string | null,
      };
      if (c.type === 'recurring') Object.assign(base, { code: c.code, amount: c.amount });
      if (c.type === 'one_time') Object.assign(base, { code: c.code, amount: c.amount, billOn: c.bill_on });
      if (c.type === 'hours') Object.assign(base, { hoursKind: c.kind, role: c.role ?? null, rate: c.rate, incrementMinutes: c.increment_minutes, includedHours: c.included_hours });
      if (c.type === 'usage') {
        Object.assign(base, { code: c.code ?? null, metric: c.metric, aggregation: c.aggregation, model: c.model, included: c.included });
        if (c.model === 'per_unit') base.unitPrice = c.unit_price;
        if (c.model === 'package') Object.assign(base, { packageSize: c.package_size, packagePrice: c.package_price });
      }
      const chargeId = insertCharge.run(base).lastInsertRowid;
      if (c.type === 'usage' && (c.model === 'graduated' || c.model === 'volume')) {
        c.tiers.forEach((t, i) => insertTier.run(chargeId, i, t.up_to, t.unit_price, t.flat_fee));
      }
    });
  };

  return ({ line, raw, fields }, batchId) => {
    const a = parseAgreementRow(fields);
    if (exists.get(a.agreement_id)) return 'duplicate';
    insertAccount.run(a.account_id, a.account_name ?? a.account_id);
    insertAgreement.run(
      a.agreement_id, a.account_id, a.account_name ?? null, a.currency, a.start_date, a.end_date, a.owner ?? null, a.po_number ?? null,
      a.bill_to ?? null, a.payment_terms_days, a.tax_rate, a.discount_percent, a.minimum_commitment, a.deposit, JSON.stringify(a), batchId, line, raw, null,
    );
    writeCharges(a);
    return 'imported';
  };
}

const WRITERS: Record<ImportKind, (sqlite: Sqlite) => RowWriter> = {
  usage: usageWriter,
  hours: hoursWriter,
  agreements: agreementWriter,
};

/** Imports one file. The caller owns the transaction (one per job). */
export async function importFile(sqlite: Sqlite, options: ImportFileOptions, ctx: JobContext): Promise<ImportFileSummary> {
  const started = Date.now();
  const name = options.name ?? basename(options.path);
  let size: number;
  try {
    size = statSync(options.path).size;
  } catch {
    throw new ImportFileError(`${name} could not be read.`);
  }
  const sha256 = await sha256OfFile(options.path);
  const format = formatOf(name);
  const { header, records } = readRecords(options.path, format);

  let kind: ImportKind | null = options.kind ?? null;
  let batchId = 0;
  let write: RowWriter | null = null;
  const counts = { rows: 0, imported: 0, duplicates: 0, rejected: 0 };
  const insertRejected = sqlite.prepare('INSERT INTO rejected_rows (batch_id, line, field, reason, raw) VALUES (?, ?, ?, ?, ?)');
  const pending: SourceRecord[] = [];
  let bytes = 0;

  const start = (resolved: ImportKind) => {
    kind = resolved;
    batchId = Number(
      sqlite
        .prepare('INSERT INTO import_batches (file_name, file_size, sha256, kind, profile, imported_by) VALUES (?, ?, ?, ?, ?, ?)')
        .run(name, size, sha256, resolved, options.profile ?? null, ctx.actor).lastInsertRowid,
    );
    write = WRITERS[resolved](sqlite);
  };

  const handle = (record: SourceRecord) => {
    counts.rows++;
    if (record.error !== undefined) {
      counts.rejected++;
      insertRejected.run(batchId, record.line, null, record.error, record.raw);
      return;
    }
    try {
      const outcome = write!(record, batchId);
      if (outcome === 'imported') counts.imported++;
      else counts.duplicates++;
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      counts.rejected++;
      insertRejected.run(batchId, record.line, error.field, error.message, record.raw);
    }
  };

  try {
    for await (const record of records) {
      bytes += record.raw.length + 1;
      if (kind === null) {
        const detected = kindFromColumns(header.length ? header : Object.keys(record.fields ?? {}));
        if (detected === null) {
          pending.push(record);
          if (pending.length > 100) break;
          continue;
        }
        start(detected);
        pending.splice(0).forEach(handle);
      } else if (batchId === 0) {
        start(kind);
      }
      handle(record);
      if (counts.rows % 2000 === 0) {
        ctx.checkCancelled();
        ctx.progress(`Importing ${name}`, Math.min(bytes, size), size);
      }
    }
  } catch (error) {
    if (error instanceof Error && !(error instanceof RowError) && error.constructor === Error) {
      throw new ImportFileError(`${name} ${error.message}.`);
    }
    throw error;
  }

  if (kind === null) {
    const detected = kindFromColumns(header);
    if (detected === null) {
      throw new ImportFileError(
        `${name}: could not tell whether this is a usage, hours or agreements file from its columns; choose the kind explicitly.`,
      );
    }
    start(detected);
  } else if (batchId === 0) {
    start(kind);
  }
  pending.splice(0).forEach(handle);

  const durationMs = Date.now() - started;
  sqlite
    .prepare('UPDATE import_batches SET rows = ?, imported = ?, duplicates = ?, rejected = ?, duration_ms = ? WHERE id = ?')
    .run(counts.rows, counts.imported, counts.duplicates, counts.rejected, durationMs, batchId);
  ctx.progress(`Importing ${name}`, size, size);
  return { file: name, kind: kind ?? 'usage', ...counts, batchId, durationMs };
}
