/** Validates one payment (receivables.md, kind: payments). */
import { currencyMinorUnits, isIsoCurrency } from '../../../shared/currencies';
import { dec } from '../../../shared/money';
import { isValidDate } from '../../../shared/period';
import { checkIds, extraFields, optionalText, rejectTooOld, requiredDecimal, requiredText, RowError, truncate } from './fields';
import type { FieldValue } from './read-records';

/**
 * `status` is not in receivables.md: processor exports (Stripe) list failed
 * and refunded charges beside paid ones, and only money received is a payment.
 */
export const PAYMENT_COLUMNS = new Set(['payment_id', 'date', 'account_id', 'amount', 'currency', 'invoice_number', 'method', 'reference', 'status']);
export const PAYMENT_IDS = ['payment_id', 'account_id', 'currency', 'invoice_number'] as const;
/** Status words of money actually received; any other status is rejected. */
const RECEIVED = new Set(['paid', 'succeeded', 'settled', 'completed', 'received', 'cleared']);

export interface PaymentRow {
  paymentId: string;
  date: string;
  accountId: string;
  amount: string;
  currency: string;
  invoiceNumber: string | null;
  method: string | null;
  reference: string | null;
  extra: Record<string, FieldValue> | null;
}

/** An ISO 4217 code, and an exact amount with no more decimals than the currency has. */
export function currencyAmount(fields: Record<string, FieldValue>, amountField: string, currency: string): string {
  const amount = requiredDecimal(fields, amountField);
  const places = currencyMinorUnits(currency);
  const decimals = (amount.split('.')[1] ?? '').replace(/0+$/, '').length;
  if (decimals > places) throw new RowError(amountField, `${amountField} ${truncate(amount)} has more decimals than ${currency} has (${places})`);
  if (dec(amount).lte(0)) throw new RowError(amountField, `${amountField} ${truncate(amount)} must be greater than 0`);
  return amount;
}

export function requiredCurrency(fields: Record<string, FieldValue>): string {
  const currency = requiredText(fields, 'currency');
  if (!isIsoCurrency(currency)) throw new RowError('currency', `currency "${truncate(currency)}" is not an ISO 4217 code (e.g. USD, EUR)`);
  return currency;
}

export function requiredDate(fields: Record<string, FieldValue>, field: string, notAfter?: string): string {
  const date = requiredText(fields, field);
  if (!isValidDate(date)) throw new RowError(field, `${field} "${truncate(date)}" is not a real calendar date YYYY-MM-DD`);
  if (notAfter !== undefined && date > notAfter) throw new RowError(field, `${field} ${date} is in the future (more than 1 day after the import)`);
  rejectTooOld(field, date);
  return date;
}

export function parsePaymentRow(fields: Record<string, FieldValue>, checks: { notAfter?: string } = {}): PaymentRow {
  checkIds(fields, PAYMENT_IDS);
  const paymentId = requiredText(fields, 'payment_id');
  const status = optionalText(fields, 'status');
  if (status !== null && !RECEIVED.has(status.toLowerCase())) {
    throw new RowError('status', `status "${truncate(status)}" is not money received (only paid or succeeded payments are imported)`);
  }
  const date = requiredDate(fields, 'date', checks.notAfter);
  const accountId = requiredText(fields, 'account_id');
  const currency = requiredCurrency(fields);
  const amount = currencyAmount(fields, 'amount', currency);
  return {
    paymentId,
    date,
    accountId,
    amount,
    currency,
    invoiceNumber: optionalText(fields, 'invoice_number'),
    method: optionalText(fields, 'method'),
    reference: optionalText(fields, 'reference'),
    extra: extraFields(fields, PAYMENT_COLUMNS),
  };
}
