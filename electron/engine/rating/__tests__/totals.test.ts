import { describe, expect, it } from 'vitest';
import { agreement, rate, summary } from './fixtures';

const fee = (amount: string, code = 'fee') => ({ type: 'recurring', code, description: 'Service fee', amount });
const setup = (amount: string) => ({ type: 'one_time', code: 'setup', description: 'Setup', amount, bill_on: '2026-01-10' });

describe('minimum commitment', () => {
  it('tops up recurring + usage + hours to the minimum; one-time lines do not count', () => {
    const a = agreement({ minimum_commitment: '1000.00', charges: [fee('300.00'), setup('500.00')] });
    const result = rate(a, '2026-01');
    // counted 300.00 → top-up 700.00; subtotal 300 + 500 + 700 = 1500
    expect(summary(result)).toEqual([
      ['recurring', 'Service fee', '1', '300.00'],
      ['one_time', 'Setup', '1', '500.00'],
      ['minimum', 'Minimum commitment top-up (monthly minimum 1,000.00)', '1', '700.00'],
    ]);
    expect(result.lines[2]).toMatchObject({ code: 'minimum', unitPrice: '700.00', chargeIndex: null });
    expect(result.lines[2]?.detail).toEqual({ minimum_commitment: '1000.00', counted_lines_total: '300', shortfall: '700.00' });
    expect(result.subtotal).toBe('1500.00');
  });

  it('counts usage and hours', () => {
    const a = agreement({
      minimum_commitment: '1000',
      charges: [fee('300.00'), { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '1' }, { type: 'hours', kind: 'support', rate: '100' }],
    });
    // 300 + 450 + 2 × 100 = 950 → top-up 50.00
    const result = rate(a, '2026-01', { usage: { api_calls: '450' }, hours: [{ id: 1, date: '2026-01-05', kind: 'support', role: null, hours: '2', billable: true }] });
    expect(result.lines.at(-1)).toMatchObject({ kind: 'minimum', amount: '50.00' });
    expect(result.subtotal).toBe('1000.00');
  });

  it('reached exactly or exceeded: no line', () => {
    expect(rate(agreement({ minimum_commitment: '300', charges: [fee('300.00')] }), '2026-01').lines.map((l) => l.kind)).toEqual(['recurring']);
    expect(rate(agreement({ minimum_commitment: '299.99', charges: [fee('300.00')] }), '2026-01').lines.map((l) => l.kind)).toEqual(['recurring']);
  });

  it('applies with no activity at all, and is not prorated in a partial month', () => {
    // starts Jan 25 (7 of 31 days): the full monthly minimum still applies
    const result = rate(agreement({ start_date: '2026-01-25', minimum_commitment: '1000.00', charges: [] }), '2026-01');
    expect(summary(result)).toEqual([['minimum', 'Minimum commitment top-up (monthly minimum 1,000.00)', '1', '1000.00']]);
  });

  it('compares the rounded line amounts, and rounds the top-up to the currency', () => {
    // JPY: 2500 × 17/31 = 1370.97 → 1371; minimum 2000.4 → 629.4 → 629
    const result = rate(agreement({ currency: 'JPY', start_date: '2026-01-15', minimum_commitment: '2000.4', charges: [fee('2500')] }), '2026-01');
    expect(result.lines.map((l) => l.amount)).toEqual(['1371', '629']);
  });

  it('is zero or absent: never a line', () => {
    expect(rate(agreement({ charges: [] }), '2026-01').lines).toEqual([]);
  });
});

describe('discount, tax and totals', () => {
  it('a discount landing on a half cent rounds away from zero', () => {
    // 100.50 × 1% = 1.005 → 1.01
    const result = rate(agreement({ discount_percent: '1', charges: [fee('100.50')] }), '2026-01');
    expect(result).toMatchObject({ subtotal: '100.50', discount: '1.01', tax: '0.00', total: '99.49', depositApplied: '0.00', amountDue: '99.49' });
    expect(result.lines.at(-1)).toEqual({
      kind: 'discount', code: 'discount', description: 'Discount 1%', quantity: '1', unitPrice: '-1.01', amount: '-1.01',
      chargeIndex: null, detail: { discount_percent: '1', subtotal: '100.50' },
    });
  });

  it('tax on the discounted subtotal', () => {
    // 1000 − 10% = 900; 900 × 0.0825 = 74.25; total 974.25
    const result = rate(agreement({ discount_percent: '10', tax_rate: '0.0825', charges: [fee('1000.00')] }), '2026-01');
    expect(result).toMatchObject({ subtotal: '1000.00', discount: '100.00', tax: '74.25', total: '974.25', amountDue: '974.25' });
  });

  it('tax rounds half away from zero', () => {
    // 10.00 × 0.0825 = 0.825 → 0.83
    expect(rate(agreement({ tax_rate: '0.0825', charges: [fee('10.00')] }), '2026-01')).toMatchObject({ tax: '0.83', total: '10.83' });
  });

  it('the discount line comes after the minimum line and is excluded from the subtotal', () => {
    // 300 + top-up 700 = 1000; 10% = 100
    const result = rate(agreement({ discount_percent: '10', minimum_commitment: '1000', charges: [fee('300')] }), '2026-01');
    expect(result.lines.map((l) => [l.kind, l.amount])).toEqual([['recurring', '300.00'], ['minimum', '700.00'], ['discount', '-100.00']]);
    expect(result).toMatchObject({ subtotal: '1000.00', discount: '100.00', total: '900.00' });
  });

  it('no discount line when the discount is 0', () => {
    expect(rate(agreement({ discount_percent: '0', charges: [fee('10')] }), '2026-01').lines.map((l) => l.kind)).toEqual(['recurring']);
  });

  it('JPY: 0 digits for discount and tax', () => {
    // 1005 × 10% = 100.5 → 101; (1005 − 101) × 0.1 = 90.4 → 90; total 994
    const result = rate(agreement({ currency: 'JPY', discount_percent: '10', tax_rate: '0.1', charges: [fee('1005')] }), '2026-01');
    expect(result).toMatchObject({ subtotal: '1005', discount: '101', tax: '90', total: '994', depositApplied: '0', amountDue: '994' });
    expect(result.lines.at(-1)?.amount).toBe('-101');
  });

  it('BHD: 3 digits for discount and tax', () => {
    // 10.000 × 5.55% = 0.555; (10 − 0.555) × 0.0825 = 0.7792125 → 0.779; total 10.224
    const result = rate(agreement({ currency: 'BHD', discount_percent: '5.55', tax_rate: '0.0825', charges: [fee('10.000')] }), '2026-01');
    expect(result).toMatchObject({ subtotal: '10.000', discount: '0.555', tax: '0.779', total: '10.224' });
  });

  it('a credit (negative subtotal) gets no discount, negative tax and no deposit', () => {
    // −100 → discount 0; tax −100 × 0.0825 = −8.25; total −108.25
    const result = rate(agreement({ discount_percent: '10', tax_rate: '0.0825', charges: [fee('-100.00')] }), '2026-01', { deposit: '500' });
    expect(result).toMatchObject({ subtotal: '-100.00', discount: '0.00', tax: '-8.25', total: '-108.25', depositApplied: '0.00', amountDue: '-108.25' });
    expect(result.lines.map((l) => l.kind)).toEqual(['recurring']);
  });

  it('an agreement with nothing to bill totals zero', () => {
    expect(rate(agreement({ charges: [] }), '2026-01')).toEqual({
      lines: [], subtotal: '0.00', discount: '0.00', tax: '0.00', total: '0.00', depositApplied: '0.00', amountDue: '0.00', unbilledHours: [], coveredHours: new Map(), prepaidConsumed: new Map(),
    });
  });
});

describe('deposit', () => {
  const a = agreement({ tax_rate: '0.0825', discount_percent: '10', charges: [fee('1000.00')] }); // total 974.25
  const cases: [string, string, string, string][] = [
    ['none remaining', '0', '0.00', '974.25'],
    ['partially applied', '500', '500.00', '474.25'],
    ['fully covers the invoice', '5000.00', '974.25', '0.00'],
    ['exactly the total', '974.25', '974.25', '0.00'],
    // a remaining fraction of a cent is never spent
    ['remaining below a cent is not spent', '0.004', '0.00', '974.25'],
  ];
  it.each(cases)('%s', (_name, remaining, applied, due) => {
    expect(rate(a, '2026-01', { deposit: remaining })).toMatchObject({ total: '974.25', depositApplied: applied, amountDue: due });
  });
});
