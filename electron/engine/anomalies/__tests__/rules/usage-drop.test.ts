import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, monthly, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const HISTORY = { '2026-07': '100', '2026-08': '100', '2026-09': '100' };
const api = { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' };

describe('usage_drop', () => {
  it('fires below 0.5× the mean, not at exactly 0.5×', async () => {
    await book.agreements(agreement({ agreement_id: 'AG-AT', account_id: 'AT', charges: [api] }), agreement({ agreement_id: 'AG-UNDER', account_id: 'UNDER', charges: [api] }));
    await book.usage([...monthly('AT', 'api_calls', { ...HISTORY, '2026-10': '50' }), ...monthly('UNDER', 'api_calls', { ...HISTORY, '2026-10': '49.999999' })]);
    const found = book.rateAndDetect('2026-09', '2026-10').filter((a) => a.rule === 'usage_drop');
    expect(found.map((a) => a.account_id)).toEqual(['UNDER']);
    expect(found[0]).toMatchObject({ severity: 'warning', agreement_id: 'AG-UNDER', invoice_id: 'AG-UNDER@2026-10', metric: 'api_calls' });
    expect(found[0]!.message).toBe('API calls for UNDER fell to 0.49999999× the average of the 3 earlier months with usage: 49.999999 vs 100.');
  });

  it('counts zero usage as a drop while the account still has an agreement, and leaves the feed gap to missing_usage', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-Q', account_id: 'QUIET', charges: [api] }),
      agreement({ agreement_id: 'AG-G', account_id: 'GAP', charges: [api] }),
    );
    await book.usage([
      // usage stopped a month ago: no missing_usage (nothing last period), but a drop to zero
      ...monthly('QUIET', 'api_calls', { '2026-07': '100', '2026-08': '100' }),
      // usage stopped this month under an agreement running all month: missing_usage, not usage_drop
      ...monthly('GAP', 'api_calls', HISTORY),
      // no agreement at all: silence is expected
      ...monthly('GONE', 'api_calls', HISTORY),
    ]);
    const all = book.rateAndDetect('2026-10');
    const drops = all.filter((a) => a.rule === 'usage_drop');
    expect(drops.map((a) => a.account_id)).toEqual(['QUIET']);
    expect(drops[0]!.message).toBe('No API calls for QUIET this period, against the average of the 2 earlier months with usage of 100.');
    expect(all.filter((a) => a.rule === 'missing_usage').map((a) => a.account_id)).toEqual(['GAP']);
  });
});
