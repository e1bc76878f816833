/**
 * Bill cycles, percentage charges, prepaid units and commitments (rating.md)
 * through the pure rater. Every expected amount is worked out by hand in the
 * comment next to it, never by the engine.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../../../shared/period';
import { rateAgreement } from '../rate-agreement';
import { termOf } from '../terms';
import { followsInWindow } from '../window-followers';
import type { RatingInput, RatingResult, UsageEvent } from '../types';
import { agreement } from './fixtures';

interface Extra {
  usage?: Record<string, string>;
  events?: Record<string, UsageEvent[]>;
  prepaidUsed?: Record<number, string>;
  commitment?: RatingInput['commitment'];
}

function rateIn(a: ReturnType<typeof agreement>, period: string, extra: Extra = {}): RatingResult {
  return rateAgreement({
    agreement: a,
    period: parsePeriod(period),
    usage: new Map(Object.entries(extra.usage ?? {}).map(([m, v]) => [m, { value: v, records: 1 }])),
    hours: [],
    depositRemaining: '0',
    events: new Map(Object.entries(extra.events ?? {})),
    prepaidUsed: new Map(Object.entries(extra.prepaidUsed ?? {}).map(([k, v]) => [Number(k), v])),
    ...(extra.commitment ? { commitment: extra.commitment } : {}),
  });
}

const amounts = (r: RatingResult) => r.lines.map((l) => [l.kind, l.amount]);
const recurring = (fields: Record<string, unknown>) => ({ type: 'recurring', code: 'platform', amount: '900.00', ...fields });

describe('terms', () => {
  it.each([
    // [start, end, interval, align, period] → [term first, term last, active days, days]
    ['2026-01-01', null, 'quarter', 'calendar', '2026-05', '2026-04-01', '2026-06-30', 91, 91],
    ['2026-02-10', null, 'quarter', 'calendar', '2026-02', '2026-01-01', '2026-03-31', 50, 90],
    ['2026-01-01', null, 'half_year', 'calendar', '2026-09', '2026-07-01', '2026-12-31', 184, 184],
    ['2026-03-01', null, 'year', 'calendar', '2026-03', '2026-01-01', '2026-12-31', 306, 365],
    ['2026-02-15', null, 'quarter', 'anniversary', '2026-04', '2026-02-01', '2026-04-30', 75, 89],
    ['2026-02-15', null, 'quarter', 'anniversary', '2026-05', '2026-05-01', '2026-07-31', 92, 92],
    ['2026-02-15', null, 'year', 'anniversary', '2027-01', '2026-02-01', '2027-01-31', 351, 365],
    ['2026-01-01', '2026-05-15', 'quarter', 'calendar', '2026-05', '2026-04-01', '2026-06-30', 45, 91],
  ] as const)('%s–%s %s %s, month %s: %s to %s, %i of %i days', (start, end, interval, align, period, first, last, activeDays, days) => {
    const term = termOf({ start_date: start, end_date: end }, interval, align, parsePeriod(period));
    expect([term.first, term.last, term.activeDays, term.days]).toEqual([first, last, activeDays, days]);
  });
});

describe('recurring over a term', () => {
  it('advance (default): the whole quarter on the first month, nothing on the others', () => {
    const a = agreement({ start_date: '2026-01-01', charges: [recurring({ interval: 'quarter' })] });
    expect(amounts(rateIn(a, '2026-01'))).toEqual([['recurring', '900.00']]);
    expect(amounts(rateIn(a, '2026-02'))).toEqual([]);
    expect(amounts(rateIn(a, '2026-03'))).toEqual([]);
    expect(amounts(rateIn(a, '2026-04'))).toEqual([['recurring', '900.00']]);
  });

  it('arrears: on the last month of the term', () => {
    const a = agreement({ start_date: '2026-01-01', charges: [recurring({ interval: 'quarter', timing: 'arrears' })] });
    expect(amounts(rateIn(a, '2026-01'))).toEqual([]);
    expect(amounts(rateIn(a, '2026-03'))).toEqual([['recurring', '900.00']]);
  });

  it('a start inside the term prorates by the term days and bills on the first active month', () => {
    // Feb 10 – Mar 31 = 19 + 31 = 50 of 90 days: 900 × 50 / 90 = 500.00
    const a = agreement({ start_date: '2026-02-10', charges: [recurring({ interval: 'quarter' })] });
    const line = rateIn(a, '2026-02').lines[0]!;
    expect(line.amount).toBe('500.00');
    expect(line.description).toBe('Platform (quarter 1 Jan 2026 – 31 Mar 2026, prorated 50/90 days, billed in advance)');
    expect(amounts(rateIn(a, '2026-03'))).toEqual([]);
  });

  it('an end inside the term bills arrears on the last active month, prorated', () => {
    // Apr 1 – May 15 = 30 + 15 = 45 of 91 days: 900 × 45 / 91 = 445.0549… → 445.05
    const a = agreement({ start_date: '2026-01-01', end_date: '2026-05-15', charges: [recurring({ interval: 'quarter', timing: 'arrears' })] });
    expect(amounts(rateIn(a, '2026-05'))).toEqual([['recurring', '445.05']]);
  });

  it('a year from March: 1200 × 306 / 365 = 1006.0273… → 1006.03 on the March invoice', () => {
    const a = agreement({ start_date: '2026-03-01', charges: [recurring({ amount: '1200.00', interval: 'year' })] });
    expect(amounts(rateIn(a, '2026-03'))).toEqual([['recurring', '1006.03']]);
    expect(amounts(rateIn(a, '2027-01'))).toEqual([['recurring', '1200.00']]);
  });

  it('anniversary quarters start in the start month: Feb 15 – Apr 30 is 75 of 89 days, 900 × 75 / 89 = 758.4269… → 758.43', () => {
    const a = agreement({ start_date: '2026-02-15', charges: [recurring({ interval: 'quarter', align: 'anniversary' })] });
    expect(amounts(rateIn(a, '2026-02'))).toEqual([['recurring', '758.43']]);
    expect(amounts(rateIn(a, '2026-04'))).toEqual([]);
    expect(amounts(rateIn(a, '2026-05'))).toEqual([['recurring', '900.00']]);
  });

  it('a half-year in JPY is rounded once to whole yen', () => {
    // Jan–Jun 2026 = 31 + 28 + 31 + 30 + 31 + 30 = 181 days; from Jun 1: 30 days → 100000 × 30 / 181 = 16574.58… → 16575
    const a = agreement({ currency: 'JPY', start_date: '2026-06-01', charges: [recurring({ amount: '100000', interval: 'half_year' })] });
    expect(amounts(rateIn(a, '2026-06'))).toEqual([['recurring', '16575']]);
  });
});

describe('usage over a term', () => {
  const a = agreement({
    start_date: '2026-01-01',
    charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included: '1000', interval: 'quarter' }],
  });

  it('bills nothing before the last month of the term, then the term aggregate less included once', () => {
    expect(amounts(rateIn(a, '2026-01', { usage: { api_calls: '5000' } }))).toEqual([]);
    expect(amounts(rateIn(a, '2026-02', { usage: { api_calls: '5000' } }))).toEqual([]);
    // term aggregate 1700 − 1000 included = 700 × 0.01 = 7.00
    const line = rateIn(a, '2026-03', { usage: { api_calls: '1700' } }).lines[0]!;
    expect([line.quantity, line.amount]).toEqual(['700', '7.00']);
    expect(line.description).toContain('quarter 1 Jan 2026 – 31 Mar 2026');
    expect(line.detail).toMatchObject({ term_from: '2026-01-01', term_to: '2026-03-31', included: '1000' });
  });

  it('with an end date inside the term, on the end month', () => {
    const ended = agreement({ ...a, end_date: '2026-02-20' });
    expect(amounts(rateIn(ended, '2026-02', { usage: { api_calls: '1500' } }))).toEqual([['usage', '5.00']]);
  });

  it('graduated tiers over the term', () => {
    const g = agreement({
      start_date: '2026-01-01',
      charges: [{ type: 'usage', metric: 'gb', model: 'graduated', interval: 'half_year', tiers: [{ up_to: '100', unit_price: '1' }, { up_to: null, unit_price: '0.5' }] }],
    });
    // 250 over Jan–Jun: 100 × 1 + 150 × 0.5 = 100.00 + 75.00
    expect(amounts(rateIn(g, '2026-06', { usage: { gb: '250' } }))).toEqual([['usage', '100.00'], ['usage', '75.00']]);
  });
});

describe('percentage model', () => {
  const charge = (fields: Record<string, unknown>) => ({ type: 'usage', metric: 'payments', model: 'percentage', rate: '2.9', ...fields });
  const ev = (id: number, ts: string, quantity: string): UsageEvent => ({ id, ts: `2026-01-${ts}T00:00:00.000Z`, quantity });

  it('per-event fee, free events, minimum and maximum per event', () => {
    const a = agreement({ charges: [charge({ per_event_fee: '0.30', free_events: 1, min_per_event: '0.50', max_per_event: '5.00' })] });
    const events = [ev(1, '02', '100.00'), ev(2, '03', '10.00'), ev(3, '04', '500.00'), ev(4, '05', '50.00')];
    // first event (100.00, earliest) is free; 10 × 2.9 % + 0.30 = 0.59; 500 → 14.80 capped at 5.00; 50 → 1.45 + 0.30 = 1.75; 0.59 + 5 + 1.75 = 7.34
    const line = rateIn(a, '2026-01', { events: { payments: events } }).lines[0]!;
    expect([line.kind, line.quantity, line.amount]).toEqual(['usage', '3', '7.34']);
    expect(line.detail).toMatchObject({ events: 4, free_events: 1, events_charged: 3, capped_at_maximum: 1, raised_to_minimum: 0 });
    expect(line.description).toContain('3 events charged, 1 free');
  });

  it('a fee below the minimum is raised to it', () => {
    const a = agreement({ charges: [charge({ min_per_event: '0.50' })] });
    // 10 × 2.9 % = 0.29 → 0.50; 100 × 2.9 % = 2.90; total 3.40
    expect(amounts(rateIn(a, '2026-01', { events: { payments: [ev(1, '02', '10'), ev(2, '03', '100')] } }))).toEqual([['usage', '3.40']]);
  });

  it('each event exact, the line rounded once', () => {
    const a = agreement({ charges: [charge({ rate: '0.5' })] });
    // 101 × 0.5 % = 0.505 each, three of them 1.515 → 1.52 (rounding each first would give 1.53)
    const events = [ev(1, '02', '101'), ev(2, '03', '101'), ev(3, '04', '101')];
    expect(amounts(rateIn(a, '2026-01', { events: { payments: events } }))).toEqual([['usage', '1.52']]);
  });

  it('equal timestamps: the smaller quantity is the earlier, so it is the free one', () => {
    const a = agreement({ charges: [charge({ rate: '10', free_events: 1 })] });
    // 100 and 10 at one instant: 10 is free, 100 × 10 % = 10.00
    expect(amounts(rateIn(a, '2026-01', { events: { payments: [ev(1, '02', '100'), ev(2, '02', '10')] } }))).toEqual([['usage', '10.00']]);
  });

  it('all events free: no line', () => {
    const a = agreement({ charges: [charge({ free_events: 5 })] });
    expect(amounts(rateIn(a, '2026-01', { events: { payments: [ev(1, '02', '100')] } }))).toEqual([]);
  });

  it('the sum of clamped fees lies between events × min and events × max (property)', () => {
    const qty = fc.integer({ min: 0, max: 10_000_00 }).map((c) => (c / 100).toFixed(2));
    fc.assert(
      fc.property(fc.array(qty, { minLength: 1, maxLength: 30 }), (quantities) => {
        const a = agreement({ charges: [charge({ per_event_fee: '0.25', min_per_event: '0.40', max_per_event: '9.00' })] });
        const events = quantities.map((q, i) => ({ id: i, ts: `2026-01-02T00:00:${String(i).padStart(2, '0')}.000Z`, quantity: q }));
        const amount = Number(rateIn(a, '2026-01', { events: { payments: events } }).lines[0]!.amount);
        return amount >= 0.4 * events.length - 0.005 && amount <= 9 * events.length + 0.005;
      }),
    );
  });
});

describe('prepaid units', () => {
  const a = agreement({
    start_date: '2026-01-01',
    prepaid: [{ metric: 'sms', units: '1000', from: '2026-01', to: '2026-03' }],
    charges: [{ type: 'usage', metric: 'sms', model: 'per_unit', unit_price: '0.10', included: '100' }],
  });

  it('the billable quantity after included consumes what is left; the rest is priced', () => {
    // 700 − 100 included = 600 billable, 1000 − 500 used = 500 left: 500 consumed, 100 × 0.10 = 10.00
    const r = rateIn(a, '2026-02', { usage: { sms: '700' }, prepaidUsed: { 0: '500' } });
    expect(amounts(r)).toEqual([['usage', '10.00']]);
    expect(r.prepaidConsumed).toEqual(new Map([[0, '500']]));
    expect(r.lines[0]!.description).toContain('500 prepaid units used, 0 of 1,000 left');
  });

  it('fully covered: a zero line says what was used and what is left', () => {
    const r = rateIn(a, '2026-01', { usage: { sms: '400' }, prepaidUsed: { 0: '0' } });
    expect(r.lines.map((l) => [l.kind, l.quantity, l.amount])).toEqual([['usage', '300', '0.00']]);
    expect(r.lines[0]!.description).toContain('300 prepaid units used, 700 of 1,000 left');
  });

  it('outside the window nothing is consumed', () => {
    const r = rateIn(a, '2026-04', { usage: { sms: '400' } });
    expect(amounts(r)).toEqual([['usage', '30.00']]);
    expect(r.prepaidConsumed.size).toBe(0);
  });

  it('consumed + priced = billable, consumed never above what is left (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 1500 }), (usage, used) => {
        const r = rateIn(a, '2026-02', { usage: { sms: String(usage) }, prepaidUsed: { 0: String(used) } });
        const billable = Math.max(0, usage - 100);
        const consumed = Number(r.prepaidConsumed.get(0) ?? '0');
        const priced = Math.round(r.lines.reduce((s, l) => s + Number(l.amount), 0) * 100) / 10;
        return consumed <= Math.max(0, 1000 - used) && consumed + priced === billable;
      }),
    );
  });
});

describe('commitment true-up', () => {
  const a = agreement({
    start_date: '2026-01-01',
    minimum_commitment: '50.00',
    commitment: { amount: '500.00', from: '2026-01', to: '2026-03' },
    discount_percent: '10',
    tax_rate: '0.1',
    charges: [recurring({ amount: '30.00' }), { type: 'one_time', code: 'setup', amount: '99.00', bill_on: '2026-03-05' }],
  });

  it('on the last month: the difference after that month\'s minimum, before discount and tax', () => {
    // earlier invoices billed 100.00; March: 30.00 recurring + 20.00 minimum = 50.00 (the one-time 99.00 does not count)
    // 500 − 150 = 350.00; subtotal 30 + 99 + 20 + 350 = 499.00; discount 49.90; tax (499 − 49.90) × 0.1 = 44.91
    const r = rateIn(a, '2026-03', { commitment: { billed: '100.00', invoiceIds: ['AG-T@2026-01', 'AG-T@2026-02'] } });
    expect(amounts(r)).toEqual([['recurring', '30.00'], ['one_time', '99.00'], ['minimum', '20.00'], ['true_up', '350.00'], ['discount', '-49.90']]);
    expect([r.subtotal, r.discount, r.tax, r.total]).toEqual(['499.00', '49.90', '44.91', '494.01']);
    expect(r.lines[3]!.detail).toMatchObject({ invoice_ids: 'AG-T@2026-01,AG-T@2026-02', billed_so_far: '150' });
  });

  it('none before the last month, none when the commitment is met', () => {
    expect(rateIn(a, '2026-02').lines.some((l) => l.kind === 'true_up')).toBe(false);
    expect(rateIn(a, '2026-03', { commitment: { billed: '450.00', invoiceIds: [] } }).lines.some((l) => l.kind === 'true_up')).toBe(false);
  });

  it('an agreement ending inside the window trues up on its end month', () => {
    const ended = agreement({ ...a, end_date: '2026-02-14' });
    // Feb: 30 × 14/28 = 15.00 + minimum 35.00 = 50.00; 500 − 50 − 50 = 400.00
    const r = rateIn(ended, '2026-02', { commitment: { billed: '50.00', invoiceIds: ['AG-T@2026-01'] } });
    expect(amounts(r).filter(([k]) => k !== 'discount')).toEqual([['recurring', '15.00'], ['minimum', '35.00'], ['true_up', '400.00']]);
  });
});

describe('commitment true-up (property)', () => {
  it('the counted lines plus the true-up reach the commitment exactly, and no true-up when they already do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_00 }), fc.integer({ min: 0, max: 100_000_00 }), fc.integer({ min: 0, max: 5_000_00 }), (committed, earlier, monthly) => {
        const cents = (n: number) => (n / 100).toFixed(2);
        const a = agreement({ start_date: '2026-01-01', commitment: { amount: cents(committed), from: '2026-01', to: '2026-03' }, charges: [recurring({ amount: cents(monthly) })] });
        const r = rateIn(a, '2026-03', { commitment: { billed: cents(earlier), invoiceIds: [] } });
        const trueUp = r.lines.find((l) => l.kind === 'true_up');
        const short = committed - earlier - monthly;
        // worked in whole cents, never by the engine
        expect(trueUp?.amount ?? null).toBe(short > 0 ? cents(short) : null);
      }),
    );
  });
});

describe('later months of a window follow a month (window-followers.ts)', () => {
  const base = { start_date: '2026-01-01', end_date: null };
  const cases: [string, Parameters<typeof followsInWindow>[0], string, string, boolean][] = [
    ['a later month of the prepaid window', { ...base, prepaid: [{ metric: 'sms', units: '10', from: '2026-01', to: '2026-03' }] }, '2026-02', '2026-03', true],
    ['a month after the prepaid window', { ...base, prepaid: [{ metric: 'sms', units: '10', from: '2026-01', to: '2026-03' }] }, '2026-02', '2026-04', false],
    ['a month rated before the prepaid window', { ...base, prepaid: [{ metric: 'sms', units: '10', from: '2026-03', to: '2026-05' }] }, '2026-02', '2026-04', false],
    ['an earlier month', { ...base, prepaid: [{ metric: 'sms', units: '10', from: '2026-01', to: '2026-03' }] }, '2026-02', '2026-01', false],
    ['the true-up month of the commitment', { ...base, commitment: { amount: '5', from: '2026-01', to: '2026-03' } }, '2026-01', '2026-03', true],
    ['a middle month of the commitment window (no true-up there)', { ...base, commitment: { amount: '5', from: '2026-01', to: '2026-03' } }, '2026-01', '2026-02', false],
    ['the end month of an agreement ending inside the commitment window', { ...base, end_date: '2026-02-10', commitment: { amount: '5', from: '2026-01', to: '2026-03' } }, '2026-01', '2026-02', true],
    ['neither', base, '2026-01', '2026-02', false],
  ];
  it.each(cases)('%s', (_, a, period, later, follows) => {
    expect(followsInWindow(a, period, later)).toBe(follows);
  });
});
