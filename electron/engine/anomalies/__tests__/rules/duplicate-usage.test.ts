import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

describe('duplicate_usage', () => {
  it('fires for records with the same account, metric, time and quantity under different or missing ids, not when the quantity differs', async () => {
    await book.agreements(agreement({ agreement_id: 'AG-F', account_id: 'FAB', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' }] }));
    await book.usage([
      { account: 'FAB', metric: 'api_calls', ts: '2026-10-07T10:00:00Z', quantity: '1520', id: 'e1' },
      { account: 'FAB', metric: 'api_calls', ts: '2026-10-07T10:00:00Z', quantity: '1520.0', id: 'e2' },
      { account: 'FAB', metric: 'api_calls', ts: '2026-10-07T10:00:00Z', quantity: '1520', id: null },
      { account: 'OK', metric: 'api_calls', ts: '2026-10-07T10:00:00Z', quantity: '10', id: 'e3' },
      { account: 'OK', metric: 'api_calls', ts: '2026-10-07T10:00:00Z', quantity: '11', id: 'e4' },
      { account: 'OK', metric: 'sms', ts: '2026-10-07T10:00:00Z', quantity: '10', id: 'e5' },
    ]);
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'duplicate_usage');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ account_id: 'FAB', metric: 'api_calls', agreement_id: 'AG-F', invoice_id: 'AG-F@2026-10', severity: 'warning' });
    expect(found[0]!.message).toBe('1 record of API calls for FAB appears more than once with the same time and quantity (2 extra copies, 3,040 API calls).');
    expect(found[0]!.details).toMatchObject({ groups: 1, records: 3, extra_records: 2, extra_quantity: '3040', source_count: 3 });
  });

  it('compares quantities exactly when they have no scaled form (more than 6 decimals)', async () => {
    await book.usage([
      { account: 'X', metric: 'm', ts: '2026-10-07T10:00:00Z', quantity: '0.00000001' },
      { account: 'X', metric: 'm', ts: '2026-10-07T10:00:00Z', quantity: '0.00000002' },
      { account: 'Y', metric: 'm', ts: '2026-10-07T10:00:00Z', quantity: '0.00000001' },
      { account: 'Y', metric: 'm', ts: '2026-10-07T10:00:00Z', quantity: '0.000000010' },
    ]);
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'duplicate_usage');
    expect(found.map((a) => a.account_id)).toEqual(['Y']);
  });
});
