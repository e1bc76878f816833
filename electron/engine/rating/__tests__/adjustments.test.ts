/** Manual adjustments as invoice lines, by hand: rounded once, in the subtotal, not toward the minimum. */
import { describe, expect, it } from 'vitest';
import { adjustmentLines } from '../charges/adjustments';
import { rateAgreement } from '../rate-agreement';
import { agreementSchema } from '../../../../shared/domain';
import { parsePeriod } from '../../../../shared/period';

const agreement = (extra: Record<string, unknown>) =>
  agreementSchema.parse({
    agreement_id: 'AG-A',
    account_id: 'ACME',
    currency: 'USD',
    start_date: '2026-01-01',
    charges: [{ type: 'recurring', code: 'platform', amount: '1000.00' }],
    ...extra,
  });

describe('adjustment lines', () => {
  it('are one line each, rounded once half away from zero, in the currency minor unit', () => {
    expect(adjustmentLines([{ id: 1, description: 'Goodwill', amount: '-150.005', reason: 'outage' }], 'USD')[0]).toMatchObject({
      kind: 'adjustment',
      quantity: '1',
      unitPrice: '-150.01',
      amount: '-150.01',
      chargeIndex: null,
    });
    expect(adjustmentLines([{ id: 2, description: 'Fee', amount: '99.5', reason: 'x' }], 'JPY')[0]?.amount).toBe('100');
  });

  it('are part of the subtotal, so discount and tax apply to them', () => {
    const rated = rateAgreement({
      agreement: agreement({ discount_percent: '10', tax_rate: '0.2' }),
      period: parsePeriod('2026-10'),
      usage: new Map(),
      hours: [],
      depositRemaining: '0',
      adjustments: [{ id: 1, description: 'Goodwill credit', amount: '-200.00', reason: 'outage' }],
    });
    // 1000 − 200 = 800; discount 80; tax (800 − 80) × 0.2 = 144; total 864
    expect(rated.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['recurring', '1000.00'],
      ['adjustment', '-200.00'],
      ['discount', '-80.00'],
    ]);
    expect([rated.subtotal, rated.discount, rated.tax, rated.total]).toEqual(['800.00', '80.00', '144.00', '864.00']);
  });

  it('do not count toward the minimum commitment', () => {
    const rated = rateAgreement({
      agreement: agreement({ minimum_commitment: '1200.00' }),
      period: parsePeriod('2026-10'),
      usage: new Map(),
      hours: [],
      depositRemaining: '0',
      adjustments: [{ id: 1, description: 'Extra', amount: '500.00', reason: 'late fee' }],
    });
    // the minimum tops up 1000 → 1200 regardless of the 500 adjustment
    expect(rated.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['recurring', '1000.00'],
      ['minimum', '200.00'],
      ['adjustment', '500.00'],
    ]);
    expect(rated.total).toBe('1700.00');
  });
});
