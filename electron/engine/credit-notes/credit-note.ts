/**
 * Credit notes: the only way to correct a finalized invoice (which the
 * database itself keeps immutable). A credit note is its own row in
 * `invoices` (document_type 'credit_note', credits_invoice_id = the invoice it
 * corrects), with the same agreement, account, period and currency, and its
 * own number from the credit-note sequence when it is finalized by the export.
 *
 * What it credits: the whole invoice, whole lines, or an amount of one line.
 * Amounts:
 * - Every wholly credited line is the exact negative of the stored line
 *   (amount and quantity negated as text, unit price kept), never recomputed.
 *   Its detail keeps the original's and adds `credits_line_id`.
 * - An amount A of a line is one line of the same kind and description with
 *   quantity −1, unit price A and amount −A (the same negation of "one unit
 *   of A"); its detail says which part of the line it is (`note`, printed
 *   under the line) and carries `credits_line_id`. Crediting a line "whole"
 *   after part of it was credited credits what is left of it, the same way.
 * - Full credit (lines 'all', nothing credited yet): subtotal, discount, tax
 *   and total are the exact negatives of the invoice's, the discount line
 *   included. (So a credit note's `discount` is negative or zero.)
 * - Partial credit (chosen lines or an amount): subtotal = Σ negated lines;
 *   discount = round(subtotal × p / 100) with p the invoice's discount
 *   percent (recorded on its discount line at rating), 0 when the invoice had
 *   no discount; tax = round((subtotal − discount) × tax_rate) with the
 *   agreement's tax rate, which must still reproduce the invoice's own tax;
 *   each rounded once, half away from zero (rating.md). The credit note after
 *   which nothing of any line is left uncredited takes exactly the remaining
 *   discount and tax instead, so an invoice's credit notes always add up to its
 *   exact negative.
 * - The deposit is never touched: deposit_applied is 0 and amount_due =
 *   total. The deposit stays consumed by the invoice (rating derives the
 *   remaining deposit from invoices only), and the customer is credited the
 *   whole total.
 *
 * Limits: what is credited of each line is the sum of the credit-note lines
 * (draft, approved or finalized) that carry its id, and it never exceeds the
 * line's amount, so nothing is ever credited twice; the total credited never
 * exceeds the invoice's total.
 *
 * Status: a credit note is a document like an invoice. It is created as a
 * draft (the creation is audited with actor and reason), approved like an
 * invoice (review/approve.ts, the same override rules), and only an approved
 * credit note is finalized by `billing export`, numbered from the credit-note
 * format. A draft credit note can be discarded with a reason; approved and
 * finalized ones cannot (approval is the commitment, as for invoices).
 */
import type { Sqlite } from '../../../db/open';
import { currencyMinorUnits } from '../../../shared/currencies';
import type { InvoiceJson } from '../../../shared/domain';
import { Decimal, dec, formatMoney, moneyString, roundMoney } from '../../../shared/money';
import { ConflictError, NotFoundError } from '../errors';
import { appendAudit } from '../audit/audit-log';
import { invoiceJson } from '../review/invoice-queries';
import { invoiceTaxRate } from '../review/tax-rate';

export interface CreateCreditNoteRequest {
  /** the invoice id (e.g. AG-1001@2026-10) or its invoice number (INV-2026-000001) */
  invoiceId: string;
  reason: string;
  /** 'all' (default) or the ids of the invoice lines to credit */
  lines?: 'all' | number[];
  /** credit this amount of the one line in `lines` instead of the whole line (a decimal string, e.g. "12.34") */
  amount?: string;
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
export const DISCARD_CREDIT_NOTE_AUDIT_ACTION = 'discard_credit_note';

/** Finds an invoice by id, or by its invoice number. */
function findInvoice(sqlite: Sqlite, idOrNumber: string): InvoiceRow {
  const select = `SELECT id, agreement_id, account_id, period, currency, document_type, status, invoice_number, subtotal, discount, tax, total FROM invoices`;
  const row = (sqlite.prepare(`${select} WHERE id = ?`).get(idOrNumber) ?? sqlite.prepare(`${select} WHERE invoice_number = ?`).get(idOrNumber)) as InvoiceRow | undefined;
  if (!row) throw new NotFoundError(`There is no invoice ${idOrNumber}.`);
  return row;
}

interface PreviousCredit {
  id: string;
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
  /** the credited line (credits_line_id) and the credit-note line's amount, for every line but the discount */
  lines: { lineId: number; amount: string }[];
}

/** The invoice's credit notes (draft, approved and finalized), with what each credits of which line. */
function creditsOf(sqlite: Sqlite, invoiceId: string): PreviousCredit[] {
  const notes = sqlite
    .prepare("SELECT id, subtotal, discount, tax, total FROM invoices WHERE credits_invoice_id = ? AND document_type = 'credit_note' ORDER BY id")
    .all(invoiceId) as Omit<PreviousCredit, 'lines'>[];
  const lines = sqlite.prepare("SELECT amount, detail FROM invoice_lines WHERE invoice_id = ? AND kind <> 'discount'");
  return notes.map((n) => ({
    ...n,
    lines: (lines.all(n.id) as { amount: string; detail: string }[]).flatMap((l) => {
      const id = (JSON.parse(l.detail) as { credits_line_id?: unknown }).credits_line_id;
      return typeof id === 'number' ? [{ lineId: id, amount: l.amount }] : [];
    }),
  }));
}

/** Per invoice line: how much is credited already (in the line's own sign) and by which credit notes. */
function creditedPerLine(previous: PreviousCredit[]): Map<number, { credited: Decimal; by: string[] }> {
  const perLine = new Map<number, { credited: Decimal; by: string[] }>();
  for (const note of previous) {
    for (const l of note.lines) {
      const entry = perLine.get(l.lineId) ?? { credited: new Decimal(0), by: [] };
      entry.credited = entry.credited.minus(dec(l.amount));
      if (!entry.by.includes(note.id)) entry.by.push(note.id);
      perLine.set(l.lineId, entry);
    }
  }
  return perLine;
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

/** A positive amount of money in the currency, with at most its minor-unit decimals; refusals say what is wrong in one sentence. */
export function parseCreditAmount(text: string, currency: string): Decimal {
  const value = text.trim();
  if (!/^\d+(\.\d+)?$/.test(value)) throw new ConflictError(`"${text}" is not an amount to credit; write it like 12.34, without a sign or thousands separators.`);
  const digits = currencyMinorUnits(currency);
  const decimals = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
  if (decimals > digits) {
    throw new ConflictError(`${currency} amounts have ${digits === 0 ? 'no decimals' : `at most ${digits} decimal${digits === 1 ? '' : 's'}`}, so ${value} cannot be credited.`);
  }
  const amount = dec(value);
  if (!amount.isPositive() || amount.isZero()) throw new ConflictError('The amount to credit must be more than zero.');
  return amount;
}

export interface CreditNoteResult {
  credit_note_id: string;
  credits_invoice_id: string;
  credits_invoice_number: string;
  invoice: InvoiceJson;
}

/** One line of the credit note before it is written: the invoice line, and the part of it credited (null: the whole line, negated exactly). */
interface Credit {
  line: LineRow;
  part: Decimal | null;
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
    const perLine = creditedPerLine(previous);
    const leftOf = (line: LineRow) => dec(line.amount).minus(perLine.get(line.id)?.credited ?? 0);
    const chargeable = lines.filter((l) => l.kind !== 'discount');
    const cur = invoice.currency;
    const money = (v: string | Decimal) => formatMoney(moneyString(dec(v), cur), cur);
    const creditedTotal = sumOf(previous.map((p) => p.total)).negated();

    let credits: Credit[];
    let full = false;
    if (request.lines === undefined || request.lines === 'all') {
      if (request.amount !== undefined) throw new ConflictError('Crediting an amount needs the one line it is taken from.');
      if (previous.length > 0) {
        throw new ConflictError(
          `Invoice ${label} already has ${money(creditedTotal)} of ${money(invoice.total)} credited (${previous.map((p) => p.id).join(', ')}); credit only the remaining lines.`,
        );
      }
      credits = lines.map((line) => ({ line, part: null }));
      full = true;
    } else {
      const ids = [...new Set(request.lines)];
      if (ids.length === 0) throw new ConflictError('Choose at least one line to credit.');
      if (request.amount !== undefined && ids.length !== 1) throw new ConflictError(`An amount is credited from exactly one line; ${ids.length} lines were chosen.`);
      const amount = request.amount === undefined ? null : parseCreditAmount(request.amount, cur);
      credits = ids.map((id) => {
        const line = lines.find((l) => l.id === id);
        if (!line) throw new ConflictError(`Invoice ${label} has no line ${id}; its lines are ${chargeable.map((l) => `${l.id} (${l.description})`).join(', ')}.`);
        if (line.kind === 'discount') throw new ConflictError(`Line ${id} is the discount; it is credited in proportion with the lines it applies to.`);
        const done = perLine.get(id);
        const left = leftOf(line);
        if (done && left.isZero()) {
          throw new ConflictError(`Line ${id} of invoice ${label} (${line.description}) is already fully credited (${done.by.join(', ')}); nothing of it is left to credit.`);
        }
        if (amount !== null) {
          if (!dec(line.amount).isPositive() || dec(line.amount).isZero()) {
            throw new ConflictError(`Line ${id} of invoice ${label} (${line.description}) is ${money(line.amount)}; only a charge can be credited by an amount.`);
          }
          if (amount.gt(left)) {
            throw new ConflictError(`${money(amount)} is more than the ${money(left)} of line ${id} of invoice ${label} (${line.description}) that is left to credit.`);
          }
          // The whole line, untouched so far: the exact negative of it, as if it had been ticked.
          return { line, part: !done && amount.equals(dec(line.amount)) ? null : amount };
        }
        // A line partly credited before: what is left of it.
        return { line, part: done ? left : null };
      });
      credits.sort((a, b) => a.line.position - b.line.position);
    }

    // The figures of the credit note.
    const creditedOf = (c: Credit) => c.part ?? dec(c.line.amount);
    let subtotal: Decimal;
    let discount: Decimal;
    let tax: Decimal;
    if (full) {
      subtotal = dec(negateText(invoice.subtotal));
      discount = dec(negateText(invoice.discount));
      tax = dec(negateText(invoice.tax));
    } else {
      subtotal = credits.reduce((s, c) => s.minus(creditedOf(c)), new Decimal(0));
      const leftAfter = (line: LineRow) => {
        const here = credits.find((c) => c.line.id === line.id);
        return leftOf(line).minus(here ? creditedOf(here) : 0);
      };
      if (chargeable.every((l) => leftAfter(l).isZero())) {
        // Nothing of any line is left after this one: the remaining discount and tax exactly, so the credit notes add up to the invoice's negative.
        discount = dec(invoice.discount).minus(sumOf(previous.map((p) => negateText(p.discount)))).negated();
        tax = dec(invoice.tax).minus(sumOf(previous.map((p) => negateText(p.tax)))).negated();
      } else {
        discount = dec(invoice.discount).isZero() ? new Decimal(0) : roundMoney(subtotal.times(discountPercentOf(sqlite, invoice, lines)).div(100), cur);
        tax = roundMoney(subtotal.minus(discount).times(taxRateOf(sqlite, invoice)), cur);
      }
    }
    const total = subtotal.minus(discount).plus(tax);
    if (!total.isNegative() || total.isZero()) {
      throw new ConflictError(`The chosen lines of invoice ${label} add up to ${money(total.negated())}; a credit note must credit a positive amount.`);
    }
    const remaining = dec(invoice.total).minus(creditedTotal);
    if (total.negated().gt(remaining)) {
      throw new ConflictError(`A credit of ${money(total.negated())} exceeds the ${money(remaining)} of invoice ${label} that remains uncredited.`);
    }

    // Its own row and lines.
    // Ids are never reused: a discarded draft's id stays its own in the audit trail.
    const used = sqlite
      .prepare(
        `SELECT id FROM invoices WHERE credits_invoice_id = @invoice AND document_type = 'credit_note'
         UNION SELECT entity_id FROM audit_log WHERE entity_type = 'invoice' AND action = @created AND json_extract(details, '$.credits_invoice_id') = @invoice`,
      )
      .pluck()
      .all({ invoice: invoice.id, created: CREDIT_NOTE_AUDIT_ACTION }) as string[];
    const sequence = used
      .map((id) => Number(/\/CN(\d+)$/.exec(id)?.[1] ?? 0))
      .reduce((a, b) => Math.max(a, b), 0);
    const id = `${invoice.id}/CN${sequence + 1}`;
    const now = new Date().toISOString();
    const totalText = moneyString(total, cur);
    // Not approved yet: a credit note is approved on its own, like an invoice (review/approve.ts).
    sqlite
      .prepare(
        `INSERT INTO invoices (id, agreement_id, account_id, period, currency, document_type, credits_invoice_id, status, subtotal, discount, tax, total,
           deposit_applied, amount_due, rated_at, rated_by, approved_at, approved_by)
         VALUES (?, ?, ?, ?, ?, 'credit_note', ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
      )
      .run(id, invoice.agreement_id, invoice.account_id, invoice.period, cur, invoice.id, moneyString(subtotal, cur), moneyString(discount, cur), moneyString(tax, cur), totalText,
        moneyString(new Decimal(0), cur), totalText, now, request.actor);
    const insertLine = sqlite.prepare(
      `INSERT INTO invoice_lines (invoice_id, position, kind, code, description, quantity, unit_price, amount, charge_position, metric, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    );
    const newLines: LineRow[] = credits.map(({ line, part }) =>
      part === null
        ? { ...line, quantity: negateText(line.quantity), amount: negateText(line.amount) }
        : {
            ...line,
            quantity: '-1',
            unit_price: moneyString(part, cur),
            amount: moneyString(part.negated(), cur),
            detail: JSON.stringify({ note: `Part of the line: ${money(part)} of ${money(line.amount)}` }),
          },
    );
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
    const partial = credits.filter((c) => c.part !== null);
    appendAudit(sqlite, {
      actor: request.actor,
      action: CREDIT_NOTE_AUDIT_ACTION,
      entityType: 'invoice',
      entityId: id,
      reason,
      details: {
        credits_invoice_id: invoice.id,
        credits_invoice_number: invoice.invoice_number,
        lines: full ? 'all' : credits.map((c) => c.line.id),
        ...(partial.length ? { amounts: Object.fromEntries(partial.map((c) => [String(c.line.id), moneyString(c.part as Decimal, cur)])) } : {}),
        total: totalText,
      },
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

export interface DiscardOutcome {
  credit_note_id: string;
  credits_invoice_id: string;
}

/**
 * Removes a draft credit note (audited with the reason); what it credited is
 * free to credit again. An approved or finalized credit note stays.
 */
export function discardCreditNote(sqlite: Sqlite, creditNoteId: string, actor: string, reason: string): DiscardOutcome {
  const why = reason.trim();
  return sqlite.transaction(() => {
    const row = sqlite.prepare('SELECT document_type, status, credits_invoice_id FROM invoices WHERE id = ?').get(creditNoteId) as
      | { document_type: string; status: string; credits_invoice_id: string | null }
      | undefined;
    if (!row) throw new NotFoundError(`There is no credit note ${creditNoteId}.`);
    if (row.document_type !== 'credit_note') throw new ConflictError(`${creditNoteId} is an invoice, not a credit note.`);
    if (row.status === 'finalized') throw new ConflictError(`Credit note ${creditNoteId} is finalized; it can only be corrected by an invoice.`);
    if (row.status !== 'draft') throw new ConflictError(`Credit note ${creditNoteId} is already ${row.status}; only a draft credit note can be discarded.`);
    if (why === '') throw new ConflictError('Discarding a credit note needs a reason.');
    sqlite.prepare('DELETE FROM invoices WHERE id = ?').run(creditNoteId);
    appendAudit(sqlite, {
      actor,
      action: DISCARD_CREDIT_NOTE_AUDIT_ACTION,
      entityType: 'invoice',
      entityId: creditNoteId,
      reason: why,
      details: { credits_invoice_id: row.credits_invoice_id },
    });
    return { credit_note_id: creditNoteId, credits_invoice_id: row.credits_invoice_id ?? '' };
  }).immediate();
}

export interface CreditableLine {
  line_id: number;
  kind: string;
  description: string;
  amount: string;
  /** how much of the line its credit notes (draft, approved or finalized) credit already */
  credited: string;
  /** what is left to credit of it (amount − credited) */
  remaining: string;
  /** the credit notes that credit (part of) this line, comma-separated, or null */
  credited_by: string | null;
}

/** The lines of an invoice, with how much of each is credited already, what is left, and by which credit notes. */
export function creditableLines(sqlite: Sqlite, invoiceIdOrNumber: string): { invoice_id: string; currency: string; lines: CreditableLine[] } {
  const invoice = findInvoice(sqlite, invoiceIdOrNumber);
  const perLine = creditedPerLine(creditsOf(sqlite, invoice.id));
  const cur = invoice.currency;
  const lines = sqlite.prepare("SELECT id, kind, description, amount FROM invoice_lines WHERE invoice_id = ? AND kind <> 'discount' ORDER BY position").all(invoice.id) as {
    id: number;
    kind: string;
    description: string;
    amount: string;
  }[];
  return {
    invoice_id: invoice.id,
    currency: cur,
    lines: lines.map((l) => {
      const done = perLine.get(l.id);
      const credited = done?.credited ?? new Decimal(0);
      return {
        line_id: l.id,
        kind: l.kind,
        description: l.description,
        amount: l.amount,
        credited: moneyString(credited, cur),
        remaining: moneyString(dec(l.amount).minus(credited), cur),
        credited_by: done ? done.by.join(', ') : null,
      };
    }),
  };
}
