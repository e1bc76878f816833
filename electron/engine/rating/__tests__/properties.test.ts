/** Property-based tests (fast-check): invariants that must hold for any input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGGREGATIONS } from '../../../../shared/domain';
import { currencyMinorUnits } from '../../../../shared/currencies';
import { dec, Decimal, moneyString, plainString } from '../../../../shared/money';
import { daysInMonth, parsePeriod } from '../../../../shared/period';
import { aggregate } from '../aggregate';
import { rateAgreement } from '../rate-agreement';
import type { HoursEntry, UsageTotal } from '../types';
import { agreement, rate } from './fixtures';

/** A decimal string as the contract writes it, trailing zeros included ("1.50", "0.007", "12"). */
const decimalText = (maxDigits = 12, maxScale = 6, allowNegative = false) =>
  fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** BigInt(maxDigits) - 1n }), fc.integer({ min: 0, max: maxScale }), fc.boolean())
    .map(([digits, scale, negative]) => {
      let text = digits.toString();
      if (scale > 0) {
        text = text.padStart(scale + 1, '0');
        text = `${text.slice(0, -scale)}.${text.slice(-scale)}`;
      }
      return allowNegative && negative && digits !== 0n ? `-${text}` : text;
    });

const timestamp = fc.integer({ min: 0, max: 30 * 86_400 - 1 }).map((s) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString());
const currency = fc.constantFrom('USD', 'EUR', 'JPY', 'BHD', 'KWD');
const month = fc.tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);

/** The obvious, slow reference: decimal.js on every row. */
function reference(aggregation: (typeof AGGREGATIONS)[number], rows: { quantity: string; ts: string }[]): string {
  if (aggregation === 'count') return String(rows.length);
  if (rows.length === 0) return '0';
  if (aggregation === 'sum') return plainString(rows.reduce((s, r) => s.plus(dec(r.quantity)), new Decimal(0)));
  if (aggregation === 'max') return plainString(Decimal.max(...rows.map((r) => dec(r.quantity))));
  const latest = rows.reduce((a, b) => (b.ts > a.ts || (b.ts === a.ts && dec(b.quantity).gt(dec(a.quantity))) ? b : a));
  return plainString(dec(latest.quantity));
}

describe('aggregator', () => {
  it('equals a decimal.js reference for every aggregation', () => {
    const row = fc.record({ quantity: fc.oneof(decimalText(12, 6, true), decimalText(24, 10)), ts: timestamp });
    fc.assert(
      fc.property(fc.constantFrom(...AGGREGATIONS), fc.array(row, { maxLength: 60 }), (aggregation, rows) => {
        expect(aggregate(aggregation, rows)).toEqual({ value: reference(aggregation, rows), records: rows.length });
      }),
      { numRuns: 500 },
    );
  });

  it('splitting a record into two never changes a sum', () => {
    fc.assert(
      fc.property(fc.array(decimalText(), { maxLength: 20 }), decimalText(), decimalText(), timestamp, (others, a, b, ts) => {
        const whole = plainString(dec(a).plus(dec(b)));
        const rows = others.map((quantity) => ({ quantity, ts }));
        expect(aggregate('sum', [...rows, { quantity: whole, ts }]).value).toBe(aggregate('sum', [...rows, { quantity: a, ts }, { quantity: b, ts }]).value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('pricing invariants', () => {
  it('a one-tier graduated charge equals per_unit', () => {
    fc.assert(
      fc.property(decimalText(10, 4), decimalText(6, 5), currency, (quantity, price, cur) => {
        const usage = { usage: { m: quantity } };
        const perUnit = rate(agreement({ currency: cur, charges: [{ type: 'usage', metric: 'm', model: 'per_unit', unit_price: price }] }), '2026-01', usage);
        const graduated = rate(agreement({ currency: cur, charges: [{ type: 'usage', metric: 'm', model: 'graduated', tiers: [{ up_to: null, unit_price: price }] }] }), '2026-01', usage);
        expect(graduated.lines.map((l) => [l.quantity, l.unitPrice, l.amount])).toEqual(perUnit.lines.map((l) => [l.quantity, l.unitPrice, l.amount]));
        expect(graduated.total).toBe(perUnit.total);
      }),
      { numRuns: 300 },
    );
  });

  it("a full month's proration equals the monthly amount", () => {
    fc.assert(
      fc.property(decimalText(9, 4, true), month, currency, (amount, period, cur) => {
        const p = parsePeriod(period);
        const a = agreement({ currency: cur, start_date: p.first, end_date: p.last, charges: [{ type: 'recurring', code: 'fee', amount }] });
        const [line] = rate(a, period).lines;
        expect(line?.amount).toBe(moneyString(dec(amount), cur));
        expect(line?.description).not.toMatch(/prorated/);
        expect(line?.detail).toMatchObject({ active_days: daysInMonth(p.year, p.month), prorated: 'no' });
      }),
      { numRuns: 300 },
    );
  });
});

/** A random agreement with every kind of charge, and random inputs for it. */
const scenario = fc
  .record({
    currency,
    start: fc.integer({ min: 1, max: 31 }),
    fee: decimalText(7, 3, true),
    setup: decimalText(6, 2),
    unitPrice: decimalText(4, 4),
    usage: decimalText(8, 3),
    included: decimalText(4, 1),
    tierUpTo: fc.integer({ min: 1, max: 1000 }),
    hours: fc.array(fc.record({ hours: fc.integer({ min: 1, max: 2400 }).map((c) => plainString(new Decimal(c).div(100))), role: fc.constantFrom(null, 'architect', 'other'), kind: fc.constantFrom('professional_services' as const, 'support' as const), billable: fc.boolean() }), { maxLength: 8 }),
    minimum: decimalText(5, 2),
    discount: fc.integer({ min: 0, max: 100 }).map(String),
    tax: decimalText(1, 4),
    deposit: decimalText(6, 2),
  })
  .map((s) => {
    const a = agreement({
      currency: s.currency,
      start_date: `2026-01-${String(s.start).padStart(2, '0')}`,
      minimum_commitment: s.minimum,
      discount_percent: s.discount,
      tax_rate: s.tax,
      charges: [
        { type: 'recurring', code: 'fee', amount: s.fee },
        { type: 'one_time', code: 'setup', amount: s.setup, bill_on: '2026-01-31' },
        { type: 'usage', metric: 'calls', model: 'per_unit', unit_price: s.unitPrice, included: s.included },
        { type: 'usage', metric: 'gb', model: 'graduated', tiers: [{ up_to: String(s.tierUpTo), unit_price: s.unitPrice, flat_fee: '1' }, { up_to: null, unit_price: '0.5' }] },
        { type: 'usage', metric: 'seats', model: 'volume', tiers: [{ up_to: String(s.tierUpTo), unit_price: '2' }, { up_to: null, unit_price: s.unitPrice, flat_fee: '5' }] },
        { type: 'usage', metric: 'sms', model: 'package', package_size: '7', package_price: '1.5' },
        { type: 'hours', kind: 'professional_services', role: 'architect', rate: '210', increment_minutes: 15 },
        { type: 'hours', kind: 'support', rate: '99.99', included_hours: '1' },
      ],
    });
    const usage = new Map<string, UsageTotal>(['calls', 'gb', 'seats', 'sms'].map((m) => [m, { value: s.usage, records: 1 }]));
    const hours: HoursEntry[] = s.hours.map((e, i) => ({ id: i + 1, date: '2026-01-31', ...e }));
    return { agreement: a, period: parsePeriod('2026-01'), usage, hours, depositRemaining: s.deposit };
  });

describe('rateAgreement invariants', () => {
  it('lines sum to the subtotal, and the totals add up', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = rateAgreement(input);
        const sum = r.lines.filter((l) => l.kind !== 'discount').reduce((s, l) => s.plus(dec(l.amount)), new Decimal(0));
        expect(sum.eq(dec(r.subtotal))).toBe(true);
        const discountLines = r.lines.filter((l) => l.kind === 'discount');
        expect(discountLines.reduce((s, l) => s.minus(dec(l.amount)), new Decimal(0)).eq(dec(r.discount))).toBe(true);
        expect(dec(r.subtotal).minus(dec(r.discount)).plus(dec(r.tax)).eq(dec(r.total))).toBe(true);
        expect(dec(r.total).minus(dec(r.depositApplied)).eq(dec(r.amountDue))).toBe(true);
        expect(dec(r.depositApplied).gte(0) && dec(r.depositApplied).lte(dec(input.depositRemaining))).toBe(true);
        expect(dec(r.discount).gte(0)).toBe(true);
        // an entry is on at most one line, never both priced and unbilled, and only billable entries count
        const priced = r.lines.flatMap((l) => l.hoursEntryIds ?? []);
        const unbilled = r.unbilledHours.map((e) => e.id);
        expect(new Set([...priced, ...unbilled]).size).toBe(priced.length + unbilled.length);
        const nonBillable = new Set(input.hours.filter((e) => !e.billable).map((e) => e.id));
        expect([...priced, ...unbilled].some((id) => nonBillable.has(id))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('money strings carry exactly the currency digits', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = rateAgreement(input);
        const digits = currencyMinorUnits(input.agreement.currency);
        const pattern = digits === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${digits}}$`);
        for (const text of [r.subtotal, r.discount, r.tax, r.total, r.depositApplied, r.amountDue, ...r.lines.map((l) => l.amount)]) expect(text).toMatch(pattern);
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic: the same input gives the same output', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const first = rateAgreement(input);
        const again = rateAgreement({ ...input, usage: new Map(input.usage), hours: input.hours.map((e) => ({ ...e })) });
        expect(again).toEqual(first);
        expect(JSON.stringify(again)).toBe(JSON.stringify(first));
      }),
      { numRuns: 200 },
    );
  });
});
