import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../../shared/money';
import { findHoursCharge, roundedMinutes } from '../charges/hours';
import { agreement, entry, rate, summary } from './fixtures';

const ARCHITECT = { type: 'hours', kind: 'professional_services', role: 'architect', rate: '220.00', increment_minutes: 15 };
const PS = { type: 'hours', kind: 'professional_services', rate: '180.00', increment_minutes: 15 };
const SUPPORT = { type: 'hours', kind: 'support', rate: '120.00', included_hours: '10' };
const full = agreement({ charges: [ARCHITECT, PS, SUPPORT] });

describe('rounding each entry up to the increment', () => {
  // [hours, increment, rounded minutes]
  const cases: [string, number, string][] = [
    ['1.1', 15, '75'], // 66 min → 75 min = 1.25 h
    ['1.25', 15, '75'], // already a multiple: unchanged
    ['0.01', 15, '15'], // 0.6 min → one increment
    ['2', 15, '120'],
    ['1', 7, '63'], // 60 / 7 = 8.57 → 9 × 7
    ['0.1', 10, '10'], // 6 min → 10 min
    ['1.33', 1, '79.8'], // increment 1 = no rounding (data-formats.md)
    ['24', 60, '1440'],
  ];
  it.each(cases)('%s h at %i min → %s min', (hours, increment, minutes) => {
    expect(roundedMinutes(hours, increment).toFixed()).toBe(minutes);
  });

  it('the scaled-integer rounding equals the decimal formula (minutes ÷ increment, ceil, × increment)', () => {
    const hours = fc.tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 }))
      .map(([int, frac, places]) => (places === 0 ? String(int) : `${int}.${String(frac).padStart(6, '0').slice(0, places)}`));
    fc.assert(
      fc.property(hours, fc.integer({ min: 1, max: 120 }), (h, increment) => {
        const minutes = new Decimal(h).times(60);
        const expected = increment <= 1 ? minutes : minutes.div(increment).ceil().times(increment);
        expect(roundedMinutes(h, increment).eq(expected)).toBe(true);
      }),
    );
  });
});

describe('routing: role match, kind fallback, unbilled', () => {
  it('1.1 h of an architect is 1.25 h at the architect rate', () => {
    const e = entry('professional_services', '1.1', 'architect');
    const result = rate(full, '2026-01', { hours: [e] });
    // 1.25 × 220 = 275
    expect(result.lines).toEqual([
      {
        kind: 'hours', code: 'professional_services:architect', description: 'Professional services – Architect',
        quantity: '1.25', unitPrice: '220.00', amount: '275.00', chargeIndex: 0,
        detail: {
          kind: 'professional_services', role: 'architect', entries: 1, hours_entered: '1.1', increment_minutes: 15,
          hours_rounded: '1.25', included_hours: '0', billable_hours: '1.25', billable_minutes: '75', rate: '220.00',
        },
        hoursEntryIds: [e.id],
      },
    ]);
    expect(result.unbilledHours).toEqual([]);
  });

  it('roles match trimmed and case-insensitively', () => {
    const e = entry('professional_services', '2', ' Architect ');
    expect(summary(rate(full, '2026-01', { hours: [e] }))).toEqual([['hours', 'Professional services – Architect', '2', '440.00']]);
  });

  it('another role and no role fall back to the role-less charge of the kind', () => {
    const consultant = entry('professional_services', '3.05', 'consultant'); // 183 min → 195 min = 3.25 h
    const none = entry('professional_services', '0.5', null); // 30 min
    const result = rate(full, '2026-01', { hours: [consultant, none] });
    // 3.75 × 180 = 675
    expect(summary(result)).toEqual([['hours', 'Professional services', '3.75', '675.00']]);
    expect(result.lines[0]).toMatchObject({ code: 'professional_services', chargeIndex: 1, hoursEntryIds: [consultant.id, none.id] });
  });

  it('without a role-less charge, other roles are unbilled', () => {
    const onlyArchitect = agreement({ charges: [ARCHITECT] });
    const consultant = entry('professional_services', '2', 'consultant');
    const none = entry('professional_services', '1', null);
    const architect = entry('professional_services', '1', 'architect');
    const result = rate(onlyArchitect, '2026-01', { hours: [consultant, architect, none] });
    expect(summary(result)).toEqual([['hours', 'Professional services – Architect', '1', '220.00']]);
    expect(result.unbilledHours).toEqual([consultant, none]);
  });

  it('a kind the agreement has no charge for is unbilled', () => {
    const support = entry('support', '2');
    const result = rate(agreement({ charges: [PS] }), '2026-01', { hours: [support] });
    expect(result.lines).toEqual([]);
    expect(result.unbilledHours).toEqual([support]);
  });

  it('non-billable entries are neither priced nor unbilled', () => {
    const result = rate(agreement({ charges: [PS] }), '2026-01', {
      hours: [entry('professional_services', '4', null, false), entry('support', '4', null, false)],
    });
    expect(result.lines).toEqual([]);
    expect(result.unbilledHours).toEqual([]);
  });

  it('the first of two identical charges wins', () => {
    const twice = agreement({ charges: [PS, { ...PS, rate: '999.00' }] });
    expect(findHoursCharge(twice.charges, 'professional_services', null)?.index).toBe(0);
  });
});

describe('included hours', () => {
  it('are subtracted from the sum of the charge', () => {
    // 6 + 5.5 = 11.5 h − 10 included = 1.5 h × 120 = 180 (increment 1: no rounding)
    const result = rate(full, '2026-01', { hours: [entry('support', '6'), entry('support', '5.5')] });
    expect(summary(result)).toEqual([['hours', 'Support (after 10 h included)', '1.5', '180.00']]);
    expect(result.lines[0]?.detail).toMatchObject({ hours_entered: '11.5', hours_rounded: '11.5', included_hours: '10', billable_hours: '1.5' });
  });

  it('covering everything gives no line and nothing unbilled', () => {
    const result = rate(full, '2026-01', { hours: [entry('support', '4'), entry('support', '6')] });
    expect(result.lines).toEqual([]);
    expect(result.unbilledHours).toEqual([]);
  });

  it('apply after rounding', () => {
    // 10 entries of 0.1 h at 15 min → 10 × 0.25 = 2.5 h; − 2 included = 0.5 h × 100 = 50
    const charge = { type: 'hours', kind: 'support', rate: '100', increment_minutes: 15, included_hours: '2' };
    const entries = Array.from({ length: 10 }, () => entry('support', '0.1'));
    expect(summary(rate(agreement({ charges: [charge] }), '2026-01', { hours: entries }))).toEqual([['hours', 'Support (after 2 h included)', '0.5', '50.00']]);
  });
});

describe('increments without a finite hours form', () => {
  it('shows 4 places but prices exact minutes', () => {
    // 0.1 h → 10 min = 0.1666… h; 10 × 120 / 60 = 20.00 exactly (0.1667 × 120 would be 20.004)
    const charge = { type: 'hours', kind: 'support', rate: '120', increment_minutes: 10 };
    const [line] = rate(agreement({ charges: [charge] }), '2026-01', { hours: [entry('support', '0.1')] }).lines;
    expect(line).toMatchObject({ quantity: '0.1667', amount: '20.00' });
    expect(line?.detail).toMatchObject({ billable_minutes: '10' });
  });
});
