import { describe, expect, it } from 'vitest';
import { agreement, rate, summary } from './fixtures';

const api = (extra: Record<string, unknown> = {}) => ({
  type: 'usage', metric: 'api_calls', aggregation: 'sum', model: 'graduated',
  tiers: [
    { up_to: '100000', unit_price: '0' },
    { up_to: '1000000', unit_price: '0.002' },
    { up_to: null, unit_price: '0.001' },
  ],
  ...extra,
});
const usageLines = (charge: Record<string, unknown>, metric: string, value: string | undefined, currency = 'USD') =>
  summary(rate(agreement({ currency, charges: [charge] }), '2026-01', value === undefined ? {} : { usage: { [metric]: value } }));

describe('graduated (tier k covers above tier k−1 up_to, up to and including its own)', () => {
  const cases: [string, string, [string, string, string][]][] = [
    ['0 units: no line', '0', []],
    // a used free tier still shows, amount 0
    ['inside the free tier', '50000', [['API calls 1–100,000', '50000', '0.00']]],
    ['exactly at the first up_to stays in tier 1', '100000', [['API calls 1–100,000', '100000', '0.00']]],
    // 1 × 0.002 = 0.002 → 0.00
    ['one above the first up_to', '100001', [['API calls 1–100,000', '100000', '0.00'], ['API calls 100,001–1,000,000', '1', '0.00']]],
    // 900,000 × 0.002 = 1800
    ['exactly at the second up_to', '1000000', [['API calls 1–100,000', '100000', '0.00'], ['API calls 100,001–1,000,000', '900000', '1800.00']]],
    // 1 × 0.001 = 0.001 → 0.00
    ['one into the open tier', '1000001', [
      ['API calls 1–100,000', '100000', '0.00'], ['API calls 100,001–1,000,000', '900000', '1800.00'], ['API calls 1,000,001 and above', '1', '0.00']]],
    // 250,000 × 0.001 = 250
    ['deep into the open tier', '1250000', [
      ['API calls 1–100,000', '100000', '0.00'], ['API calls 100,001–1,000,000', '900000', '1800.00'], ['API calls 1,000,001 and above', '250000', '250.00']]],
    // 150,000 × 0.002 = 300; 150,000.5 × … is fractional → exact bounds in words
    ['fractional quantity', '250000.5', [['API calls up to 100,000', '100000', '0.00'], ['API calls over 100,000 up to 1,000,000', '150000.5', '300.00']]],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(usageLines(api(), 'api_calls', value)).toEqual(expected.map(([d, q, a]) => ['usage', d, q, a]));
  });

  it('unit price stays the tier text and detail shows the tier', () => {
    const lines = rate(agreement({ charges: [api()] }), '2026-01', { usage: { api_calls: { value: '1250000', records: 42 } } }).lines;
    expect(lines[1]).toMatchObject({ code: 'api_calls', unitPrice: '0.002', chargeIndex: 0 });
    expect(lines[1]?.detail).toEqual({
      metric: 'api_calls', model: 'graduated', aggregation: 'sum', records: 42, aggregate: '1250000', included: '0', billable: '1250000',
      tier: 2, tier_above: '100000', tier_up_to: '1000000', units: '900000', unit_price: '0.002', flat_fee: '0',
    });
  });

  it("each used tier adds its flat fee to that tier's line", () => {
    const charge = { type: 'usage', metric: 'seats', model: 'graduated', tiers: [{ up_to: '10', unit_price: '5', flat_fee: '100' }, { up_to: null, unit_price: '4', flat_fee: '20' }] };
    // 10 × 5 + 100 = 150
    expect(usageLines(charge, 'seats', '10')).toEqual([['usage', 'Seats 1–10 (incl. flat fee 100)', '10', '150.00']]);
    // + 1 × 4 + 20 = 24
    expect(usageLines(charge, 'seats', '11')).toEqual([
      ['usage', 'Seats 1–10 (incl. flat fee 100)', '10', '150.00'],
      ['usage', 'Seats 11 and above (incl. flat fee 20)', '1', '24.00'],
    ]);
  });

  it('included units come off before the tiers', () => {
    // 150,000 − 50,000 included = 100,000 → all in the free tier
    expect(usageLines(api({ included: '50000' }), 'api_calls', '150000')).toEqual([['usage', 'API calls 1–100,000 (after 50,000 included)', '100000', '0.00']]);
  });
});

describe('volume (one tier prices every unit, up_to inclusive)', () => {
  const seats = { type: 'usage', metric: 'seats', aggregation: 'last', model: 'volume', tiers: [{ up_to: '10', unit_price: '30', flat_fee: '0' }, { up_to: null, unit_price: '25', flat_fee: '50' }] };
  const cases: [string, string, [string, string, string][]][] = [
    ['0 gives no line', '0', []],
    ['1 seat', '1', [['Seats (volume tier 1–10)', '1', '30.00']]],
    // 10 × 30 = 300: billable == up_to is in that tier
    ['exactly at up_to', '10', [['Seats (volume tier 1–10)', '10', '300.00']]],
    // 11 × 25 + 50 = 325: every unit at the second tier's price
    ['one above up_to', '11', [['Seats (volume tier 11 and above, plus flat fee 50)', '11', '325.00']]],
    ['12 seats', '12', [['Seats (volume tier 11 and above, plus flat fee 50)', '12', '350.00']]],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(usageLines(seats, 'seats', value)).toEqual(expected.map(([d, q, a]) => ['usage', d, q, a]));
  });

  it('fractional billable falls in the tier above a fractional bound', () => {
    const charge = { type: 'usage', metric: 'storage_gb', model: 'volume', tiers: [{ up_to: '2.5', unit_price: '1' }, { up_to: null, unit_price: '0.5' }] };
    // 2.5 × 1 = 2.50 (inclusive); 2.6 × 0.5 = 1.30
    expect(usageLines(charge, 'storage_gb', '2.5')).toEqual([['usage', 'Storage GB (volume tier up to 2.5)', '2.5', '2.50']]);
    expect(usageLines(charge, 'storage_gb', '2.6')).toEqual([['usage', 'Storage GB (volume tier over 2.5)', '2.6', '1.30']]);
  });
});

describe('package (ceil(billable / size) × price)', () => {
  const sms = { type: 'usage', metric: 'sms', model: 'package', package_size: '1000', package_price: '8.00' };
  const cases: [string, string, [string, string, string][]][] = [
    ['nothing used: no line', '0', []],
    ['one message is a whole package', '1', [['SMS (1 package of 1,000)', '1', '8.00']]],
    ['exactly one package', '1000', [['SMS (1 package of 1,000)', '1', '8.00']]],
    ['a remainder of 1 starts a package', '1001', [['SMS (2 packages of 1,000)', '2', '16.00']]],
    ['2,500 → 3 packages', '2500', [['SMS (3 packages of 1,000)', '3', '24.00']]],
    ['exact multiple', '3000', [['SMS (3 packages of 1,000)', '3', '24.00']]],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(usageLines(sms, 'sms', value)).toEqual(expected.map(([d, q, a]) => ['usage', d, q, a]));
  });

  it('fractional package sizes: 1.2 / 0.5 = 2.4 → 3 packages', () => {
    const charge = { type: 'usage', metric: 'storage_gb', model: 'package', package_size: '0.5', package_price: '1' };
    expect(usageLines(charge, 'storage_gb', '1.2')).toEqual([['usage', 'Storage GB (3 packages of 0.5)', '3', '3.00']]);
  });

  it('unit price is the package price text', () => {
    expect(rate(agreement({ charges: [sms] }), '2026-01', { usage: { sms: '2500' } }).lines[0]).toMatchObject({ unitPrice: '8.00', code: 'sms' });
  });
});

describe('per_unit and included usage', () => {
  const storage = { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: '0.10', included: '500' };
  const cases: [string, string | undefined, [string, string, string][]][] = [
    ['no records at all', undefined, []],
    ['below included', '499.99', []],
    ['exactly included', '500', []],
    // 112.5 × 0.10 = 11.25
    ['above included', '612.5', [['Storage GB (after 500 included)', '112.5', '11.25']]],
    // 0.01 × 0.10 = 0.001 → 0.00: the line still shows the usage
    ['a sliver above included', '500.01', [['Storage GB (after 500 included)', '0.01', '0.00']]],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(usageLines(storage, 'storage_gb', value)).toEqual(expected.map(([d, q, a]) => ['usage', d, q, a]));
  });

  it('detail records aggregation, aggregate, included and billable', () => {
    const [line] = rate(agreement({ charges: [storage] }), '2026-01', { usage: { storage_gb: { value: '612.5', records: 30 } } }).lines;
    expect(line).toMatchObject({ code: 'storage_gb', unitPrice: '0.10' });
    expect(line?.detail).toEqual({
      metric: 'storage_gb', model: 'per_unit', aggregation: 'max', records: 30, aggregate: '612.5', included: '500', billable: '112.5', unit_price: '0.10',
    });
  });

  it('uses the charge description and code when given', () => {
    const charge = { type: 'usage', metric: 'api_calls', code: 'API', description: 'Requests', model: 'per_unit', unit_price: '0.5' };
    expect(rate(agreement({ charges: [charge] }), '2026-01', { usage: { api_calls: '3' } }).lines[0]).toMatchObject({ code: 'API', description: 'Requests', amount: '1.50' });
  });

  it('JPY and BHD round to their own minor units', () => {
    const charge = { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.35' };
    // 1234.5 × 0.35 = 432.075 → JPY 432, BHD 432.075, USD 432.08
    expect(usageLines(charge, 'api_calls', '1234.5', 'JPY')[0]?.[3]).toBe('432');
    expect(usageLines(charge, 'api_calls', '1234.5', 'BHD')[0]?.[3]).toBe('432.075');
    expect(usageLines(charge, 'api_calls', '1234.5', 'USD')[0]?.[3]).toBe('432.08');
    // 1.5 × 1 = 1.5 yen → 2 (half away from zero); BHD 1.2345 → 1.235
    expect(usageLines({ ...charge, unit_price: '1' }, 'api_calls', '1.5', 'JPY')[0]?.[3]).toBe('2');
    expect(usageLines({ ...charge, unit_price: '1' }, 'api_calls', '1.2345', 'BHD')[0]?.[3]).toBe('1.235');
  });
});
