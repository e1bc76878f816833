/**
 * Exact, fast aggregation of one metric's usage records (rating.md: sum, max,
 * last, count).
 *
 * A period can hold millions of records, so decimal.js per row is too slow.
 * Quantities are kept as fixed-point integers instead: value × 10^scale, where
 * scale is the longest fraction seen so far. When a longer fraction arrives,
 * the running state is rescaled once (multiplying by a power of ten is exact),
 * so the result is always exact.
 */
import type { Aggregation } from '../../../shared/domain';
import type { UsageTotal } from './types';

export interface Aggregator {
  /** Adds one record: its quantity (a contract decimal string) and canonical UTC ISO timestamp. */
  add(quantity: string, ts: string): void;
  /** The exact aggregate so far; may be called any number of times. */
  result(): UsageTotal;
}

/**
 * Per-row parsing avoids BigInt and regexes: the digits are read by char code
 * into a JS integer, which is exact while below 2^53. Up to 15 significant
 * digits (every realistic quantity) take this fast path; longer ones fall back
 * to BigInt. Mixed number/bigint comparisons (`1 < 2n`) are exact in JS, so
 * max/last can hold either form. Nothing here is a binary fraction: every
 * number is an integer count of 10^-scale units.
 */
const FAST_DIGITS = 15;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Rows up to this size go to the number part of a sum; larger ones straight to the BigInt part. */
const SMALL_ROW = 10 ** FAST_DIGITS;
/** The number part of a sum is flushed into the BigInt part before one more small row could make it inexact. */
const FLUSH_AT = MAX_SAFE - SMALL_ROW;

/** 10^n as BigInt and as number, cached. */
const POW10_BIG: bigint[] = [1n];
function pow10Big(n: number): bigint {
  for (let i = POW10_BIG.length; i <= n; i++) POW10_BIG.push(POW10_BIG[i - 1]! * 10n);
  return POW10_BIG[n]!;
}
const POW10_NUM: number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

type Fixed = number | bigint;

function invalid(quantity: string): Error {
  return new Error(`usage quantity "${quantity}" is not a decimal number`);
}

/** Formats value / 10^scale as the shortest exact plain decimal ("12.5", "0", "100"). */
export function fixedToString(value: Fixed, scale: number): string {
  if (value === 0 || value === 0n) return '0';
  const negative = value < 0;
  let digits = (negative ? -value : value).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const int = digits.slice(0, digits.length - scale);
    const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
    digits = frac === '' ? int : `${int}.${frac}`;
  }
  return negative ? `-${digits}` : digits;
}

/** Multiplies a fixed value by 10^n exactly, staying a number while that is safe. */
function shift(value: Fixed, n: number): Fixed {
  if (n === 0) return value;
  if (typeof value === 'number') {
    const scaled = n < POW10_NUM.length ? value * POW10_NUM[n]! : Infinity;
    // A true product above MAX_SAFE also computes above it (rounding is monotonic), so this test is exact.
    if (scaled <= MAX_SAFE && scaled >= -MAX_SAFE) return scaled;
    return BigInt(value) * pow10Big(n);
  }
  return value * pow10Big(n);
}

export function createAggregator(aggregation: Aggregation): Aggregator {
  let records = 0;
  // Every stored value is an integer count of 10^-scale units.
  let scale = 0;
  // sum = small + big (small absorbs rows quickly, big never overflows); max/last use `best`.
  let small = 0;
  let big = 0n;
  let best: Fixed = 0;
  let lastTs = '';

  /** Raises the scale so a fraction of `fracLen` digits fits, rescaling the state exactly. */
  function rescale(fracLen: number): void {
    const by = fracLen - scale;
    big = (big + BigInt(small)) * pow10Big(by);
    small = 0;
    best = shift(best, by);
    scale = fracLen;
  }

  /** Parses and validates one quantity to a fixed value at the current scale. */
  function parse(quantity: string): Fixed {
    const length = quantity.length;
    let i = 0;
    let negative = false;
    if (quantity.charCodeAt(0) === 45 /* - */) {
      negative = true;
      i = 1;
    }
    let value = 0;
    let digits = 0;
    let intDigits = -1; // digits before the dot, -1 while no dot seen
    for (; i < length; i++) {
      const c = quantity.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
        digits++;
      } else if (c === 46 /* . */ && intDigits === -1 && digits > 0) {
        intDigits = digits;
      } else {
        throw invalid(quantity);
      }
    }
    if (digits === 0 || intDigits === digits) throw invalid(quantity);
    const fracLen = intDigits === -1 ? 0 : digits - intDigits;
    if (fracLen > scale) rescale(fracLen);
    if (digits > FAST_DIGITS) {
      // Too long for an exact double: redo this row with BigInt.
      const text = intDigits === -1 ? quantity : quantity.replace('.', '');
      return BigInt(text) * pow10Big(scale - fracLen);
    }
    return shift(negative ? -value : value, scale - fracLen);
  }

  const add: (quantity: string, ts: string) => void =
    aggregation === 'sum'
      ? (quantity) => {
          const v = parse(quantity);
          if (typeof v === 'number' && v <= SMALL_ROW && v >= -SMALL_ROW) {
            small += v;
            if (small > FLUSH_AT || small < -FLUSH_AT) {
              big += BigInt(small);
              small = 0;
            }
          } else {
            big += BigInt(v);
          }
          records++;
        }
      : aggregation === 'max'
        ? (quantity) => {
            const v = parse(quantity);
            if (records === 0 || v > best) best = v;
            records++;
          }
        : aggregation === 'last'
          ? (quantity, ts) => {
              const v = parse(quantity);
              // Canonical UTC ISO strings sort chronologically; equal instants keep the larger quantity.
              if (records === 0 || ts > lastTs || (ts === lastTs && v > best)) {
                best = v;
                lastTs = ts;
              }
              records++;
            }
          : (quantity) => {
              // count ignores the value but still refuses malformed rows, like the others.
              parse(quantity);
              records++;
            };

  return {
    add,
    result(): UsageTotal {
      if (aggregation === 'count') return { value: String(records), records };
      const value = aggregation === 'sum' ? big + BigInt(small) : best;
      return { value: fixedToString(value, scale), records };
    },
  };
}

/** Convenience for callers holding all records at once (tests, small inputs). */
export function aggregate(aggregation: Aggregation, rows: Iterable<{ quantity: string; ts: string }>): UsageTotal {
  const aggregator = createAggregator(aggregation);
  for (const row of rows) aggregator.add(row.quantity, row.ts);
  return aggregator.result();
}
