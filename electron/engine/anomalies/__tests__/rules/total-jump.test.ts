import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, monthly, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const perUnit = { type: 'usage', metric: 'units', model: 'per_unit', unit_price: '1' };

describe('total_jump', () => {
  it('fires when the total moves more than 50 % and more than 100 from the previous invoice', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-AT', account_id: 'AT', charges: [perUnit] }),
      agreement({ agreement_id: 'AG-UP', account_id: 'UP', charges: [perUnit] }),
      agreement({ agreement_id: 'AG-DOWN', account_id: 'DOWN', charges: [perUnit] }),
      agreement({ agreement_id: 'AG-SMALL', account_id: 'SMALL', charges: [perUnit] }),
    );
    await book.usage([
      ...monthly('AT', 'units', { '2026-09': '1000', '2026-10': '1500' }),
      ...monthly('UP', 'units', { '2026-09': '1000', '2026-10': '1500.01' }),
      ...monthly('DOWN', 'units', { '2026-09': '1000', '2026-10': '400' }),
      // +60 % but only 60 in money
      ...monthly('SMALL', 'units', { '2026-09': '100', '2026-10': '160' }),
    ]);
    const found = book.rateAndDetect('2026-09', '2026-10').filter((a) => a.rule === 'total_jump');
    expect(found.map((a) => a.account_id)).toEqual(['DOWN', 'UP']);
    expect(found[1]).toMatchObject({ agreement_id: 'AG-UP', invoice_id: 'AG-UP@2026-10', severity: 'warning' });
    expect(found[1]!.message).toBe('The total of USD 1,500.01 for UP is 50.001% above the previous invoice (2026-09: USD 1,000.00).');
    expect(found[0]!.message).toBe('The total of USD 400.00 for DOWN is 60% below the previous invoice (2026-09: USD 1,000.00).');
  });
});
