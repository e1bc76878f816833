import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveInvoices } from '../../../review/approve';
import { anomalySources } from '../../sources';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const api = { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' };
const at = (account: string, metric: string, day: string, quantity: string) => ({ account, metric, ts: `2026-10-${day}T09:00:00Z`, quantity });

describe('unbilled_usage', () => {
  it('fires for usage of an account without agreement and of a metric no agreement prices, not for priced usage', async () => {
    await book.agreements(agreement({ agreement_id: 'AG-N', account_id: 'NORTH', charges: [{ type: 'recurring', code: 'p', amount: '10' }, api] }));
    await book.usage([
      at('GLOBEX', 'api_calls', '03', '12000'),
      at('GLOBEX', 'api_calls', '04', '400'),
      at('NORTH', 'video_minutes', '05', '9120'),
      at('NORTH', 'api_calls', '05', '7'),
    ]);
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'unbilled_usage');
    expect(found.map((a) => [a.account_id, a.metric, a.agreement_id, a.invoice_id])).toEqual([
      ['GLOBEX', 'api_calls', null, null],
      ['NORTH', 'video_minutes', 'AG-N', 'AG-N@2026-10'],
    ]);
    expect(found[0]!.message).toBe('2 usage records (12,400 API calls) for GLOBEX have no agreement that prices them.');
    expect(found[1]!.message).toBe('1 usage record (9,120 video minutes) for NORTH has no agreement that prices them (no active agreement has a video minutes charge).');
    expect(found[0]!.severity).toBe('error');
    const sources = anomalySources(book.sqlite, found[0]!.anomaly_id, 0, 10);
    expect(sources.rows.map((r) => [r.quantity, r.line, r.file.endsWith('usage.csv')])).toEqual([
      ['12000', 2, true],
      ['400', 3, true],
    ]);
  });

  it('reports records on days no agreement covers, and records imported after their invoice was approved', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-LATE', account_id: 'LATE', start_date: '2026-10-10', charges: [api] }),
      agreement({ agreement_id: 'AG-AFTER', account_id: 'AFTER', charges: [api] }),
    );
    await book.usage([at('LATE', 'api_calls', '05', '100'), at('LATE', 'api_calls', '12', '50'), at('AFTER', 'api_calls', '05', '10')]);
    book.rate('2026-10');
    // A draft would be re-rated by the import itself (drafts never go stale); an approved invoice is frozen.
    approveInvoices(book.sqlite, ['AG-AFTER@2026-10'], 'test');
    await book.usage([at('AFTER', 'api_calls', '06', '25')]);
    book.detect('2026-10');
    const found = book.anomalies('2026-10', 'unbilled_usage');
    expect(found.map((a) => [a.account_id, a.details.reason, a.details.records])).toEqual([
      ['AFTER', 'imported_after_rating', 1],
      ['LATE', 'outside_dates', 1],
    ]);
    expect(found[0]!.message).toBe('1 usage record (25 API calls) for AFTER was imported after invoice AG-AFTER@2026-10 was rated and is not on it.');
    expect(found[1]!.message).toBe('1 usage record (100 API calls) for LATE falls on days no agreement covers and is not billed.');
    // Re-rating never touches the approved invoice: the late record stays unbilled and explained.
    book.rate('2026-10');
    expect(book.anomalies('2026-10', 'unbilled_usage').map((a) => a.account_id)).toEqual(['AFTER', 'LATE']);
  });
});
