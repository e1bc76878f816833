import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const api = { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' };
const support = { type: 'hours', kind: 'support', rate: '100' };
const at = (account: string, day: string, quantity: string) => ({ account, metric: 'api_calls', ts: `2026-10-${day}T09:00:00Z`, quantity });

describe('usage_after_end', () => {
  it("fires for usage and billable hours after the account's agreement ended, not while another agreement is active", async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-L', account_id: 'LAKE', end_date: '2026-10-20', charges: [api, support] }),
      agreement({ agreement_id: 'AG-R1', account_id: 'RENEW', end_date: '2026-10-20', charges: [api] }),
      agreement({ agreement_id: 'AG-R2', account_id: 'RENEW', start_date: '2026-10-21', charges: [{ type: 'recurring', code: 'p', amount: '1' }] }),
    );
    await book.usage([at('LAKE', '20', '5'), at('LAKE', '21', '7'), at('LAKE', '31', '8'), at('RENEW', '25', '3')]);
    await book.hours([
      { account: 'LAKE', person: 'Ann', date: '2026-10-22', kind: 'support', hours: '1.5' },
      { account: 'LAKE', person: 'Ann', date: '2026-10-23', kind: 'support', hours: '1', billable: false },
    ]);
    const all = book.rateAndDetect('2026-10');
    const found = all.filter((a) => a.rule === 'usage_after_end');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ account_id: 'LAKE', agreement_id: 'AG-L', invoice_id: 'AG-L@2026-10', severity: 'error' });
    expect(found[0]!.message).toBe(
      "LAKE's agreement AG-L ended on 2026-10-20, but 2 usage records (API calls) and 1 billable time entry (1.5 h) are dated after it with no other agreement to bill them.",
    );
    expect(found[0]!.details.source_count).toBe(3);
    // The same records are not also reported as unbilled usage; RENEW's usage is (its new agreement does not price api_calls).
    expect(all.filter((a) => a.rule === 'unbilled_usage').map((a) => a.account_id)).toEqual(['RENEW']);
    expect(all.filter((a) => a.rule === 'unbilled_hours')).toEqual([]);
  });
});
