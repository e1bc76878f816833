/**
 * Durations as other systems write them (`1:30`, `01:30:00`, `90` minutes,
 * `1.5`) turned into the contract's decimal hours, exactly where possible.
 *
 * 1:20 is 1.3333… hours, which has no finite decimal form. Such values are
 * truncated (never rounded up) to 10 decimal places: the rating rounds an
 * entry's minutes UP to its increment, so a value a hair below the true one
 * still lands on the same increment (79.9999999998 min → 80), whereas one a
 * hair above could jump to the next (80.0000000001 → 90). With no increment
 * the difference is below 10⁻¹⁰ h per entry. The raw text keeps the exact
 * duration.
 */
import { Decimal } from '../../../shared/money';

export const DURATION_FORMATS = ['decimal_hours', 'h:mm', 'h:mm:ss', 'minutes', 'seconds', 'auto'] as const;
export type DurationFormat = (typeof DURATION_FORMATS)[number];

const PLACES = 10;
const DECIMAL = /^\d+(\.\d+)?$/;
const HM = /^(\d+):([0-5]\d)$/;
const HMS = /^(\d+):([0-5]\d):([0-5]\d)$/;

function hoursString(value: Decimal): string {
  const truncated = value.toDecimalPlaces(PLACES, Decimal.ROUND_DOWN);
  return truncated.isZero() ? '0' : truncated.toFixed();
}

/** Decimal hours as text, or null when the value is not in the format. */
export function durationToHours(value: string, format: DurationFormat): string | null {
  const text = value.trim();
  if (format === 'auto') {
    if (HMS.test(text)) return durationToHours(text, 'h:mm:ss');
    if (HM.test(text)) return durationToHours(text, 'h:mm');
    return durationToHours(text, 'decimal_hours');
  }
  if (format === 'decimal_hours') return DECIMAL.test(text) ? text : null;
  if (format === 'minutes') return DECIMAL.test(text) ? hoursString(new Decimal(text).div(60)) : null;
  if (format === 'seconds') return DECIMAL.test(text) ? hoursString(new Decimal(text).div(3600)) : null;
  if (format === 'h:mm') {
    const m = HM.exec(text);
    return m ? hoursString(new Decimal(m[1]!).plus(new Decimal(m[2]!).div(60))) : null;
  }
  const m = HMS.exec(text);
  return m ? hoursString(new Decimal(m[1]!).plus(new Decimal(m[2]!).div(60)).plus(new Decimal(m[3]!).div(3600))) : null;
}
