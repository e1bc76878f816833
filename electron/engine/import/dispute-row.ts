/** Validates one dispute (receivables.md, kind: disputes). The invoice it names is checked by the writer. */
import { optionalDecimal, checkIds, extraFields, optionalText, requiredText, RowError, truncate } from './fields';
import { requiredDate } from './payment-row';
import type { FieldValue } from './read-records';
import { isValidDate } from '../../../shared/period';
import { dec } from '../../../shared/money';

export const DISPUTE_COLUMNS = new Set(['dispute_id', 'invoice_number', 'opened_on', 'reason', 'amount', 'resolved_on']);
export const DISPUTE_IDS = ['dispute_id', 'invoice_number'] as const;

export interface DisputeRow {
  disputeId: string;
  invoiceNumber: string;
  openedOn: string;
  reason: string;
  amount: string | null;
  resolvedOn: string | null;
  extra: Record<string, FieldValue> | null;
}

export function parseDisputeRow(fields: Record<string, FieldValue>, checks: { notAfter?: string } = {}): DisputeRow {
  checkIds(fields, DISPUTE_IDS);
  const disputeId = requiredText(fields, 'dispute_id');
  const invoiceNumber = requiredText(fields, 'invoice_number');
  const openedOn = requiredDate(fields, 'opened_on', checks.notAfter);
  const reason = requiredText(fields, 'reason');
  const amount = optionalDecimal(fields, 'amount');
  if (amount !== null && dec(amount).lte(0)) throw new RowError('amount', `amount ${truncate(amount)} must be greater than 0 (blank: the whole invoice)`);
  const resolvedText = optionalText(fields, 'resolved_on');
  let resolvedOn: string | null = null;
  if (resolvedText !== null) {
    if (!isValidDate(resolvedText)) throw new RowError('resolved_on', `resolved_on "${truncate(resolvedText)}" is not a real calendar date YYYY-MM-DD`);
    if (resolvedText < openedOn) throw new RowError('resolved_on', `resolved_on ${resolvedText} is before opened_on ${openedOn}`);
    if (checks.notAfter !== undefined && resolvedText > checks.notAfter) throw new RowError('resolved_on', `resolved_on ${resolvedText} is in the future (more than 1 day after the import)`);
    resolvedOn = resolvedText;
  }
  return { disputeId, invoiceNumber, openedOn, reason, amount, resolvedOn, extra: extraFields(fields, DISPUTE_COLUMNS) };
}
