import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

describe('excessive_hours', () => {
  it('fires above 12 hours for one person on one day across accounts, not at exactly 12', async () => {
    await book.hours([
      { account: 'MUELLER', person: 'Lena Fischer', date: '2026-10-14', hours: '7.5' },
      { account: 'BECKER', person: 'lena  fischer', date: '2026-10-14', hours: '6', billable: false },
      { account: 'MUELLER', person: 'Lena Fischer', date: '2026-10-15', hours: '7.5' },
      { account: 'BECKER', person: 'Lena Fischer', date: '2026-10-15', hours: '4.5' },
    ]);
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'excessive_hours');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ person: 'Lena Fischer', account_id: null, invoice_id: null, severity: 'warning' });
    expect(found[0]!.message).toBe('Lena Fischer logged 13.5 h on 2026-10-14 (MUELLER 7.5 h, BECKER 6 h), more than the 12-hour limit for one day.');
    expect(found[0]!.details.source_count).toBe(2);
  });
});
