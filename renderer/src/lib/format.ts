/**
 * Display helpers. Money stays a string from the API to the screen: grouping is
 * applied to the exact text (as shared/money.ts formatMoney does), never via Number.
 */
import { formatMoney } from '../../../shared/money';
import { groupDigits as groupExactDigits, MINUS } from '../../../shared/number-text';
import { parsePeriod } from '../../../shared/period';

export { formatMoney };
/** groupDigits(amount).length without building the text (the grid sizes its money columns from thousands of amounts). */
export { groupedLength } from '../../../shared/number-text';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-10" -> "October 2026" */
export function periodLabel(period: string): string {
  try {
    const { year, month } = parsePeriod(period);
    return `${MONTHS[month - 1]} ${year}`;
  } catch {
    return period;
  }
}

/** "2026-10" -> "Oct 2026" */
export function periodShort(period: string): string {
  const long = periodLabel(period);
  return long === period ? period : `${long.slice(0, 3)} ${long.slice(-4)}`;
}

/** Thousands separators on an exact decimal string, no currency: "-12500.00" -> "−12,500.00". */
export function groupDigits(amount: string): string {
  return groupExactDigits(amount, MINUS);
}

// One formatter for every count: Number#toLocaleString builds a new one per call (~0.3 ms each, a grid formats hundreds of cells).
const COUNT = new Intl.NumberFormat('en-US');

/** A count with thousands separators (counts are integers, safe as numbers). */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "2026-10-03T14:05:00.000Z" -> "2026-10-03 14:05 UTC"; a bare date stays as it is. */
export function formatWhen(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(\.\d+)?Z$/.exec(text);
  if (!m) return text;
  const seconds = m[3] && m[3] !== ':00' ? m[3] : '';
  return `${m[1]} ${m[2]}${seconds} UTC`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "api_calls" -> "Api calls"; used for detail keys coming from the engine. */
export function humanize(key: string): string {
  const text = key.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function initials(name: string): string {
  const parts = name.trim().split(/[\s._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts[parts.length - 1]![0]}` : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
