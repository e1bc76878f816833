import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

describe('discount_over_limit', () => {
  it('fires above a 25 % discount, not at 25 %', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-AT', account_id: 'AT', discount_percent: '25' }),
      agreement({ agreement_id: 'AG-V', account_id: 'VANTAGE', discount_percent: '25.01' }),
      // ended before the period: not active, not checked
      agreement({ agreement_id: 'AG-OLD', account_id: 'OLD', discount_percent: '90', end_date: '2026-09-30' }),
    );
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'discount_over_limit');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ account_id: 'VANTAGE', agreement_id: 'AG-V', invoice_id: 'AG-V@2026-10', severity: 'warning' });
    expect(found[0]!.message).toBe('Agreement AG-V for VANTAGE gives a 25.01% discount, above the 25% limit.');
  });
});
