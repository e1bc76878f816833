/**
 * Numbers for people: thousands separators on the exact decimal text (never
 * via a float), money with its currency code, ratios and percentages rounded
 * for reading. Messages are one sentence a CFO understands.
 */
import { Decimal, dec, formatMoney, moneyString, plainString } from '../../../shared/money';
import { groupDigits } from '../../../shared/number-text';
import { humanize } from '../rating/labels';

/** An exact quantity, grouped: "1240000" → "1,240,000", rounded half up to `places` decimals (default: exact up to 6). */
export function formatQuantity(value: Decimal | string, places = 6): string {
  const d = typeof value === 'string' ? dec(value) : value;
  return groupDigits(plainString(d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP)));
}

/**
 * An average or other derived figure, rounded for reading: whole numbers from
 * 100 up, 2 decimals from 1, 4 below ("365,000", "12.35", "0.0042").
 */
export function formatApprox(value: Decimal): string {
  const abs = value.abs();
  const places = abs.gte(100) ? 0 : abs.gte(1) ? 2 : 4;
  return formatQuantity(value, places);
}

/** Money as "USD 12,500.00" (the currency's minor units, half away from zero). */
export function formatAmount(value: Decimal | string, currency: string): string {
  const d = typeof value === 'string' ? dec(value) : value;
  return formatMoney(moneyString(d, currency), currency);
}

/**
 * A ratio to one decimal ("3.4"), with more decimals only when one would hide
 * which side of `threshold` it is on (2.04 against 2 is "2.04", not "2.0").
 */
export function formatRatio(ratio: Decimal, threshold?: Decimal): string {
  for (let places = 1; places < 20; places++) {
    const shown = ratio.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
    if (threshold === undefined || shown.cmp(threshold) === ratio.cmp(threshold)) return formatQuantity(shown, places);
  }
  return formatQuantity(ratio, 20);
}

/** A percentage rounded to a whole number, or one decimal when that is needed to stay on the right side of `threshold`. */
export function formatPercent(percent: Decimal, threshold?: Decimal): string {
  for (let places = 0; places < 20; places++) {
    const shown = percent.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
    if (threshold === undefined || shown.cmp(threshold) === percent.cmp(threshold)) return `${formatQuantity(shown, places)}%`;
  }
  return `${formatQuantity(percent, 20)}%`;
}

/** Hours as "7.5 h". */
export function formatHours(hours: Decimal | string): string {
  return `${formatQuantity(hours, 4)} h`;
}

/** A count with a noun: "1 usage record", "42 usage records". */
export function counted(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${groupDigits(String(n))} ${n === 1 ? singular : pluralForm}`;
}

/** A metric code for the middle of a sentence: "api_calls" → "API calls", "storage_gb" → "storage GB". */
export function metricWords(metric: string): string {
  const label = humanize(metric);
  const [first = '', ...rest] = label.split(' ');
  const isAcronym = first.length > 1 && first === first.toUpperCase();
  return [isAcronym ? first : first.toLowerCase(), ...rest].join(' ');
}

/** An hours kind for a sentence: "professional_services" → "professional services". */
export function kindWords(kind: string): string {
  return kind.replace(/_/g, ' ');
}

/** "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Upper-cases the first letter, so a sentence that starts with a metric reads well. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
