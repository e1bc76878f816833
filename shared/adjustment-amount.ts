/**
 * Whether a typed adjustment amount can be stored, and if not, the one
 * sentence that says why. Shared so the form says it as the reviewer types
 * and the engine refuses with the very same words.
 */
import { currencyMinorUnits } from './currencies';
import { DECIMAL_PATTERN, Decimal } from './money';

/** Whole digits an adjustment may have (a trillion minus a unit: far beyond any invoice). */
const MAX_WHOLE_DIGITS = 12;

export function adjustmentAmountProblem(typed: string, currency: string): string | null {
  const text = typed.trim();
  if (text === '') return 'Type the amount of the adjustment.';
  if (!DECIMAL_PATTERN.test(text)) {
    return 'Type the amount as a plain number such as -150.00, without thousands separators, spaces or a currency sign.';
  }
  const digits = currencyMinorUnits(currency);
  const [whole = '', fraction = ''] = text.replace(/^-/, '').split('.');
  if (fraction.length > digits) {
    return `${currency} amounts have ${digits === 0 ? 'no decimals' : `at most ${digits} decimal${digits === 1 ? '' : 's'}`}; ${text} has more.`;
  }
  if (whole.replace(/^0+(?=\d)/, '').length > MAX_WHOLE_DIGITS) return `${text} is larger than any adjustment can be (at most ${MAX_WHOLE_DIGITS} digits before the decimal point).`;
  if (new Decimal(text).isZero()) return 'An adjustment of zero changes nothing.';
  return null;
}
