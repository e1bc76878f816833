import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney } from './money';
import { groupDigits, groupedLength, MINUS } from './number-text';

describe('groupDigits', () => {
  it('groups the integer part of the exact text and leaves the fraction alone', () => {
    expect(groupDigits('1000000')).toBe('1,000,000');
    expect(groupDigits('1234.56789')).toBe('1,234.56789');
    expect(groupDigits('999')).toBe('999');
    expect(groupDigits('0.0001')).toBe('0.0001');
    // Beyond a float's 15-16 significant digits: still exact.
    expect(groupDigits('12345678901234567890.123456789')).toBe('12,345,678,901,234,567,890.123456789');
  });

  it('writes a negative with the minus it is given', () => {
    expect(groupDigits('-1234.5')).toBe('-1,234.5');
    expect(groupDigits('-1234.5', MINUS)).toBe('\u22121,234.5');
  });

  it('is what formatMoney groups with', () => {
    expect(formatMoney('-12500.00', 'USD')).toBe(`${MINUS}USD ${groupDigits('12500.00')}`);
    expect(formatMoney('1234567.891', 'KWD')).toBe('KWD 1,234,567.891');
  });
});

describe('groupedLength', () => {
  it('is the length of the grouped text, for any decimal text', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9][0-9]{0,24})$/), fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }))
      .map(([negative, int, frac]) => `${negative ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`);
    fc.assert(fc.property(decimal, (text) => groupedLength(text) === groupDigits(text).length && groupedLength(text) === groupDigits(text, MINUS).length));
    for (const text of ['0', '999', '1000', '-1000', '100000', '1000000.5', '-0.01', '123456789012345678901234.5']) expect(groupedLength(text), text).toBe(groupDigits(text).length);
  });
});
