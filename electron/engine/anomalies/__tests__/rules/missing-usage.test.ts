import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, monthly, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const compute = { type: 'usage', metric: 'compute_hours', model: 'per_unit', unit_price: '2' };

describe('missing_usage', () => {
  it('fires when a metric priced by an agreement active all period had usage last period and has none now', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-GAP', account_id: 'GAP', charges: [compute] }),
      agreement({ agreement_id: 'AG-NEW', account_id: 'NEW', start_date: '2026-10-02', charges: [compute] }),
      agreement({ agreement_id: 'AG-OLD', account_id: 'OLD', charges: [compute] }),
      agreement({ agreement_id: 'AG-OK', account_id: 'OK', charges: [compute] }),
    );
    await book.usage([
      ...monthly('GAP', 'compute_hours', { '2026-09': '1234.5' }),
      // not active the whole period (starts on the 2nd): a quiet start, not a gap
      ...monthly('NEW', 'compute_hours', { '2026-09': '5' }),
      // no usage last period: nothing to compare with
      ...monthly('OLD', 'compute_hours', { '2026-08': '5' }),
      ...monthly('OK', 'compute_hours', { '2026-09': '5', '2026-10': '5' }),
    ]);
    const found = book.rateAndDetect('2026-09', '2026-10').filter((a) => a.rule === 'missing_usage');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', account_id: 'GAP', agreement_id: 'AG-GAP', invoice_id: 'AG-GAP@2026-10', metric: 'compute_hours' });
    expect(found[0]!.message).toBe(
      'No compute hours usage arrived for GAP in 2026-10, although 2026-09 had 1,234.5 compute hours and agreement AG-GAP ran all month (likely a data feed gap).',
    );
  });
});
