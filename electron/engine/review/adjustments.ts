/**
 * Manual adjustments: a reviewer's credit (negative) or debit (positive) for
 * an agreement's invoice of a period, with a description and a reason. They
 * live in their own table keyed by agreement and period, so re-rating (which
 * replaces drafts) keeps them; rating turns them into `adjustment` lines.
 *
 * They can be added or removed only while that invoice is a draft: an
 * approved invoice is frozen and a finalized one is corrected by a credit
 * note. Each change is audited (`adjust` / `remove_adjustment`) with the
 * invoice id in its details, so the invoice's timeline shows removed
 * adjustments too. The caller re-rates the period afterwards.
 */
import type { Sqlite } from '../../../db/open';
import type { AdjustmentRow } from '../../../shared/api';
import { adjustmentAmountProblem } from '../../../shared/adjustment-amount';
import { dec, moneyString } from '../../../shared/money';
import { ConflictError, NotFoundError } from '../errors';
import { appendAudit } from '../audit/audit-log';
import { recordInvoiceChange } from '../controls/four-eyes';
import { assertPeriodOpen } from '../controls/period-locks';

export const ADJUST_ACTION = 'adjust';
export const REMOVE_ADJUSTMENT_ACTION = 'remove_adjustment';

interface InvoiceRef {
  id: string;
  agreement_id: string;
  period: string;
  currency: string;
  status: string;
  document_type: string;
  total: string;
}

const COLUMNS = 'id, agreement_id, period, description, amount, reason, created_by, created_at';

function invoiceRef(sqlite: Sqlite, invoiceId: string): InvoiceRef {
  const row = sqlite.prepare('SELECT id, agreement_id, period, currency, status, document_type, total FROM invoices WHERE id = ?').get(invoiceId) as InvoiceRef | undefined;
  if (!row) throw new NotFoundError(`There is no invoice ${invoiceId}.`);
  return row;
}

/** The invoice (of document type 'invoice') of an agreement and period, if rated. */
function invoiceOf(sqlite: Sqlite, agreementId: string, period: string): InvoiceRef | undefined {
  return sqlite
    .prepare("SELECT id, agreement_id, period, currency, status, document_type, total FROM invoices WHERE agreement_id = ? AND period = ? AND document_type = 'invoice'")
    .get(agreementId, period) as InvoiceRef | undefined;
}

function requireDraft(invoice: InvoiceRef, what: string): void {
  if (invoice.document_type !== 'invoice') throw new ConflictError(`${invoice.id} is a credit note; adjustments belong on invoices.`);
  if (invoice.status !== 'draft') {
    throw new ConflictError(
      `Invoice ${invoice.id} is ${invoice.status}; ${what} only while it is a draft${invoice.status === 'finalized' ? ' (correct it with a credit note)' : ''}.`,
    );
  }
}

/** The adjustments of the invoice's agreement and period, oldest first. */
export function listAdjustments(sqlite: Sqlite, invoiceId: string): AdjustmentRow[] {
  const invoice = invoiceRef(sqlite, invoiceId);
  return sqlite.prepare(`SELECT ${COLUMNS} FROM adjustments WHERE agreement_id = ? AND period = ? ORDER BY id`).all(invoice.agreement_id, invoice.period) as AdjustmentRow[];
}

export interface AddAdjustment {
  invoiceId: string;
  description: string;
  /** signed decimal in the invoice currency, at most its minor-unit digits */
  amount: string;
  reason: string;
  actor: string;
}

/** Stores an adjustment for a draft invoice's agreement and period (audited). The caller re-rates the period. */
export function addAdjustment(sqlite: Sqlite, request: AddAdjustment): { adjustment: AdjustmentRow; invoice: InvoiceRef } {
  return sqlite.transaction(() => {
    const invoice = invoiceRef(sqlite, request.invoiceId);
    requireDraft(invoice, 'it can be adjusted');
    assertPeriodOpen(sqlite, invoice.period, 'its invoices cannot be adjusted');
    const description = request.description.trim();
    const reason = request.reason.trim();
    if (description === '') throw new ConflictError('An adjustment needs a description.');
    if (reason.length < 3) throw new ConflictError('An adjustment needs a reason.');
    const problem = adjustmentAmountProblem(request.amount, invoice.currency);
    if (problem) throw new ConflictError(problem);
    const amount = dec(request.amount.trim());
    const text = moneyString(amount, invoice.currency);
    const id = Number(
      sqlite
        .prepare('INSERT INTO adjustments (agreement_id, period, description, amount, reason, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
        .pluck()
        .get(invoice.agreement_id, invoice.period, description, text, reason, request.actor),
    );
    appendAudit(sqlite, {
      actor: request.actor,
      action: ADJUST_ACTION,
      entityType: 'adjustment',
      entityId: String(id),
      reason,
      details: { invoice_id: invoice.id, agreement_id: invoice.agreement_id, period: invoice.period, description, amount: text, currency: invoice.currency },
    });
    recordInvoiceChange(sqlite, [invoice.id], request.actor, `adjusted it (${description})`);
    const adjustment = sqlite.prepare(`SELECT ${COLUMNS} FROM adjustments WHERE id = ?`).get(id) as AdjustmentRow;
    return { adjustment, invoice };
  }).immediate();
}

/** Deletes an adjustment of a draft (audited with what it was). The caller re-rates the period. */
export function removeAdjustment(sqlite: Sqlite, adjustmentId: number, reason: string, actor: string): { invoice: InvoiceRef } {
  return sqlite.transaction(() => {
    const row = sqlite.prepare(`SELECT ${COLUMNS} FROM adjustments WHERE id = ?`).get(adjustmentId) as AdjustmentRow | undefined;
    if (!row) throw new NotFoundError(`There is no adjustment ${adjustmentId}.`);
    const invoice = invoiceOf(sqlite, row.agreement_id, row.period);
    if (!invoice) throw new ConflictError(`Agreement ${row.agreement_id} has no invoice for ${row.period}; rate the period before changing its adjustments.`);
    requireDraft(invoice, 'its adjustments can be removed');
    assertPeriodOpen(sqlite, invoice.period, 'its adjustments cannot be removed');
    const text = reason.trim();
    if (text.length < 3) throw new ConflictError('Removing an adjustment needs a reason.');
    sqlite.prepare('DELETE FROM adjustments WHERE id = ?').run(adjustmentId);
    appendAudit(sqlite, {
      actor,
      action: REMOVE_ADJUSTMENT_ACTION,
      entityType: 'adjustment',
      entityId: String(adjustmentId),
      reason: text,
      details: { invoice_id: invoice.id, agreement_id: row.agreement_id, period: row.period, description: row.description, amount: row.amount, currency: invoice.currency },
    });
    recordInvoiceChange(sqlite, [invoice.id], actor, `removed its adjustment ${row.description}`);
    return { invoice };
  }).immediate();
}

/** The stored total of an invoice (after a re-rate). */
export function storedTotal(sqlite: Sqlite, invoiceId: string): string {
  const total = sqlite.prepare('SELECT total FROM invoices WHERE id = ?').pluck().get(invoiceId) as string | undefined;
  if (total === undefined) throw new NotFoundError(`Invoice ${invoiceId} is no longer there after re-rating.`);
  return total;
}
