import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

describe('rate_mismatch', () => {
  it("compares an entry's rate exactly with the rate of the charge that prices it (role, then the general rate)", async () => {
    await book.agreements(
      agreement({
        agreement_id: 'AG-O',
        account_id: 'OAK',
        charges: [
          { type: 'hours', kind: 'professional_services', role: 'architect', rate: '220.00' },
          { type: 'hours', kind: 'professional_services', rate: '165.00' },
        ],
      }),
    );
    await book.hours([
      { account: 'OAK', person: 'Aisha Bello', date: '2026-10-20', hours: '4', rate: '150.00' },
      { account: 'OAK', person: 'Aisha Bello', date: '2026-10-21', hours: '2', rate: '150' },
      { account: 'OAK', person: 'Bo', date: '2026-10-20', hours: '4', rate: '165.0' },
      { account: 'OAK', person: 'Cy', date: '2026-10-20', hours: '4', role: 'architect', rate: '220' },
      // a consultant is priced by the general rate: 220 is wrong for them
      { account: 'OAK', person: 'Di', date: '2026-10-20', hours: '1', role: 'consultant', rate: '220' },
      { account: 'OAK', person: 'Ed', date: '2026-10-20', hours: '1', rate: '99', billable: false },
      { account: 'OAK', person: 'Fa', date: '2026-10-20', hours: '1' },
    ]);
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'rate_mismatch');
    expect(found.map((a) => [a.person, a.details.entry_rate, a.details.agreement_rate])).toEqual([
      ['Aisha Bello', '150', '165'],
      ['Di', '220', '165'],
    ]);
    expect(found[0]).toMatchObject({ account_id: 'OAK', agreement_id: 'AG-O', invoice_id: 'AG-O@2026-10', severity: 'warning' });
    expect(found[0]!.line_id).not.toBeNull();
    expect(found[0]!.message).toBe('2 time entries of Aisha Bello for OAK (6 h) carry rate USD 150.00, but agreement AG-O bills USD 165.00 per hour.');
  });
});
