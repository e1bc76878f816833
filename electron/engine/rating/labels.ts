/**
 * Customer-facing wording for invoice lines. Invoices are read by customers,
 * so codes such as `api_calls` become "API calls" and numbers get thousands
 * separators. Grouping works on the exact decimal text, never via a float.
 */
import type { Decimal } from '../../../shared/money';
import { plainString } from '../../../shared/money';
import { groupDigits } from '../../../shared/number-text';

/** Words that read as acronyms on an invoice. */
const ACRONYMS = new Set(['api', 'gb', 'tb', 'mb', 'kb', 'pb', 'sms', 'mms', 'cpu', 'gpu', 'vm', 'vcpu', 'ip', 'url', 'id', 'io', 'iops', 'sso', 'mau', 'dau', 'sla']);

/** "api_calls" → "API calls", "storage_gb" → "Storage GB", "seats" → "Seats". */
export function humanize(code: string): string {
  const words = code
    .split(/[_\-.\s]+/)
    .filter((w) => w !== '')
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  if (words.length === 0) return code;
  const [first = '', ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}

/** A Decimal as grouped plain text ("1,000,001"). */
export function groupNumber(value: Decimal): string {
  return groupDigits(plainString(value));
}

/**
 * The range of a tier as a customer reads it. With whole-unit bounds and a
 * whole billable quantity, "100,001–1,000,000" (units are counted from 1);
 * otherwise the exact bounds, "over 2.5 up to 10", because "2.6–10" would hide
 * the quantities between 2.5 and 2.6.
 */
export function tierRange(lower: Decimal, upper: Decimal | null, wholeUnits: boolean): string {
  if (wholeUnits && lower.isInteger() && (upper === null || upper.isInteger())) {
    const from = groupNumber(lower.plus(1));
    return upper === null ? `${from} and above` : `${from}–${groupNumber(upper)}`;
  }
  if (lower.isZero()) return upper === null ? 'all units' : `up to ${groupNumber(upper)}`;
  return upper === null ? `over ${groupNumber(lower)}` : `over ${groupNumber(lower)} up to ${groupNumber(upper)}`;
}
