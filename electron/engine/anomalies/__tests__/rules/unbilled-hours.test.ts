import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

describe('unbilled_hours', () => {
  it('fires for billable hours no charge can price (kind or role), not for priced or non-billable ones', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-C', account_id: 'CEDAR', charges: [{ type: 'hours', kind: 'professional_services', rate: '180' }] }),
      agreement({
        agreement_id: 'AG-R',
        account_id: 'ROLE',
        charges: [{ type: 'hours', kind: 'professional_services', role: 'architect', rate: '220' }],
      }),
      agreement({
        agreement_id: 'AG-F',
        account_id: 'FALLBACK',
        charges: [
          { type: 'hours', kind: 'professional_services', role: 'architect', rate: '220' },
          { type: 'hours', kind: 'professional_services', rate: '180' },
        ],
      }),
    );
    await book.hours([
      { account: 'CEDAR', person: 'Sam Whitfield', date: '2026-10-08', kind: 'support', hours: '2.5' },
      { account: 'CEDAR', person: 'Sam Whitfield', date: '2026-10-09', kind: 'support', hours: '1', billable: false },
      { account: 'CEDAR', person: 'Ann', date: '2026-10-09', hours: '3' },
      { account: 'ROLE', person: 'Ben', date: '2026-10-09', role: 'consultant', hours: '4' },
      { account: 'ROLE', person: 'Cy', date: '2026-10-09', role: 'Architect ', hours: '4' },
      { account: 'FALLBACK', person: 'Ben', date: '2026-10-09', role: 'consultant', hours: '4' },
      { account: 'NOBODY', person: 'Dee', date: '2026-10-09', hours: '1' },
    ]);
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'unbilled_hours');
    expect(found.map((a) => [a.account_id, a.person, a.agreement_id, a.details.reason])).toEqual([
      ['CEDAR', 'Sam Whitfield', 'AG-C', 'kind_not_priced'],
      ['NOBODY', 'Dee', null, 'no_agreement'],
      ['ROLE', 'Ben', 'AG-R', 'role_not_priced'],
    ]);
    expect(found[0]!.message).toBe('2.5 h of billable support by Sam Whitfield for CEDAR (1 time entry) cannot be billed: agreement AG-C has no support charge.');
    expect(found[0]!.invoice_id).toBe('AG-C@2026-10');
    expect(found[2]!.message).toBe(
      '4 h of billable professional services by Ben for ROLE (1 time entry) cannot be billed: agreement AG-R has no professional services rate for the role consultant and no general one.',
    );
  });
});
