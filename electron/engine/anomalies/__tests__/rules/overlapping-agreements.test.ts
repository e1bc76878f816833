import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const api = { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' };
const ps = { type: 'hours', kind: 'professional_services', rate: '100' };

describe('overlapping_agreements', () => {
  it('fires when two active agreements price the same metric or hours kind on the same days', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-S1', account_id: 'SILVER', charges: [api, ps] }),
      agreement({ agreement_id: 'AG-S2', account_id: 'SILVER', start_date: '2026-09-01', charges: [api] }),
      // back to back, never at the same time
      agreement({ agreement_id: 'AG-B1', account_id: 'BACK', end_date: '2026-10-10', charges: [api] }),
      agreement({ agreement_id: 'AG-B2', account_id: 'BACK', start_date: '2026-10-11', charges: [api] }),
      // different items
      agreement({ agreement_id: 'AG-D1', account_id: 'DIFF', charges: [api] }),
      agreement({ agreement_id: 'AG-D2', account_id: 'DIFF', charges: [ps] }),
      // same hours kind
      agreement({ agreement_id: 'AG-H1', account_id: 'HOURS', charges: [ps] }),
      agreement({ agreement_id: 'AG-H2', account_id: 'HOURS', charges: [{ ...ps, role: 'architect' }] }),
    );
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'overlapping_agreements');
    expect(found.map((a) => [a.account_id, a.metric, a.agreement_id, a.invoice_id])).toEqual([
      ['HOURS', null, 'AG-H2', 'AG-H2@2026-10'],
      ['SILVER', 'api_calls', 'AG-S2', 'AG-S2@2026-10'],
    ]);
    expect(found[1]!.severity).toBe('error');
    expect(found[1]!.message).toBe(
      'API calls for SILVER are priced by 2 active agreements at once (AG-S1 from 2025-01-01 and AG-S2 from 2026-09-01); only AG-S2 bills them while they overlap.',
    );
    expect(found[0]!.message).toMatch(/^Professional services hours for HOURS are priced by 2 active agreements/);
  });
});
