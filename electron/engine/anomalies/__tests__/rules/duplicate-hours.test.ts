import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

describe('duplicate_hours', () => {
  it('fires for time entries with the same account, person, date, kind and hours, not when the hours differ', async () => {
    await book.agreements(agreement({ agreement_id: 'AG-H', account_id: 'HOFF', charges: [{ type: 'hours', kind: 'professional_services', rate: '180' }] }));
    await book.hours([
      { account: 'HOFF', person: 'Jakob Lindqvist', date: '2026-10-06', hours: '3.5' },
      { account: 'HOFF', person: 'Jakob Lindqvist', date: '2026-10-06', hours: '3.50' },
      { account: 'HOFF', person: 'Jakob Lindqvist', date: '2026-10-07', hours: '3.5' },
      { account: 'HOFF', person: 'Jakob Lindqvist', date: '2026-10-07', hours: '3.25' },
      { account: 'HOFF', person: 'Jakob Lindqvist', date: '2026-10-08', hours: '2', kind: 'support' },
      { account: 'HOFF', person: 'Jakob Lindqvist', date: '2026-10-08', hours: '2' },
    ]);
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'duplicate_hours');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ account_id: 'HOFF', person: 'Jakob Lindqvist', agreement_id: 'AG-H', invoice_id: 'AG-H@2026-10', severity: 'warning' });
    expect(found[0]!.line_id).not.toBeNull();
    expect(found[0]!.message).toBe("Jakob Lindqvist's 3.5 h of professional services for HOFF on 2026-10-06 is recorded 2 times.");
  });
});
