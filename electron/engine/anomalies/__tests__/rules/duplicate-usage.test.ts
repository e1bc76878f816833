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
    // the quantity shown is the smallest text of the copies, as sent
    expect(found[0]!.details.examples).toEqual([{ ts: '2026-10-07T10:00:00.000Z', quantity: '1520', copies: 3 }]);
  });

  it('names every copy of every group, and shows the first 20 groups in time order with their quantity as sent', async () => {
    const rows = [];
    // 25 groups of two copies, one a minute, and first a group of three whose texts differ
    for (const text of ['7.50', '7.500', '7.5']) rows.push({ account: 'FAB', metric: 'sms', ts: '2026-10-03T09:00:00Z', quantity: text });
    for (let i = 0; i < 25; i++) {
      const ts = `2026-10-05T10:${String(i).padStart(2, '0')}:00Z`;
      rows.push({ account: 'FAB', metric: 'sms', ts, quantity: `${100 + i}.25` }, { account: 'FAB', metric: 'sms', ts, quantity: `${100 + i}.25` });
      // same instant, another quantity: not a copy
      rows.push({ account: 'FAB', metric: 'sms', ts, quantity: `${200 + i}` });
    }
    await book.usage(rows);
    const [found, ...more] = book.rateAndDetect('2026-10').filter((a) => a.rule === 'duplicate_usage');
    expect(more).toEqual([]);
    // 7.5 × 2 + (100.25 + … + 124.25) = 15 + 2806.25
    expect(found!.details).toMatchObject({ groups: 26, records: 53, extra_records: 27, extra_quantity: '2821.25', source_count: 53 });
    const examples = found!.details.examples as { ts: string; quantity: string; copies: number }[];
    expect(examples).toHaveLength(20);
    expect(examples[0]).toEqual({ ts: '2026-10-03T09:00:00.000Z', quantity: '7.5', copies: 3 });
    expect(examples.slice(1).map((e) => `${e.ts.slice(11, 16)} ${e.quantity} ${e.copies}`)).toEqual(
      Array.from({ length: 19 }, (_, i) => `10:${String(i).padStart(2, '0')} ${100 + i}.25 2`),
    );
    const named = book.sqlite.prepare("SELECT count(*) FROM anomaly_sources WHERE anomaly_id = ? AND source_kind = 'usage'").pluck().get(found!.anomaly_id);
    expect(named).toBe(53);
    // the copies named are exactly the rows with a twin, not the lone quantities at the same instants
    const lone = book.sqlite
      .prepare("SELECT count(*) FROM anomaly_sources s JOIN usage_records u ON u.id = CAST(s.source_id AS INTEGER) WHERE s.anomaly_id = ? AND u.quantity_scaled >= 200000000")
      .pluck()
      .get(found!.anomaly_id);
    expect(lone).toBe(0);
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
