/**
 * Credit notes: the only way to correct a finalized invoice (which the
 * database itself keeps immutable). A credit note is its own row in
 * `invoices` (document_type 'credit_note', credits_invoice_id = the invoice it
 * corrects), with the same agreement, account, period and currency, and its
 * own number from the credit-note sequence when it is finalized by the export.
 *
 * Amounts:
 * - Every credited line is the exact negative of the stored line (amount and
 *   quantity negated as text, unit price kept), never recomputed. Its detail
 *   keeps the original's and adds `credits_line_id`.
 * - Full credit (lines 'all', nothing credited yet): subtotal, discount, tax
 *   and total are the exact negatives of the invoice's, the discount line
 *   included. (So a credit note's `discount` is negative or zero.)
 * - Partial credit (chosen line ids): subtotal = Σ negated lines; discount =
 *   round(subtotal × p / 100) with p the invoice's discount percent (recorded
 *   on its discount line at rating), 0 when the invoice had no discount; tax =
 *   round((subtotal − discount) × tax_rate) with the agreement's tax rate,
 *   which must still reproduce the invoice's own tax; each rounded once, half
 *   away from zero (rating.md). The credit note that credits the last
 *   uncredited lines takes exactly the remaining discount and tax instead, so
 *   an invoice's credit notes always add up to its exact negative.
 * - The deposit is never touched: deposit_applied is 0 and amount_due =
 *   total. The deposit stays consumed by the invoice (rating derives the
 *   remaining deposit from invoices only), and the customer is credited the
 *   whole total.
 *
 * Limits: each line of an invoice can be credited once (by a draft or a
 * finalized credit note), so nothing is ever credited twice, and the total
 * credited never exceeds the invoice's total.
 *
 * Status: created as a draft (approved by whoever creates it: the creation is
 * audited with actor and reason); `billing export` of the period finalizes
 * draft and approved credit notes, numbering them from the credit-note format.
 * A draft credit note can be discarded; a finalized one is immutable.
 */
import type { Sqlite } from '../../../db/open';
import type { InvoiceJson } from '../../../shared/domain';
import { Decimal, dec, formatMoney, moneyString, roundMoney } from '../../../shared/money';
import { ConflictError } from '../api/errors';
import { appendAudit } from '../audit/audit-log';
import { invoiceJson, NotFoundError } from '../review/invoice-queries';
import { invoiceTaxRate } from '../review/tax-rate';

export interface CreateCreditNoteRequest {
  /** the invoice id (e.g. AG-1001@2026-10) or its invoice number (INV-2026-000001) */
  invoiceId: string;
  reason: string;
  /** 'all' (default) or the ids of the invoice lines to credit */
  lines?: 'all' | number[];
  actor: string;
}

interface InvoiceRow {
  id: string;
  agreement_id: string;
  account_id: string;
  period: string;
  currency: string;
  document_type: 'invoice' | 'credit_note';
  status: string;
  invoice_number: string | null;
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
}

interface LineRow {
  id: number;
  position: number;
  kind: string;
  code: string;
  description: string;
  quantity: string;
  unit_price: string;
  amount: string;
  metric: string | null;
  detail: string;
}

/** The exact negative of a stored decimal string, as text ("12.30" -> "-12.30", "-5" -> "5", "0.00" stays). */
export function negateText(value: string): string {
  const v = value.trim();
  if (v.startsWith('-')) return v.slice(1);
  return /[1-9]/.test(v) ? `-${v}` : v;
}

export const CREDIT_NOTE_AUDIT_ACTION = 'create_credit_note';

/** Finds an invoice by id, or by its invoice number. */
function findInvoice(sqlite: Sqlite, idOrNumber: string): InvoiceRow {
  const select = `SELECT id, agreement_id, account_id, period, currency, document_type, status, invoice_number, subtotal, discount, tax, total FROM invoices`;
  const row = (sqlite.prepare(`${select} WHERE id = ?`).get(idOrNumber) ?? sqlite.prepare(`${select} WHERE invoice_number = ?`).get(idOrNumber)) as InvoiceRow | undefined;
  if (!row) throw new NotFoundError(`There is no invoice ${idOrNumber}.`);
  return row;
}

function creditsOf(sqlite: Sqlite, invoiceId: string): { id: string; subtotal: string; discount: string; tax: string; total: string; lineIds: number[] }[] {
  const notes = sqlite
    .prepare("SELECT id, subtotal, discount, tax, total FROM invoices WHERE credits_invoice_id = ? AND document_type = 'credit_note' ORDER BY id")
    .all(invoiceId) as { id: string; subtotal: string; discount: string; tax: string; total: string }[];
  const details = sqlite.prepare('SELECT detail FROM invoice_lines WHERE invoice_id = ?').pluck();
  return notes.map((n) => ({
    ...n,
    lineIds: (details.all(n.id) as string[]).flatMap((d) => {
      const id = (JSON.parse(d) as { credits_line_id?: unknown }).credits_line_id;
      return typeof id === 'number' ? [id] : [];
    }),
  }));
}

const sumOf = (values: string[]) => values.reduce((s, v) => s.plus(dec(v)), new Decimal(0));

/** The invoice's discount percent, as recorded on its discount line at rating (0 without a discount line). */
function discountPercentOf(sqlite: Sqlite, invoice: InvoiceRow, lines: LineRow[]): Decimal {
  const discountLine = lines.find((l) => l.kind === 'discount');
  if (!discountLine) return new Decimal(0);
  const recorded = (JSON.parse(discountLine.detail) as { discount_percent?: unknown }).discount_percent;
  if (typeof recorded === 'string') return dec(recorded);
  return dec(sqlite.prepare('SELECT discount_percent FROM agreements WHERE id = ?').pluck().get(invoice.agreement_id) as string);
}

/** The agreement's tax rate, provided it still gives the invoice's own tax (the agreement may have been re-imported with other terms since). */
function taxRateOf(sqlite: Sqlite, invoice: InvoiceRow): Decimal {
  const taxRate = invoiceTaxRate(sqlite.prepare('SELECT tax_rate FROM agreements WHERE id = ?').pluck().get(invoice.agreement_id) as string, invoice);
  if (taxRate === null) {
    throw new ConflictError(
      `The tax rate of agreement ${invoice.agreement_id} no longer gives the tax of invoice ${invoice.invoice_number ?? invoice.id}, so a partial credit cannot be computed; credit the invoice in full instead.`,
    );
  }
  return dec(taxRate);
}

export interface CreditNoteResult {
  credit_note_id: string;
  credits_invoice_id: string;
  credits_invoice_number: string;
  invoice: InvoiceJson;
}

export function createCreditNote(sqlite: Sqlite, request: CreateCreditNoteRequest): CreditNoteResult {
  const reason = request.reason.trim();
  if (reason === '') throw new ConflictError('A credit note needs a reason.');
  return sqlite.transaction(() => {
    const invoice = findInvoice(sqlite, request.invoiceId.trim());
    const label = invoice.invoice_number ?? invoice.id;
    if (invoice.document_type !== 'invoice') throw new ConflictError(`${label} is a credit note; only invoices can be credited.`);
    if (invoice.status !== 'finalized') {
      throw new ConflictError(`Invoice ${invoice.id} is ${invoice.status === 'draft' ? 'a draft' : invoice.status}; only finalized invoices get credit notes (change a draft or approved invoice directly).`);
    }
    const lines = sqlite
      .prepare('SELECT id, position, kind, code, description, quantity, unit_price, amount, metric, detail FROM invoice_lines WHERE invoice_id = ? ORDER BY position')
      .all(invoice.id) as LineRow[];
    const previous = creditsOf(sqlite, invoice.id);
    const credited = new Set(previous.flatMap((p) => p.lineIds));
    const chargeable = lines.filter((l) => l.kind !== 'discount');
    const cur = invoice.currency;
    const money = (v: string | Decimal) => formatMoney(moneyString(dec(v), cur), cur);
    const creditedTotal = sumOf(previous.map((p) => p.total)).negated();

    let chosen: LineRow[];
    let full = false;
    if (request.lines === undefined || request.lines === 'all') {
      if (previous.length > 0) {
        throw new ConflictError(
          `Invoice ${label} already has ${money(creditedTotal)} of ${money(invoice.total)} credited (${previous.map((p) => p.id).join(', ')}); credit only the remaining lines.`,
        );
      }
      chosen = lines;
      full = true;
    } else {
      const ids = [...new Set(request.lines)];
      if (ids.length === 0) throw new ConflictError('Choose at least one line to credit.');
      chosen = ids.map((id) => {
        const line = lines.find((l) => l.id === id);
        if (!line) throw new ConflictError(`Invoice ${label} has no line ${id}; its lines are ${chargeable.map((l) => `${l.id} (${l.description})`).join(', ')}.`);
        if (line.kind === 'discount') throw new ConflictError(`Line ${id} is the discount; it is credited in proportion with the lines it applies to.`);
        if (credited.has(id)) throw new ConflictError(`Line ${id} of invoice ${label} (${line.description}) is already credited; a line can be credited only once.`);
        return line;
      });
      chosen.sort((a, b) => a.position - b.position);
    }

    // The figures of the credit note.
    let subtotal: Decimal;
    let discount: Decimal;
    let tax: Decimal;
    if (full) {
      subtotal = dec(negateText(invoice.subtotal));
      discount = dec(negateText(invoice.discount));
      tax = dec(negateText(invoice.tax));
    } else {
      subtotal = sumOf(chosen.map((l) => negateText(l.amount)));
      const remainingAfter = chargeable.filter((l) => !credited.has(l.id) && !chosen.includes(l));
      if (remainingAfter.length === 0) {
        // The last lines: the remaining discount and tax exactly, so the credit notes add up to the invoice's negative.
        discount = dec(invoice.discount).minus(sumOf(previous.map((p) => negateText(p.discount)))).negated();
        tax = dec(invoice.tax).minus(sumOf(previous.map((p) => negateText(p.tax)))).negated();
      } else {
        discount = dec(invoice.discount).isZero() ? new Decimal(0) : roundMoney(subtotal.times(discountPercentOf(sqlite, invoice, lines)).div(100), cur);
        tax = roundMoney(subtotal.minus(discount).times(taxRateOf(sqlite, invoice)), cur);
      }
    }
    const total = subtotal.minus(discount).plus(tax);
    if (!total.isNegative()) {
      throw new ConflictError(`The chosen lines of invoice ${label} add up to ${money(total.negated())}; a credit note must credit a positive amount.`);
    }
    const remaining = dec(invoice.total).minus(creditedTotal);
    if (total.negated().gt(remaining)) {
      throw new ConflictError(`A credit of ${money(total.negated())} exceeds the ${money(remaining)} of invoice ${label} that remains uncredited.`);
    }

    // Its own row and lines.
    const sequence = (sqlite.prepare("SELECT id FROM invoices WHERE credits_invoice_id = ? AND document_type = 'credit_note'").pluck().all(invoice.id) as string[])
      .map((id) => Number(/\/CN(\d+)$/.exec(id)?.[1] ?? 0))
      .reduce((a, b) => Math.max(a, b), 0);
    const id = `${invoice.id}/CN${sequence + 1}`;
    const now = new Date().toISOString();
    const totalText = moneyString(total, cur);
    sqlite
      .prepare(
        `INSERT INTO invoices (id, agreement_id, account_id, period, currency, document_type, credits_invoice_id, status, subtotal, discount, tax, total,
           deposit_applied, amount_due, rated_at, rated_by, approved_at, approved_by)
         VALUES (?, ?, ?, ?, ?, 'credit_note', ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, invoice.agreement_id, invoice.account_id, invoice.period, cur, invoice.id, moneyString(subtotal, cur), moneyString(discount, cur), moneyString(tax, cur), totalText,
        moneyString(new Decimal(0), cur), totalText, now, request.actor, now, request.actor);
    const insertLine = sqlite.prepare(
      `INSERT INTO invoice_lines (invoice_id, position, kind, code, description, quantity, unit_price, amount, charge_position, metric, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    );
    const newLines = chosen.map((l) => ({ ...l, quantity: negateText(l.quantity), amount: negateText(l.amount) }));
    if (!full && !discount.isZero()) {
      const percent = discountPercentOf(sqlite, invoice, lines);
      const amount = moneyString(discount.negated(), cur);
      const original = lines.find((l) => l.kind === 'discount');
      newLines.push({
        id: original?.id ?? 0, position: Number.MAX_SAFE_INTEGER, kind: 'discount', code: 'discount', description: original?.description ?? `Discount ${percent.toFixed()}%`,
        quantity: '-1', unit_price: negateText(amount), amount, metric: null,
        detail: JSON.stringify({ discount_percent: percent.toFixed(), subtotal: moneyString(subtotal, cur) }),
      });
    }
    newLines.forEach((l, position) => {
      const detail = { ...(JSON.parse(l.detail) as Record<string, unknown>), credits_line_id: l.id };
      insertLine.run(id, position, l.kind, l.code, l.description, l.quantity, l.unit_price, l.amount, l.metric, JSON.stringify(detail));
    });
    appendAudit(sqlite, {
      actor: request.actor,
      action: CREDIT_NOTE_AUDIT_ACTION,
      entityType: 'invoice',
      entityId: id,
      reason,
      details: { credits_invoice_id: invoice.id, credits_invoice_number: invoice.invoice_number, lines: full ? 'all' : chosen.map((l) => l.id), total: totalText },
    });
    return { credit_note_id: id, credits_invoice_id: invoice.id, credits_invoice_number: invoice.invoice_number ?? '', invoice: invoiceJson(sqlite, id) };
  }).immediate();
}

/** Why a credit note was written: the reason given when it was created (from the append-only audit trail). */
export function creditNoteReason(sqlite: Sqlite, creditNoteId: string): string | null {
  return (
    (sqlite
      .prepare('SELECT reason FROM audit_log WHERE entity_type = ? AND entity_id = ? AND action = ? ORDER BY id LIMIT 1')
      .pluck()
      .get('invoice', creditNoteId, CREDIT_NOTE_AUDIT_ACTION) as string | null | undefined) ?? null
  );
}

/** Removes a draft (not yet finalized) credit note. */
export function discardCreditNote(sqlite: Sqlite, creditNoteId: string, actor: string, reason?: string): void {
  sqlite.transaction(() => {
    const row = sqlite.prepare('SELECT document_type, status FROM invoices WHERE id = ?').get(creditNoteId) as { document_type: string; status: string } | undefined;
    if (!row) throw new NotFoundError(`There is no credit note ${creditNoteId}.`);
    if (row.document_type !== 'credit_note') throw new ConflictError(`${creditNoteId} is an invoice, not a credit note.`);
    if (row.status === 'finalized') throw new ConflictError(`Credit note ${creditNoteId} is finalized; it can only be corrected by an invoice.`);
    sqlite.prepare('DELETE FROM invoices WHERE id = ?').run(creditNoteId);
    appendAudit(sqlite, { actor, action: 'discard_credit_note', entityType: 'invoice', entityId: creditNoteId, reason: reason?.trim() || null });
  }).immediate();
}

export interface CreditableLine {
  line_id: number;
  kind: string;
  description: string;
  amount: string;
  /** the credit note that already credits this line, or null */
  credited_by: string | null;
}

/** The lines of an invoice, with the credit note (if any) that already credits each one. */
export function creditableLines(sqlite: Sqlite, invoiceIdOrNumber: string): { invoice_id: string; currency: string; lines: CreditableLine[] } {
  const invoice = findInvoice(sqlite, invoiceIdOrNumber);
  const byLine = new Map<number, string>();
  for (const note of creditsOf(sqlite, invoice.id)) for (const id of note.lineIds) byLine.set(id, note.id);
  const lines = sqlite.prepare("SELECT id, kind, description, amount FROM invoice_lines WHERE invoice_id = ? AND kind <> 'discount' ORDER BY position").all(invoice.id) as {
    id: number;
    kind: string;
    description: string;
    amount: string;
  }[];
  return {
    invoice_id: invoice.id,
    currency: invoice.currency,
    lines: lines.map((l) => ({ line_id: l.id, kind: l.kind, description: l.description, amount: l.amount, credited_by: byLine.get(l.id) ?? null })),
  };
}
