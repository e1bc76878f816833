import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatWhen, groupDigits, humanize, initials, periodLabel, periodShort, plural } from './format';
import { compareDecimalText } from './money-compare';

describe('display formatting', () => {
  it('names periods, and leaves what is not one as it is', () => {
    expect(periodLabel('2026-10')).toBe('October 2026');
    expect(periodShort('2026-01')).toBe('Jan 2026');
    expect(periodLabel('soon')).toBe('soon');
    expect(periodShort('soon')).toBe('soon');
  });

  it('groups the digits of exact amounts without going through a number', () => {
    expect(groupDigits('-12500.00')).toBe('−12,500.00');
    expect(groupDigits('1234567890123456789.01')).toBe('1,234,567,890,123,456,789.01');
    expect(groupDigits('999')).toBe('999');
    expect(groupDigits('0.005')).toBe('0.005');
  });

  it('groups counts with one shared formatter, as the locale call did', () => {
    expect(formatCount(1_000_100)).toBe('1,000,100');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(-4321)).toBe('-4,321');
    for (const n of [7, 999, 1000, 65_536, 9_007_199_254_740_991]) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });

  it('counts in words', () => {
    expect(plural(1, 'invoice')).toBe('1 invoice');
    expect(plural(12000, 'anomaly', 'anomalies')).toBe('12,000 anomalies');
    expect(plural(0, 'row')).toBe('0 rows');
  });

  it('shows times in UTC to the minute, seconds only when there are some', () => {
    expect(formatWhen('2026-10-03T14:05:00.000Z')).toBe('2026-10-03 14:05 UTC');
    expect(formatWhen('2026-10-03T14:05:07Z')).toBe('2026-10-03 14:05:07 UTC');
    expect(formatWhen('2026-10-03')).toBe('2026-10-03');
  });

  it('says how long something took', () => {
    expect(formatDuration(420.4)).toBe('420 ms');
    expect(formatDuration(2_340)).toBe('2.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('turns engine keys and names into labels', () => {
    expect(humanize('api_calls')).toBe('Api calls');
    expect(humanize('tier-range')).toBe('Tier range');
    expect(initials('Dana Finance')).toBe('DF');
    expect(initials('jane.q.doe')).toBe('JD');
    expect(initials('root')).toBe('RO');
    expect(initials('')).toBe('?');
  });

  it('orders money text exactly, invalid text first', () => {
    expect(compareDecimalText('10.10', '10.09')).toBe(1);
    expect(compareDecimalText('-0.01', '0')).toBe(-1);
    expect(compareDecimalText('9007199254740993.00', '9007199254740992.99')).toBe(1);
    expect(compareDecimalText(null, '1')).toBe(-1);
    expect(compareDecimalText(null, undefined)).toBe(0);
  });
});
