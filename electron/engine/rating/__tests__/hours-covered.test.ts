/** Hours all inside the included allowance: no line, but the entries are billed at zero and keep their provenance. */
import { describe, expect, it } from 'vitest';
import { agreementSchema } from '../../../../shared/domain';
import { parsePeriod } from '../../../../shared/period';
import { rateAgreement } from '../rate-agreement';

const agreement = agreementSchema.parse({
  agreement_id: 'AG-H',
  account_id: 'ACME',
  currency: 'USD',
  start_date: '2026-01-01',
  charges: [{ type: 'hours', kind: 'support', rate: '120.00', increment_minutes: 6, included_hours: '10' }],
});
const entry = (id: number, hours: string, billable = true) => ({ id, date: '2026-10-05', kind: 'support' as const, role: null, hours, billable });

describe('hours covered by included_hours', () => {
  it('give no line and no amount, and name the entries the charge priced at zero', () => {
    const rated = rateAgreement({ agreement, period: parsePeriod('2026-10'), usage: new Map(), hours: [entry(1, '6.4'), entry(2, '1.5'), entry(3, '2', false)], depositRemaining: '0' });
    expect(rated.lines).toEqual([]);
    expect(rated.total).toBe('0.00');
    expect([...rated.coveredHours]).toEqual([[0, [1, 2]]]);
  });

  it('once above the allowance, the line carries every entry and nothing is "covered"', () => {
    const rated = rateAgreement({ agreement, period: parsePeriod('2026-10'), usage: new Map(), hours: [entry(1, '6.4'), entry(2, '4.6')], depositRemaining: '0' });
    expect(rated.lines.map((l) => [l.quantity, l.amount, l.hoursEntryIds])).toEqual([['1', '120.00', [1, 2]]]);
    expect(rated.coveredHours.size).toBe(0);
  });
});
