import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTimestamp } from '../../../../shared/period';
import { fastUtcTimestamp } from '../fast-timestamp';

describe('fastUtcTimestamp', () => {
  it('agrees with normalizeTimestamp wherever it answers', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const stamp = fc
      .tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(13), two(32), two(25), two(61), two(61), fc.option(fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0'))))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${ms === null ? '' : `.${ms}`}Z`);
    fc.assert(
      fc.property(fc.oneof(stamp, fc.string()), (text) => {
        const fast = fastUtcTimestamp(text);
        if (fast !== undefined) expect(fast).toBe(normalizeTimestamp(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('answers the common forms and leaves the rest to the general parser', () => {
    expect(fastUtcTimestamp('2026-10-03T14:22:05Z')).toBe('2026-10-03T14:22:05.000Z');
    expect(fastUtcTimestamp('2026-10-03T14:22:05.123Z')).toBe('2026-10-03T14:22:05.123Z');
    expect(fastUtcTimestamp('2026-02-30T00:00:00Z')).toBeNull();
    expect(fastUtcTimestamp('2026-10-03T24:00:00Z')).toBeNull();
    expect(fastUtcTimestamp('2026-10-03T14:22:05+02:00')).toBeUndefined();
    expect(fastUtcTimestamp('2026-10-03')).toBeUndefined();
    // Years 0000–0099 are those years, not 1900–1999 (Date.UTC's reading).
    expect(fastUtcTimestamp('0099-10-01T00:00:00Z')).toBe('0099-10-01T00:00:00.000Z');
    expect(normalizeTimestamp('0099-10-01')).toBe('0099-10-01T00:00:00.000Z');
    expect(normalizeTimestamp('0000-02-29T23:30:00-01:00')).toBe('0000-03-01T00:30:00.000Z');
  });
});
