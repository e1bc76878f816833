/** The demo generator's building blocks: PRNG, CSV fields, exact decimal text, row allocation. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, fixedDecimal, trimmedDecimal } from './csv';
import { deriveSeed, mulberry32, Prng } from './prng';
import { allocate } from './usage-plan';

describe('prng', () => {
  it('mulberry32 repeats for a seed, differs between seeds, stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('deriveSeed separates sub-streams and is stable', () => {
    expect(deriveSeed(42, 'usage', 'ACME', 'api_calls')).toBe(deriveSeed(42, 'usage', 'ACME', 'api_calls'));
    expect(deriveSeed(42, 'usage', 'ACME', 'api_calls')).not.toBe(deriveSeed(42, 'usage', 'ACME', 'seats'));
    expect(deriveSeed(42, 'ab', 'c')).not.toBe(deriveSeed(42, 'a', 'bc'));
  });

  it('draws integers inclusively and picks by weight', () => {
    const p = new Prng(1);
    const ints = new Set(Array.from({ length: 500 }, () => p.int(1, 3)));
    expect([...ints].sort()).toEqual([1, 2, 3]);
    const picks = Array.from({ length: 1000 }, () => p.weighted([['a', 9], ['b', 1]] as const));
    expect(picks.filter((x) => x === 'a').length).toBeGreaterThan(800);
  });
});

describe('csv', () => {
  it('quotes only what RFC 4180 needs, doubling quotes, and round-trips through csv-parse', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField("=cmd|' /C calc'!A0")).toBe("=cmd|' /C calc'!A0");
    const values = ['Barnes, Holt & "Sons"', 'line 1\nline 2', '', 'Müller', '12,5'];
    expect(parse(csvLine(values))).toEqual([values]);
  });

  it('formats integers as exact decimals', () => {
    expect(fixedDecimal(123450, 2)).toBe('1234.50');
    expect(fixedDecimal(7, 3)).toBe('0.007');
    expect(fixedDecimal(0, 2)).toBe('0.00');
    expect(fixedDecimal(-250, 0)).toBe('-250');
    expect(fixedDecimal(30, 1)).toBe('3.0');
    expect(trimmedDecimal(150, 2)).toBe('1.5');
    expect(trimmedDecimal(800, 2)).toBe('8');
    expect(trimmedDecimal(25, 2)).toBe('0.25');
    expect(() => fixedDecimal(0.1 + 0.2, 2)).toThrow();
  });
});

describe('allocate', () => {
  it('hands out exactly the budget by weight, honouring minimums and maximums', () => {
    expect(allocate(10, [1, 1, 1], [0, 0, 0], [Infinity, Infinity, Infinity])).toEqual([4, 3, 3]);
    expect(allocate(10, [1, 0, 1], [3, 0, 3], [Infinity, Infinity, Infinity])).toEqual([5, 0, 5]);
    expect(allocate(100, [10, 1, 1], [0, 0, 0], [20, Infinity, Infinity])).toEqual([20, 40, 40]);
    const r = allocate(99_991, [3, 7, 11, 0.5], [3, 3, 3, 3], [Infinity, Infinity, 30_000, Infinity]);
    expect(r.reduce((s, n) => s + n, 0)).toBe(99_991);
    expect(r[2]).toBe(30_000);
    // A budget below the minimums gives the minimums.
    expect(allocate(2, [1, 1], [3, 3], [Infinity, Infinity])).toEqual([3, 3]);
  });
});
