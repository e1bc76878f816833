import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

describe('zero_total', () => {
  it("fires for an active agreement's invoice totalling zero, not for one with a total", async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-Z', account_id: 'ZERO', currency: 'JPY', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '1' }] }),
      agreement({ agreement_id: 'AG-P', account_id: 'PAID' }),
    );
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'zero_total');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ account_id: 'ZERO', agreement_id: 'AG-Z', invoice_id: 'AG-Z@2026-10', severity: 'info' });
    expect(found[0]!.message).toBe('The 2026-10 invoice of agreement AG-Z for ZERO totals JPY 0.');
  });
});
