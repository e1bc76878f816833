/**
 * The example agreement of data-formats.md, rated by hand.
 */
import { describe, expect, it } from 'vitest';
import { agreement, rate, summary } from './fixtures';
import type { HoursEntry } from '../types';

// Verbatim from data-formats.md ("Agreements export").
const AG_1001 = agreement({
  agreement_id: 'AG-1001',
  account_id: 'ACME',
  account_name: 'Acme Corp',
  currency: 'USD',
  start_date: '2026-01-15',
  end_date: null,
  owner: 'Dana Lee',
  po_number: 'PO-7788',
  bill_to: 'Acme Corp\n1 Main St\nSpringfield',
  payment_terms_days: 30,
  tax_rate: '0.0825',
  discount_percent: '10',
  minimum_commitment: '1000.00',
  deposit: '5000.00',
  charges: [
    { type: 'recurring', code: 'platform', description: 'Platform fee', amount: '2500.00' },
    { type: 'usage', metric: 'api_calls', aggregation: 'sum', model: 'graduated',
      tiers: [{ up_to: '100000', unit_price: '0' }, { up_to: '1000000', unit_price: '0.002' }, { up_to: null, unit_price: '0.001' }] },
    { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: '0.10', included: '500' },
    { type: 'usage', metric: 'seats', aggregation: 'last', model: 'volume',
      tiers: [{ up_to: '10', unit_price: '30', flat_fee: '0' }, { up_to: null, unit_price: '25', flat_fee: '50' }] },
    { type: 'usage', metric: 'sms', model: 'package', package_size: '1000', package_price: '8.00' },
    { type: 'hours', kind: 'professional_services', role: 'architect', rate: '220.00', increment_minutes: 15 },
    { type: 'hours', kind: 'professional_services', rate: '180.00', increment_minutes: 15 },
    { type: 'hours', kind: 'support', rate: '120.00', included_hours: '10' },
    { type: 'one_time', code: 'onboarding', description: 'Onboarding', amount: '1500.00', bill_on: '2026-01-15' },
  ],
});

const h = (id: number, kind: HoursEntry['kind'], role: string | null, hours: string, billable = true): HoursEntry => ({ id, date: '2026-01-20', kind, role, hours, billable });

describe('AG-1001 (data-formats.md example) in January 2026, its first, partial month', () => {
  const hours = [
    h(1, 'professional_services', 'architect', '1.1'), // 66 min → 75 min = 1.25 h
    h(2, 'professional_services', 'architect', '2'), //    → 2 h; architect total 3.25 h × 220 = 715.00
    h(3, 'professional_services', 'consultant', '3.05'), // 183 min → 195 min = 3.25 h (no consultant charge → role-less)
    h(4, 'professional_services', null, '0.5'), //          → 0.5 h; role-less total 3.75 h × 180 = 675.00
    h(5, 'support', null, '6'),
    h(6, 'support', 'engineer', '5.5'), //                   11.5 h − 10 included = 1.5 h × 120 = 180.00
    h(7, 'professional_services', 'architect', '4', false), // not billable: ignored
  ];
  const result = rate(AG_1001, '2026-01', {
    usage: {
      api_calls: { value: '1250000', records: 1250 },
      storage_gb: { value: '612.5', records: 31 },
      seats: { value: '12', records: 4 },
      sms: { value: '2500', records: 2500 },
    },
    hours,
    deposit: '5000.00',
  });

  it('prices every line by hand', () => {
    expect(summary(result)).toEqual([
      // 2500 × 17 / 31 = 1370.967741… (Jan 15..31)
      ['recurring', 'Platform fee (prorated 17 of 31 days)', '1', '1370.97'],
      ['usage', 'API calls 1–100,000', '100000', '0.00'],
      ['usage', 'API calls 100,001–1,000,000', '900000', '1800.00'], // 900,000 × 0.002
      ['usage', 'API calls 1,000,001 and above', '250000', '250.00'], // 250,000 × 0.001
      ['usage', 'Storage GB (after 500 included)', '112.5', '11.25'], // (612.5 − 500) × 0.10
      ['usage', 'Seats (volume tier 11 and above, plus flat fee 50)', '12', '350.00'], // 12 × 25 + 50
      ['usage', 'SMS (3 packages of 1,000)', '3', '24.00'], // ceil(2500 / 1000) × 8
      ['hours', 'Professional services – Architect', '3.25', '715.00'],
      ['hours', 'Professional services', '3.75', '675.00'],
      ['hours', 'Support (after 10 h included)', '1.5', '180.00'],
      ['one_time', 'Onboarding', '1', '1500.00'],
      // counted (no one-time) = 5376.22 ≥ 1000: no minimum line
      // subtotal 6876.22 × 10% = 687.622 → 687.62
      ['discount', 'Discount 10%', '1', '-687.62'],
    ]);
    expect(result.lines.map((l) => l.code)).toEqual([
      'platform', 'api_calls', 'api_calls', 'api_calls', 'storage_gb', 'seats', 'sms',
      'professional_services:architect', 'professional_services', 'support', 'onboarding', 'discount',
    ]);
    expect(result.lines.map((l) => l.chargeIndex)).toEqual([0, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, null]);
  });

  it('totals by hand', () => {
    // subtotal 6876.22; discount 687.62; tax (6876.22 − 687.62) × 0.0825 = 6188.60 × 0.0825 = 510.5595 → 510.56
    // total 6188.60 + 510.56 = 6699.16; deposit 5000.00 applied; due 1699.16
    expect(result).toMatchObject({ subtotal: '6876.22', discount: '687.62', tax: '510.56', total: '6699.16', depositApplied: '5000.00', amountDue: '1699.16' });
  });

  it('records provenance of hours and nothing unbilled', () => {
    expect(result.lines[7]?.hoursEntryIds).toEqual([1, 2]);
    expect(result.lines[8]?.hoursEntryIds).toEqual([3, 4]);
    expect(result.lines[9]?.hoursEntryIds).toEqual([5, 6]);
    expect(result.unbilledHours).toEqual([]);
  });
});

describe('AG-1001 in February 2026, a full month with the deposit used up', () => {
  it('rates by hand', () => {
    const result = rate(AG_1001, '2026-02', { usage: { api_calls: '80000', storage_gb: '450', seats: '10' }, deposit: '0' });
    expect(summary(result)).toEqual([
      ['recurring', 'Platform fee', '1', '2500.00'],
      ['usage', 'API calls 1–100,000', '80000', '0.00'],
      // storage 450 < 500 included: no line; sms: no records: no line
      ['usage', 'Seats (volume tier 1–10)', '10', '300.00'], // 10 × 30, boundary inclusive
      // onboarding was billed in January; counted 2800 ≥ 1000
      ['discount', 'Discount 10%', '1', '-280.00'],
    ]);
    // 2800 − 280 = 2520 × 0.0825 = 207.90; total 2727.90
    expect(result).toMatchObject({ subtotal: '2800.00', discount: '280.00', tax: '207.90', total: '2727.90', depositApplied: '0.00', amountDue: '2727.90' });
  });
});

describe('AG-1001 in a quiet month: the minimum applies', () => {
  it('ends on 2026-03-03 with nothing used', () => {
    const ended = { ...AG_1001, end_date: '2026-03-03' };
    const result = rate(ended, '2026-03', { deposit: '0' });
    // 2500 × 3 / 31 = 241.935… → 241.94; minimum 1000 − 241.94 = 758.06; subtotal 1000
    // discount 100.00; tax 900 × 0.0825 = 74.25; total 974.25
    expect(summary(result)).toEqual([
      ['recurring', 'Platform fee (prorated 3 of 31 days)', '1', '241.94'],
      ['minimum', 'Minimum commitment top-up (monthly minimum 1,000.00)', '1', '758.06'],
      ['discount', 'Discount 10%', '1', '-100.00'],
    ]);
    expect(result).toMatchObject({ subtotal: '1000.00', discount: '100.00', tax: '74.25', total: '974.25', amountDue: '974.25' });
  });
});
