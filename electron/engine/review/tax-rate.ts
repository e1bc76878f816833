/**
 * The tax rate an invoice was rated with. Invoices store the tax amount, not
 * the rate; the agreement has the rate, but it may have been re-imported with
 * other terms since. So the agreement's rate counts only while it still gives
 * the invoice's own tax: round((subtotal − discount) × rate) = tax.
 */
import { dec, roundMoney } from '../../../shared/money';

export interface TaxedFigures {
  subtotal: string;
  discount: string;
  tax: string;
  currency: string;
}

/** The agreement's rate if it reproduces the invoice's stored tax, else null (the rate it was rated with is unknown). */
export function invoiceTaxRate(agreementRate: string, invoice: TaxedFigures): string | null {
  const base = dec(invoice.subtotal).minus(dec(invoice.discount));
  return roundMoney(base.times(dec(agreementRate)), invoice.currency).equals(dec(invoice.tax)) ? agreementRate : null;
}
