import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

describe('negative_total', () => {
  it('fires for an invoice total below zero, not for zero', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-N', account_id: 'NEG', charges: [{ type: 'recurring', code: 'credit', amount: '-0.01' }] }),
      agreement({ agreement_id: 'AG-Z', account_id: 'ZERO', charges: [{ type: 'recurring', code: 'free', amount: '0' }] }),
    );
    const all = book.rateAndDetect('2026-10');
    const found = all.filter((a) => a.rule === 'negative_total');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ account_id: 'NEG', agreement_id: 'AG-N', invoice_id: 'AG-N@2026-10', severity: 'error' });
    expect(found[0]!.message).toBe('The 2026-10 invoice of agreement AG-N for NEG totals −USD 0.01, below zero.');
    expect(all.filter((a) => a.rule === 'zero_total').map((a) => a.account_id)).toEqual(['ZERO']);
  });
});
