/**
 * The CSV form of agreements (data-formats.md): one row per charge, the
 * agreement's fields repeated on each row, tiers written
 * `up_to:unit_price[:flat_fee]` separated by `|` with `inf` for the open top.
 *
 * Decisions (see DECISIONS.md):
 * - Rows of one agreement_id are grouped wherever they are in the file (CRM
 *   exports sort by anything); charges keep the order of their rows.
 * - An agreement field may be blank on some rows (it is "not repeated"); two
 *   different non-blank values for one agreement reject the agreement, naming
 *   both lines and values.
 * - A row whose charge columns are all blank adds no charge (an agreement
 *   without charges can still be written as one row).
 * - One bad row rejects the whole agreement: the row at fault is kept with its
 *   field and reason, every other row of the agreement with a reason pointing
 *   at that line. Every CSV row counts as one row, so rows = imported +
 *   duplicates + rejected holds with all rows of an imported agreement
 *   counted as imported.
 */
import type { Agreement } from '../../../shared/domain';
import { AGREEMENT_IDS, CHARGE_IDS, checkAgreement } from './agreement-row';
import { checkIds, IdTextError, mergedRowsNote, RowError, truncate } from './fields';
import { FileProblem } from './import-errors';
import { AGREEMENT_FIELDS, CHARGE_FIELDS } from './profile-schema';
import { setField, type FieldValue } from './read-records';

export interface CsvRow {
  line: number;
  raw: string;
  fields: Record<string, FieldValue>;
}

export interface AgreementGroup {
  agreementId: string;
  rows: CsvRow[];
  /** a rejected row of the file that may have been one of this agreement's charges: the agreement cannot be complete */
  unreadableLine?: number;
}

/** A problem in one agreement: the row at fault and what is wrong with it. */
export class AgreementRowError extends RowError {
  constructor(
    readonly line: number,
    field: string | null,
    message: string,
  ) {
    super(field, message);
  }
}

const AGREEMENT_SET: ReadonlySet<string> = new Set(AGREEMENT_FIELDS);
const CHARGE_SET: ReadonlySet<string> = new Set(CHARGE_FIELDS);
/** The ids of an agreement row checked when its agreement is built (agreement_id is checked when the row is grouped). */
const CSV_IDS = [...AGREEMENT_IDS.filter((f) => f !== 'agreement_id'), ...CHARGE_IDS];
/** Agreement files are small; grouping holds them in memory, so this is where "small" ends. */
export const MAX_AGREEMENT_CSV_CHARS = 32 * (1 << 20);

/** The CSV form has a charge type column instead of a nested `charges` array. */
export function isAgreementCsvHeader(columns: readonly string[]): boolean {
  return columns.includes('agreement_id') && !columns.includes('charges') && (columns.includes('type') || columns.includes('charge_type'));
}

function text(value: FieldValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value).trim();
}

/** Collects rows by agreement_id in first-seen order. */
export class AgreementGrouper {
  private readonly groups = new Map<string, CsvRow[]>();
  private readonly unreadable: { line: number; raw: string; ids: string[] }[] = [];
  private chars = 0;

  /**
   * A row rejected before it could be grouped (broken quoting, bad bytes, an
   * agreement_id that is missing or holds a line break). It was one
   * agreement's charge, and importing that agreement without it would bill
   * too little, so that agreement is rejected whole. Which one: the
   * agreement_id the row was read with (each line of it, for rows merged by a
   * stray quote); without one, the agreements named in any of its cells; and
   * when it names none, every agreement of the file (it cannot be told).
   */
  addUnreadable(line: number, raw: string, agreementId?: FieldValue): void {
    const ids = typeof agreementId === 'string' ? agreementId.split(/[\r\n]+/).map((id) => id.trim()).filter((id) => id !== '') : [];
    this.unreadable.push({ line, raw, ids });
  }

  add(row: CsvRow): void {
    // Rows are grouped by agreement_id: one with a line break (rows merged by a stray quote) is rejected on its own.
    checkIds(row.fields, ['agreement_id']);
    const id = text(row.fields.agreement_id);
    if (id === '') throw new RowError('agreement_id', 'agreement_id is missing');
    this.chars += row.raw.length;
    if (this.chars > MAX_AGREEMENT_CSV_CHARS) {
      throw new FileProblem('holds more than 32 MiB of agreement rows; agreements files are grouped in memory, so split it into smaller files');
    }
    const rows = this.groups.get(id);
    if (rows) rows.push(row);
    else this.groups.set(id, [row]);
  }

  get size(): number {
    return this.groups.size;
  }

  *agreements(): Generator<AgreementGroup> {
    const tainted = new Map<string, number>();
    for (const { line, raw, ids } of this.unreadable) {
      let named = ids.filter((id) => this.groups.has(id));
      if (ids.length === 0) {
        const cells = new Set(raw.split(/[,;\t|\r\n]/).map((cell) => cell.trim().replace(/^"+|"+$/g, '').trim()));
        named = [...this.groups.keys()].filter((id) => cells.has(id));
        if (named.length === 0) named = [...this.groups.keys()];
      }
      for (const id of named) if (!tainted.has(id)) tainted.set(id, line);
    }
    for (const [agreementId, rows] of this.groups) {
      const unreadableLine = tainted.get(agreementId);
      yield { agreementId, rows, ...(unreadableLine !== undefined ? { unreadableLine } : {}) };
    }
  }
}

const TIER = /^([^:]+):([^:]+)(?::([^:]+))?$/;

/** `100000:0|1000000:0.002|inf:0.001` → tier objects; the schema then checks the numbers and their order. */
export function parseTiers(value: string, line: number): { up_to: string | null; unit_price: string; flat_fee?: string }[] {
  return value.split('|').map((part, i) => {
    const m = TIER.exec(part.trim());
    if (!m) {
      throw new AgreementRowError(line, 'tiers', `tiers: tier ${i + 1} "${truncate(part.trim())}" is not written up_to:unit_price[:flat_fee] (use inf for the open top tier)`);
    }
    const upTo = m[1]!.trim();
    return {
      up_to: upTo.toLowerCase() === 'inf' ? null : upTo,
      unit_price: m[2]!.trim(),
      ...(m[3] !== undefined ? { flat_fee: m[3].trim() } : {}),
    };
  });
}

/** Days and minutes are counts, not money: a JS number is exact for them. */
function wholeNumber(field: string, value: string, line: number): number {
  if (!/^\d{1,9}$/.test(value)) throw new AgreementRowError(line, field, `${field} "${truncate(value)}" is not a whole number`);
  return Number(value);
}

function chargeOf(row: CsvRow): Record<string, unknown> | null {
  const charge: Record<string, unknown> = {};
  let hasCharge = false;
  for (const field of CHARGE_FIELDS) {
    const value = text(row.fields[field]);
    if (value === '') continue;
    hasCharge = true;
    if (field === 'type' || field === 'charge_type') {
      const other = text(row.fields[field === 'type' ? 'charge_type' : 'type']);
      if (other !== '' && other !== value) throw new AgreementRowError(row.line, field, `type "${truncate(value)}" and charge_type "${truncate(other)}" disagree`);
      charge.type = value;
    } else if (field === 'tiers') charge.tiers = parseTiers(value, row.line);
    else if (field === 'increment_minutes') charge.increment_minutes = wholeNumber(field, value, row.line);
    else charge[field] = value;
  }
  if (!hasCharge) return null;
  if (charge.type === undefined) throw new AgreementRowError(row.line, 'type', 'type is missing for this charge row (recurring, one_time, usage or hours)');
  return charge;
}

/** Columns that are neither agreement nor charge fields, kept as the agreement's extra attributes. */
function extrasOf(rows: readonly CsvRow[]): Record<string, FieldValue> | null {
  const values = new Map<string, string[]>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row.fields)) {
      if (key === '' || AGREEMENT_SET.has(key) || CHARGE_SET.has(key)) continue;
      const list = values.get(key) ?? [];
      list.push(text(value));
      values.set(key, list);
    }
  }
  if (values.size === 0) return null;
  const extra: Record<string, FieldValue> = {};
  for (const [key, list] of values) {
    const distinct = [...new Set(list)];
    setField(extra, key, distinct.length === 1 ? distinct[0]! : list);
  }
  return extra;
}

export interface BuiltAgreement {
  agreement: Agreement;
  extra: Record<string, FieldValue> | null;
}

/** One agreement document from its rows, validated as the JSON form is (checkAgreement); AgreementRowError names the line at fault. */
export function buildAgreement(group: AgreementGroup): BuiltAgreement {
  const { rows } = group;
  for (const row of rows) {
    try {
      checkIds(row.fields, CSV_IDS);
    } catch (error) {
      if (!(error instanceof IdTextError)) throw error;
      throw new AgreementRowError(row.line, error.field, error.lineBreak ? error.message + mergedRowsNote(row.line, row.raw) : error.message);
    }
  }
  const doc: Record<string, unknown> = {};
  const firstLine = rows[0]!.line;
  const lineOf = new Map<string, number>();
  for (const field of AGREEMENT_FIELDS) {
    let seen: { value: string; line: number } | null = null;
    for (const row of rows) {
      const value = text(row.fields[field]);
      if (value === '') continue;
      if (seen === null) seen = { value, line: row.line };
      else if (seen.value !== value) {
        throw new AgreementRowError(
          row.line,
          field,
          `${field} differs between rows of agreement ${group.agreementId}: "${truncate(seen.value)}" on line ${seen.line}, "${truncate(value)}" on line ${row.line}`,
        );
      }
    }
    if (seen === null) {
      if (field === 'end_date') doc.end_date = null;
      continue;
    }
    lineOf.set(field, seen.line);
    doc[field] = field === 'payment_terms_days' ? wholeNumber(field, seen.value, seen.line) : seen.value;
  }
  const charges: Record<string, unknown>[] = [];
  const chargeLines: number[] = [];
  for (const row of rows) {
    const charge = chargeOf(row);
    if (charge) {
      charges.push(charge);
      chargeLines.push(row.line);
    }
  }
  doc.charges = charges;

  const checked = checkAgreement(doc, { name: (i) => `the charge on line ${chargeLines[i] ?? firstLine}`, prefix: false });
  if (!checked.ok) {
    const { path, chargeIndex, message } = checked.problem;
    if (chargeIndex !== null) {
      // The CSV column the problem is in: tier problems are in the tiers column, an unknown charge type in type.
      throw new AgreementRowError(chargeLines[chargeIndex] ?? firstLine, String(path[2] ?? 'type'), message);
    }
    const field = path.length ? String(path[0]) : null;
    throw new AgreementRowError((field ? lineOf.get(field) : undefined) ?? firstLine, field, message);
  }
  return { agreement: checked.agreement, extra: extrasOf(rows) };
}
