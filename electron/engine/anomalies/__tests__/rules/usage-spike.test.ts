import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, monthly, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const HISTORY = { '2026-04': '100', '2026-05': '100', '2026-06': '100', '2026-07': '100', '2026-08': '100', '2026-09': '100' };
const PERIODS = ['2026-09', '2026-10'];
const apiCharge = { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' };

describe('usage_spike', () => {
  it('fires above 2× the mean of the previous periods with data, not at exactly 2×', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-AT', account_id: 'AT', charges: [apiCharge] }),
      agreement({ agreement_id: 'AG-OVER', account_id: 'OVER', charges: [apiCharge] }),
    );
    await book.usage([
      ...monthly('AT', 'api_calls', { ...HISTORY, '2026-10': '200' }),
      ...monthly('OVER', 'api_calls', { ...HISTORY, '2026-10': '200.000001' }),
    ]);
    const found = book.rateAndDetect(...PERIODS).filter((a) => a.rule === 'usage_spike');
    expect(found.map((a) => a.account_id)).toEqual(['OVER']);
    const [spike] = found;
    expect(spike).toMatchObject({ severity: 'warning', metric: 'api_calls', agreement_id: 'AG-OVER', invoice_id: 'AG-OVER@2026-10' });
    expect(spike!.line_id).not.toBeNull();
    expect(spike!.message).toBe('API calls for OVER were 2.00000001× the 6-month average: 200.000001 vs 100.');
    expect(spike!.details).toMatchObject({ value: '200.000001', mean: '100', aggregation: 'sum', source_count: 1 });
  });

  it('needs at least 2 earlier periods with data and averages only those', async () => {
    await book.usage([
      ...monthly('ONE', 'sms', { '2026-09': '10', '2026-10': '1000' }),
      ...monthly('TWO', 'sms', { '2026-06': '10', '2026-08': '30', '2026-10': '41' }),
    ]);
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'usage_spike');
    expect(found.map((a) => a.account_id)).toEqual(['TWO']);
    expect(found[0]!.message).toBe('SMS for TWO were 2.1× the average of the 2 earlier months with usage: 41 vs 20.');
  });

  it("uses the charge's aggregation (max for storage readings)", async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-S', account_id: 'S', charges: [{ type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: '0' }] }),
    );
    const rows = [];
    for (const p of ['2026-07', '2026-08', '2026-09']) for (const d of ['01', '15']) rows.push({ account: 'S', metric: 'storage_gb', ts: `${p}-${d}T00:00:00Z`, quantity: '100' });
    // Sum doubles (4 readings instead of 2) but the largest reading is flat: no spike.
    for (const d of ['01', '08', '15', '22']) rows.push({ account: 'S', metric: 'storage_gb', ts: `2026-10-${d}T00:00:00Z`, quantity: '100' });
    await book.usage(rows);
    expect(book.rateAndDetect('2026-10').filter((a) => a.rule === 'usage_spike')).toEqual([]);
  });
});
