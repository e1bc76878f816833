/**
 * Corrections without spreadsheets (change-control.md): a reviewer excludes a
 * source row from billing (a bad meter reading) or overrides the quantity a
 * charge measured, each with a reason. They are rows of `corrections` that
 * rating reads (rating/rate-period.ts), so they survive re-rating; removing
 * one (re-including the row, removing the override) keeps the row with who
 * removed it and why, so a diff between bill runs can name it.
 *
 * Both act on draft invoices only (an approved invoice is frozen, a finalized
 * one is corrected by a credit note) and on open periods only. The caller
 * re-rates the period in the same transaction.
 */
import type { Sqlite } from '../../../db/open';
import { DECIMAL_PATTERN, dec, plainString } from '../../../shared/money';
import { appendAudit } from '../audit/audit-log';
import { ConflictError, NotFoundError } from '../errors';
import { recordInvoiceChange } from './four-eyes';
import { assertPeriodOpen } from './period-locks';

export type SourceKind = 'usage' | 'hours';

export interface Correction {
  id: number;
  kind: 'exclude_row' | 'override_quantity';
  period: string;
  source_kind: SourceKind | null;
  source_id: number | null;
  agreement_id: string | null;
  charge_position: number | null;
  code: string | null;
  quantity: string | null;
  reason: string;
  actor: string;
  at: string;
  removed_at: string | null;
  removed_by: string | null;
  removed_reason: string | null;
}

const COLUMNS = `id, kind, period, source_kind, source_id, agreement_id, charge_position, code, quantity, reason, actor, created_at AS at,
  removed_at, removed_by, removed_reason`;

/** The period's corrections, active and removed, oldest first: what a bill-run diff names as causes. */
export function listCorrections(sqlite: Sqlite, period: string): Correction[] {
  return sqlite.prepare(`SELECT ${COLUMNS} FROM corrections WHERE period = ? ORDER BY id`).all(period) as Correction[];
}

function needReason(reason: string, what: string): string {
  const text = reason.trim();
  if (text.length < 3) throw new ConflictError(`${what} needs a reason.`);
  return text;
}

const ROW_WORDS = { usage: 'Usage record', hours: 'Time entry' } as const;

interface SourceFacts {
  period: string;
  account_id: string;
  item: string;
  quantity: string;
  /** the invoices billing the row now (usage: whose spans hold it; hours: whose charge links it) */
  invoices: { id: string; status: string }[];
}

function sourceFacts(sqlite: Sqlite, kind: SourceKind, id: number): SourceFacts {
  if (kind === 'usage') {
    const row = sqlite.prepare('SELECT account_id, metric, quantity, ts FROM usage_records WHERE id = ?').get(id) as
      | { account_id: string; metric: string; quantity: string; ts: string }
      | undefined;
    if (!row) throw new NotFoundError(`There is no usage record ${id}.`);
    const invoices = sqlite
      .prepare(
        `SELECT DISTINCT i.id, i.status FROM usage_spans s JOIN invoices i ON i.id = s.invoice_id
         WHERE s.account_id = ? AND s.metric = ? AND ? >= s.ts_from AND ? < s.ts_to AND ? <= s.max_usage_id ORDER BY i.id`,
      )
      .all(row.account_id, row.metric, row.ts, row.ts, id) as { id: string; status: string }[];
    return { period: row.ts.slice(0, 7), account_id: row.account_id, item: row.metric, quantity: row.quantity, invoices };
  }
  const row = sqlite.prepare('SELECT account_id, kind, hours, date FROM time_entries WHERE id = ?').get(id) as
    | { account_id: string; kind: string; hours: string; date: string }
    | undefined;
  if (!row) throw new NotFoundError(`There is no time entry ${id}.`);
  const invoices = sqlite
    .prepare("SELECT DISTINCT i.id, i.status FROM line_sources s JOIN invoices i ON i.id = s.invoice_id WHERE s.source_kind = 'hours' AND s.source_id = ? ORDER BY i.id")
    .all(id) as { id: string; status: string }[];
  return { period: row.date.slice(0, 7), account_id: row.account_id, item: row.kind, quantity: row.hours, invoices };
}

function requireDrafts(invoices: { id: string; status: string }[], refused: string): void {
  const frozen = invoices.find((i) => i.status !== 'draft');
  if (frozen) {
    throw new ConflictError(`Invoice ${frozen.id} is ${frozen.status}, so ${refused}${frozen.status === 'finalized' ? ' (correct it with a credit note)' : ''}.`);
  }
}

function activeExclusion(sqlite: Sqlite, kind: SourceKind, id: number): Correction | undefined {
  return sqlite.prepare(`SELECT ${COLUMNS} FROM corrections WHERE kind = 'exclude_row' AND removed_at IS NULL AND source_kind = ? AND source_id = ?`).get(kind, id) as
    | Correction
    | undefined;
}

export interface RowCorrectionResult {
  correction_id: number;
  source_kind: SourceKind;
  source_id: number;
  period: string;
  invoice_ids: string[];
}

/** Excludes a usage record or time entry from billing (audited). The caller re-rates the period. */
export function excludeRow(sqlite: Sqlite, kind: SourceKind, id: number, reason: string, actor: string): RowCorrectionResult {
  const text = needReason(reason, 'Excluding a row');
  return sqlite.transaction(() => {
    const facts = sourceFacts(sqlite, kind, id);
    assertPeriodOpen(sqlite, facts.period, 'its rows cannot be excluded');
    if (activeExclusion(sqlite, kind, id)) throw new ConflictError(`${ROW_WORDS[kind]} ${id} is already excluded from billing.`);
    requireDrafts(facts.invoices, `${ROW_WORDS[kind].toLowerCase()} ${id} cannot be excluded`);
    const invoiceIds = facts.invoices.map((i) => i.id);
    const correctionId = Number(
      sqlite
        .prepare("INSERT INTO corrections (kind, period, source_kind, source_id, agreement_id, reason, actor) VALUES ('exclude_row', ?, ?, ?, ?, ?, ?) RETURNING id")
        .pluck()
        .get(facts.period, kind, id, invoiceIds[0]?.split('@')[0] ?? null, text, actor),
    );
    appendAudit(sqlite, {
      actor,
      action: 'exclude_row',
      entityType: kind === 'usage' ? 'usage_record' : 'time_entry',
      entityId: String(id),
      reason: text,
      details: { correction_id: correctionId, period: facts.period, account_id: facts.account_id, item: facts.item, quantity: facts.quantity, invoice_ids: invoiceIds },
    });
    recordInvoiceChange(sqlite, invoiceIds, actor, `excluded ${ROW_WORDS[kind].toLowerCase()} ${id}`);
    return { correction_id: correctionId, source_kind: kind, source_id: id, period: facts.period, invoice_ids: invoiceIds };
  })();
}

/** Puts an excluded row back into billing (audited; the exclusion stays on record as removed). The caller re-rates the period. */
export function includeRow(sqlite: Sqlite, kind: SourceKind, id: number, reason: string, actor: string): RowCorrectionResult {
  return sqlite.transaction(() => {
    const facts = sourceFacts(sqlite, kind, id);
    const exclusion = activeExclusion(sqlite, kind, id);
    if (!exclusion) throw new ConflictError(`${ROW_WORDS[kind]} ${id} is not excluded from billing.`);
    assertPeriodOpen(sqlite, facts.period, 'its rows cannot be included again');
    // The invoice it would go back to: the one billing it (usage spans still hold it) or the one it was excluded from.
    const invoices = facts.invoices.length
      ? facts.invoices
      : exclusion.agreement_id === null
        ? []
        : (sqlite.prepare("SELECT id, status FROM invoices WHERE agreement_id = ? AND period = ? AND document_type = 'invoice'").all(exclusion.agreement_id, facts.period) as {
            id: string;
            status: string;
          }[]);
    requireDrafts(invoices, `${ROW_WORDS[kind].toLowerCase()} ${id} cannot be included again`);
    const text = reason.trim() || null;
    sqlite.prepare("UPDATE corrections SET removed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), removed_by = ?, removed_reason = ? WHERE id = ?").run(actor, text, exclusion.id);
    const invoiceIds = invoices.map((i) => i.id);
    appendAudit(sqlite, {
      actor,
      action: 'include_row',
      entityType: kind === 'usage' ? 'usage_record' : 'time_entry',
      entityId: String(id),
      reason: text,
      details: { correction_id: exclusion.id, period: facts.period, account_id: facts.account_id, item: facts.item, quantity: facts.quantity, invoice_ids: invoiceIds },
    });
    recordInvoiceChange(sqlite, invoiceIds, actor, `included ${ROW_WORDS[kind].toLowerCase()} ${id} again`);
    return { correction_id: exclusion.id, source_kind: kind, source_id: id, period: facts.period, invoice_ids: invoiceIds };
  })();
}

export interface OverrideResult {
  correction_id: number;
  invoice_id: string;
  period: string;
  code: string;
  quantity: string | null;
}

interface OverrideTarget {
  invoice: { id: string; agreement_id: string; period: string; status: string; document_type: string };
  position: number;
  code: string;
  kind: string;
}

/** The metered charge behind line CODE of the invoice (usage and hours lines measure a quantity; other lines state one). */
function overrideTarget(sqlite: Sqlite, invoiceId: string, code: string): OverrideTarget {
  const invoice = sqlite.prepare('SELECT id, agreement_id, period, status, document_type FROM invoices WHERE id = ?').get(invoiceId) as OverrideTarget['invoice'] | undefined;
  if (!invoice) throw new NotFoundError(`There is no invoice ${invoiceId}.`);
  if (invoice.document_type !== 'invoice') throw new ConflictError(`${invoiceId} is a credit note; quantities are overridden on invoices.`);
  const lines = sqlite.prepare('SELECT DISTINCT kind, charge_position FROM invoice_lines WHERE invoice_id = ? AND code = ?').all(invoiceId, code) as {
    kind: string;
    charge_position: number | null;
  }[];
  const override = sqlite
    .prepare("SELECT charge_position FROM corrections WHERE kind = 'override_quantity' AND removed_at IS NULL AND agreement_id = ? AND period = ? AND code = ?")
    .pluck()
    .get(invoice.agreement_id, invoice.period, code) as number | undefined;
  const line = lines[0];
  if (!line && override === undefined) {
    const codes = sqlite.prepare("SELECT DISTINCT code FROM invoice_lines WHERE invoice_id = ? AND kind IN ('usage', 'hours') ORDER BY position").pluck().all(invoiceId) as string[];
    throw new NotFoundError(`Invoice ${invoiceId} has no line ${code}${codes.length ? `; its metered lines are ${codes.join(', ')}` : ''}.`);
  }
  if (line && line.kind !== 'usage' && line.kind !== 'hours') {
    throw new ConflictError(`Line ${code} is a ${line.kind.replace('_', '-')} line; only usage and hours lines have a measured quantity to override.`);
  }
  return { invoice, position: line?.charge_position ?? override!, code, kind: line?.kind ?? 'usage' };
}

function activeOverride(sqlite: Sqlite, agreementId: string, period: string, position: number): Correction | undefined {
  return sqlite
    .prepare(`SELECT ${COLUMNS} FROM corrections WHERE kind = 'override_quantity' AND removed_at IS NULL AND agreement_id = ? AND period = ? AND charge_position = ?`)
    .get(agreementId, period, position) as Correction | undefined;
}

/**
 * Overrides the billable quantity of line CODE's charge (what the line shows:
 * usage after included units, hours after included hours), then priced by the charge as usual (audited).
 * A second override of the same line replaces the first. The caller re-rates.
 */
export function overrideQuantity(sqlite: Sqlite, invoiceId: string, code: string, quantity: string, reason: string, actor: string): OverrideResult {
  const text = needReason(reason, 'Overriding a quantity');
  const q = quantity.trim();
  if (!DECIMAL_PATTERN.test(q) || dec(q).isNegative()) throw new ConflictError(`The quantity must be a decimal number of at least 0, not "${quantity}".`);
  const value = plainString(dec(q));
  return sqlite.transaction(() => {
    const target = overrideTarget(sqlite, invoiceId, code);
    const { invoice } = target;
    assertPeriodOpen(sqlite, invoice.period, 'its quantities cannot be overridden');
    requireDrafts([invoice], `its quantities cannot be overridden`);
    const previous = activeOverride(sqlite, invoice.agreement_id, invoice.period, target.position);
    if (previous) sqlite.prepare("UPDATE corrections SET removed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), removed_by = ?, removed_reason = 'replaced by a new override' WHERE id = ?").run(actor, previous.id);
    const correctionId = Number(
      sqlite
        .prepare("INSERT INTO corrections (kind, period, agreement_id, charge_position, code, quantity, reason, actor) VALUES ('override_quantity', ?, ?, ?, ?, ?, ?, ?) RETURNING id")
        .pluck()
        .get(invoice.period, invoice.agreement_id, target.position, code, value, text, actor),
    );
    appendAudit(sqlite, {
      actor,
      action: 'override_quantity',
      entityType: 'invoice',
      entityId: invoice.id,
      reason: text,
      details: { correction_id: correctionId, code, charge_position: target.position, quantity: value, replaces: previous?.quantity ?? null },
    });
    recordInvoiceChange(sqlite, [invoice.id], actor, `overrode the quantity of ${code}`);
    return { correction_id: correctionId, invoice_id: invoice.id, period: invoice.period, code, quantity: value };
  })();
}

/** Removes a line's quantity override, so the measured quantity bills again (audited). The caller re-rates. */
export function removeQuantityOverride(sqlite: Sqlite, invoiceId: string, code: string, reason: string, actor: string): OverrideResult {
  const text = needReason(reason, 'Removing a quantity override');
  return sqlite.transaction(() => {
    const target = overrideTarget(sqlite, invoiceId, code);
    const { invoice } = target;
    const override = activeOverride(sqlite, invoice.agreement_id, invoice.period, target.position);
    if (!override) throw new ConflictError(`Line ${code} of ${invoiceId} has no quantity override.`);
    assertPeriodOpen(sqlite, invoice.period, 'its quantity overrides cannot be removed');
    requireDrafts([invoice], 'its quantity overrides cannot be removed');
    sqlite.prepare("UPDATE corrections SET removed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), removed_by = ?, removed_reason = ? WHERE id = ?").run(actor, text, override.id);
    appendAudit(sqlite, {
      actor,
      action: 'remove_quantity_override',
      entityType: 'invoice',
      entityId: invoice.id,
      reason: text,
      details: { correction_id: override.id, code, charge_position: target.position, quantity: override.quantity },
    });
    recordInvoiceChange(sqlite, [invoice.id], actor, `removed the quantity override of ${code}`);
    return { correction_id: override.id, invoice_id: invoice.id, period: invoice.period, code, quantity: null };
  })();
}

/** Active corrections rating applies to a period: excluded row ids per kind, and overrides per agreement and charge position. */
export interface PeriodCorrections {
  excludedUsage: { id: number; account_id: string; metric: string; ts: string }[];
  excludedHours: Set<number>;
  overrides: Map<string, Map<number, { quantity: string; reason: string; id: number }>>;
}

export function periodCorrections(sqlite: Sqlite, period: string): PeriodCorrections {
  const excludedUsage = sqlite
    .prepare(
      `SELECT u.id, u.account_id, u.metric, u.ts FROM corrections c JOIN usage_records u ON u.id = c.source_id
       WHERE c.kind = 'exclude_row' AND c.removed_at IS NULL AND c.source_kind = 'usage' AND c.period = ?`,
    )
    .all(period) as PeriodCorrections['excludedUsage'];
  const excludedHours = new Set(
    sqlite.prepare("SELECT source_id FROM corrections WHERE kind = 'exclude_row' AND removed_at IS NULL AND source_kind = 'hours' AND period = ?").pluck().all(period) as number[],
  );
  const overrides = new Map<string, Map<number, { quantity: string; reason: string; id: number }>>();
  for (const row of sqlite
    .prepare("SELECT id, agreement_id, charge_position, quantity, reason FROM corrections WHERE kind = 'override_quantity' AND removed_at IS NULL AND period = ?")
    .all(period) as { id: number; agreement_id: string; charge_position: number; quantity: string; reason: string }[]) {
    const perCharge = overrides.get(row.agreement_id) ?? new Map<number, { quantity: string; reason: string; id: number }>();
    perCharge.set(row.charge_position, { quantity: row.quantity, reason: row.reason, id: row.id });
    overrides.set(row.agreement_id, perCharge);
  }
  return { excludedUsage, excludedHours, overrides };
}
