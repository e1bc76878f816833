import { describe, expect, it } from 'vitest';
import { addressLines, formatDate, formatPeriod, groupNumber, moneyText, negated, paymentTerms, singleLine, textLines } from './format';

describe('printed figures', () => {
  it('groups thousands on the exact string', () => {
    expect(groupNumber('12500.00')).toBe('12,500.00');
    expect(groupNumber('1234567')).toBe('1,234,567');
    expect(groupNumber('999')).toBe('999');
    expect(groupNumber('0.002')).toBe('0.002');
    expect(groupNumber('-1200')).toBe('−1,200');
    expect(groupNumber('-0.00')).toBe('0.00');
    expect(groupNumber('123456789012345678901234567890.123456789')).toBe('123,456,789,012,345,678,901,234,567,890.123456789');
    expect(groupNumber('')).toBe('');
    expect(groupNumber('n/a')).toBe('n/a');
  });

  it('puts the currency code first', () => {
    expect(moneyText('5735.78', 'USD')).toBe('USD 5,735.78');
    expect(moneyText('-1045000', 'JPY')).toBe('JPY −1,045,000');
    expect(moneyText('1944.298', 'BHD')).toBe('BHD 1,944.298');
  });

  it('negates a stored non-negative amount as text', () => {
    expect(negated('1101.95')).toBe('-1101.95');
    expect(negated('0.00')).toBe('0.00');
    expect(negated('-5')).toBe('5');
  });
});

describe('dates and terms', () => {
  it('prints unambiguous dates and month names', () => {
    expect(formatDate('2026-12-01')).toBe('1 Dec 2026');
    expect(formatDate('2026-02-28')).toBe('28 Feb 2026');
    expect(formatDate('someday')).toBe('someday');
    expect(formatPeriod('2026-10')).toBe('October 2026');
    expect(formatPeriod('2026-13')).toBe('2026-13');
    expect(paymentTerms(30)).toBe('Net 30');
    expect(paymentTerms(0)).toBe('Due on receipt');
  });
});

describe('text cleaning', () => {
  it('keeps one printable line', () => {
    expect(singleLine('  a\tb\r\nc\u0000d  ')).toBe('a b c d');
    expect(singleLine(null)).toBe('');
  });

  it('splits lines, keeping one blank line between paragraphs', () => {
    expect(textLines('\n\nA\r\nB\n\n\n\nC\n\n')).toEqual(['A', 'B', '', 'C']);
    expect(addressLines('Acme\n\n1 Main St\n')).toEqual(['Acme', '1 Main St']);
  });
});
