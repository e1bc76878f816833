/**
 * Words printed beside an invoice's figures, the same on screen and in the
 * PDF: the tax rate beside the tax, a prorated subscription's days in place of
 * its quantity, and the label of a tax id.
 */
import { dec } from './money';

/** A tax rate stored as a fraction, as a percentage: "0.0825" → "8.25 %", "0.1" → "10 %". */
export function taxRatePercent(rate: string): string {
  return `${dec(rate).times(100).toFixed()} %`;
}

/** The tax row's label with its rate when the rate is known: "Tax (8.25 %)", "VAT (20 %)", or just "Tax". */
export function taxRowLabel(label: string, rate: string | null): string {
  return rate === null ? label : `${label} (${taxRatePercent(rate)})`;
}

/** "VAT" → "VAT ID": the label of a tax registration number under the tax label in use. */
export function taxIdLabel(taxLabel: string): string {
  return `${taxLabel} ID`;
}

/**
 * A prorated recurring line's active days, e.g. "17/31 days", from the facts
 * rating stores with it (active_days, days_in_month or, over a longer term, term_days, prorated); null for any
 * other line, which shows its quantity.
 */
export function prorationText(kind: string, detail: Readonly<Record<string, string | number | null>> | null | undefined): string | null {
  if (kind !== 'recurring' || !detail || detail['prorated'] !== 'yes') return null;
  const active = detail['active_days'];
  // a subscription over a quarter, half-year or year is prorated over its term's days (rating/terms.ts)
  const days = detail['term_days'] ?? detail['days_in_month'];
  return typeof active === 'number' && typeof days === 'number' ? `${active}/${days} days` : null;
}
