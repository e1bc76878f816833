import { describe, expect, it } from 'vitest';
import { agreement, rate } from './fixtures';

describe('recurring proration (amount × active_days / days_in_month, start and end both count)', () => {
  // [case, currency, amount, start, end, period, expected amount, active days, days in month]
  const cases: [string, string, string, string, string | null, string, string, number, number][] = [
    ['full month', 'USD', '2500.00', '2026-01-01', null, '2026-01', '2500.00', 31, 31],
    ['started long before', 'USD', '2500.00', '2020-05-17', null, '2026-01', '2500.00', 31, 31],
    // 2500 × 17 / 31 = 1370.967741… → 1370.97 (Jan 15..31 = 17 days)
    ['start inside the month', 'USD', '2500.00', '2026-01-15', null, '2026-01', '1370.97', 17, 31],
    // leap year: Feb 2028 has 29 days; Feb 10..29 = 20 days; 2500 × 20 / 29 = 1724.137931… → 1724.14
    ['leap February, start on the 10th', 'USD', '2500.00', '2028-02-10', null, '2028-02', '1724.14', 20, 29],
    ['leap February, full month', 'USD', '2500.00', '2028-01-01', null, '2028-02', '2500.00', 29, 29],
    // 29 Feb alone: 2500 / 29 = 86.206896… → 86.21
    ['leap day only', 'USD', '2500.00', '2028-02-29', '2028-02-29', '2028-02', '86.21', 1, 29],
    // Feb 2026 has 28 days: Feb 15..28 = 14 days → exactly half
    ['common February, second half', 'USD', '2500.00', '2026-02-15', null, '2026-02', '1250.00', 14, 28],
    // Mar 1..10 = 10 days; 2500 × 10 / 31 = 806.451612… → 806.45
    ['end inside the month', 'USD', '2500.00', '2025-06-01', '2026-03-10', '2026-03', '806.45', 10, 31],
    // Apr 11..20 = 10 of 30 days → 833.333… → 833.33
    ['start and end inside the month', 'USD', '2500.00', '2026-04-11', '2026-04-20', '2026-04', '833.33', 10, 30],
    ['ends on the last day', 'USD', '2500.00', '2025-01-01', '2026-04-30', '2026-04', '2500.00', 30, 30],
    // JPY has 0 digits: 10000 × 17 / 31 = 5483.870… → 5484
    ['JPY rounds to whole yen', 'JPY', '10000', '2026-01-15', null, '2026-01', '5484', 17, 31],
    // BHD has 3 digits: 100 × 17 / 31 = 54.838709… → 54.839
    ['BHD rounds to 3 digits', 'BHD', '100.000', '2026-01-15', null, '2026-01', '54.839', 17, 31],
    // 0.01 × 15 / 30 = 0.005 → half away from zero → 0.01 (and −0.005 → −0.01)
    ['half a cent rounds up', 'USD', '0.01', '2026-04-16', null, '2026-04', '0.01', 15, 30],
    ['minus half a cent rounds away from zero', 'USD', '-0.01', '2026-04-16', null, '2026-04', '-0.01', 15, 30],
    ['2.345 → 2.35', 'USD', '2.345', '2026-01-01', null, '2026-01', '2.35', 31, 31],
    ['−2.345 → −2.35', 'USD', '-2.345', '2026-01-01', null, '2026-01', '-2.35', 31, 31],
  ];
  it.each(cases)('%s', (_name, currency, amount, start, end, period, expected, days, inMonth) => {
    const a = agreement({ currency, start_date: start, end_date: end, charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount }] });
    const [line, ...rest] = rate(a, period).lines;
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ kind: 'recurring', code: 'platform', quantity: '1', unitPrice: amount, amount: expected, chargeIndex: 0 });
    expect(line?.detail).toMatchObject({ active_days: days, days_in_month: inMonth });
    expect(line?.description).toBe(days === inMonth ? 'Platform fee' : `Platform fee (prorated ${days} of ${inMonth} days)`);
  });

  it('humanizes the code when there is no description', () => {
    const a = agreement({ charges: [{ type: 'recurring', code: 'support_plan', amount: '10' }] });
    expect(rate(a, '2026-01').lines[0]?.description).toBe('Support plan');
  });
});

describe('one-time charges (period containing bill_on, agreement active that day)', () => {
  const charge = (bill_on: string) => ({ type: 'one_time', code: 'onboarding', description: 'Onboarding', amount: '1500.00', bill_on });
  // [case, start, end, bill_on, period, billed]
  const cases: [string, string, string | null, string, string, boolean][] = [
    ['bill_on inside the period', '2026-01-01', null, '2026-01-20', '2026-01', true],
    ['bill_on on the start date', '2026-01-15', null, '2026-01-15', '2026-01', true],
    ['bill_on on the end date', '2025-01-01', '2026-01-20', '2026-01-20', '2026-01', true],
    ['bill_on on the first day of the period', '2025-01-01', null, '2026-01-01', '2026-01', true],
    ['bill_on on the last day of the period', '2025-01-01', null, '2026-01-31', '2026-01', true],
    ['bill_on in the next period', '2026-01-01', null, '2026-02-01', '2026-01', false],
    ['bill_on in the previous period', '2025-01-01', null, '2025-12-31', '2026-01', false],
    ['bill_on before the agreement starts (same period)', '2026-01-15', null, '2026-01-10', '2026-01', false],
    ['bill_on after the agreement ends (same period)', '2025-01-01', '2026-01-20', '2026-01-25', '2026-01', false],
  ];
  it.each(cases)('%s', (_name, start, end, billOn, period, billed) => {
    const a = agreement({ start_date: start, end_date: end, charges: [charge(billOn)] });
    const result = rate(a, period);
    if (!billed) {
      expect(result.lines).toEqual([]);
      return;
    }
    expect(result.lines).toEqual([
      {
        kind: 'one_time', code: 'onboarding', description: 'Onboarding', quantity: '1', unitPrice: '1500.00', amount: '1500.00',
        chargeIndex: 0, detail: { bill_on: billOn, amount: '1500.00' },
      },
    ]);
  });

  it('is never prorated, even in a partial month', () => {
    const a = agreement({ start_date: '2026-01-30', charges: [charge('2026-01-30')] });
    expect(rate(a, '2026-01').lines[0]?.amount).toBe('1500.00');
  });
});
