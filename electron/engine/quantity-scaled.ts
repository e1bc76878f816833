/**
 * A usage quantity's scaled form in JavaScript: exactly what SQLite computes
 * for usage_rows.quantity_scaled (QUANTITY_SCALED in db/schema.ts), so the
 * import can add up a file's figures where it validates the rows, on the read
 * worker's thread, instead of reading them back from SQLite (issue 18).
 *
 * It mirrors the SQL expression text for text, not the decimal's value: a
 * quantity without a point counts its whole length (leading zeros included)
 * against the 12 digits, one with a point the characters before it. Every
 * shape is compared with SQLite's own column in quantity-scaled.test.ts; the
 * scale is QUANTITY_SCALE (6), checked there too. No imports, so the read
 * worker's bundle stays small.
 *
 * The value is a Number while it is surely below 2^53 (at most 9 characters
 * before the point: below 10^15), else a bigint: a million rows of BigInt
 * arithmetic cost the worker more than the inserts it runs beside.
 */
const MILLION = 1_000_000;
const MILLION_N = 1_000_000n;
/** integer parts up to this many characters scale to at most 999,999,999,999,999 < 2^53 */
const NUMBER_CHARS = 9;

/** the value of the digits q[from, to), as a Number (at most 9 of them here: exact) */
function digitsValue(q: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (q.charCodeAt(i) - 48);
  return v;
}

/** millionths of `quantity` (a contract decimal), or null where SQLite's column is NULL */
export function scaledQuantity(quantity: string): number | bigint | null {
  const n = quantity.length;
  const point = quantity.indexOf('.');
  // A sign (never in usage, which refuses negatives) takes the BigInt path: CAST keeps it, as BigInt does.
  const small = quantity.charCodeAt(0) !== 45; /* - */
  if (point === -1) {
    if (n > 12) return null;
    return small && n <= NUMBER_CHARS ? digitsValue(quantity, 0, n) * MILLION : BigInt(quantity) * MILLION_N;
  }
  // instr() is 1-based: instr(q, '.') = point + 1.
  if (point + 1 > 13 || n - (point + 1) > 6) return null;
  if (small && point <= NUMBER_CHARS) {
    // the decimals padded with zeros to six: 1.5 → 500000
    let millionths = digitsValue(quantity, point + 1, n);
    for (let i = n - point - 1; i < 6; i++) millionths *= 10;
    return digitsValue(quantity, 0, point) * MILLION + millionths;
  }
  return BigInt(quantity.slice(0, point)) * MILLION_N + BigInt((quantity.slice(point + 1) + '000000').slice(0, 6));
}
