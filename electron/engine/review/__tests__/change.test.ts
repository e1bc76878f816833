/** The exact change of a total and its percentage, against decimal.js. */
import { describe, expect, it } from 'vitest';
import { Decimal, dec, moneyString } from '../../../../shared/money';
import { changeOf, percentString, shareString } from '../change';

describe('changeOf', () => {
  it('gives the difference in the currency minor units and the percent half away from zero', () => {
    expect(changeOf('6.25', '4.25', 'USD')).toEqual({ change: '2.00', change_percent: '47.1' });
    expect(changeOf('9', '6', 'JPY')).toEqual({ change: '3', change_percent: '50.0' });
    expect(changeOf('100.000', '200.000', 'KWD')).toEqual({ change: '-100.000', change_percent: '-50.0' });
    expect(changeOf('0.00', '0.00', 'USD')).toEqual({ change: '0.00', change_percent: null });
    expect(changeOf('10.00', '0.00', 'USD')).toEqual({ change: '10.00', change_percent: null });
    // 1/3 % → 0.3; 0.05 % → 0.1 (half away); −0.05 % → −0.1; −0.04 % → 0.0, never −0.0
    expect(changeOf('300.01', '300.00', 'USD').change_percent).toBe('0.0');
    expect(changeOf('2000.01', '2000.00', 'USD').change_percent).toBe('0.0');
    expect(changeOf('20.01', '20.00', 'USD').change_percent).toBe('0.1');
    expect(changeOf('19.99', '20.00', 'USD').change_percent).toBe('-0.1');
    expect(changeOf('24.99', '25.00', 'USD').change_percent).toBe('0.0');
    // from a negative total, a rise reads positive
    expect(changeOf('-50.00', '-100.00', 'USD')).toEqual({ change: '50.00', change_percent: '50.0' });
    // more decimals than the currency has: rounded once, half away from zero
    expect(changeOf('1.005', '0', 'USD').change).toBe('1.01');
  });

  it('agrees with decimal.js on many values', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let k = 0; k < 2000; k++) {
      const a = `${next() % 2 ? '-' : ''}${next() % 100000}.${String(next() % 100).padStart(2, '0')}`;
      const b = `${next() % 5 ? '' : '-'}${next() % 100000}.${String(next() % 100).padStart(2, '0')}`;
      const got = changeOf(a, b, 'USD');
      expect(got.change).toBe(moneyString(dec(a).minus(dec(b)), 'USD'));
      const base = dec(b).abs();
      expect(got.change_percent).toBe(base.isZero() ? null : percentString(dec(a).minus(dec(b)).div(base).times(100)));
    }
  });

  it('gives shares with one decimal', () => {
    expect(shareString(1, 3)).toBe('33.3');
    expect(shareString(2, 3)).toBe('66.7');
    expect(shareString(0, 5)).toBe('0.0');
    expect(shareString(0, 0)).toBe('0.0');
    expect(shareString(1, 8)).toBe(new Decimal(12.5).toFixed(1));
  });
});
