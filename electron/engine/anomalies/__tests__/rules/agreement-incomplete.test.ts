import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateRuleSettings } from '../../settings';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

describe('agreement_incomplete', () => {
  it('fires for a missing PO number, bill-to or owner or an invalid currency, not for a complete agreement', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-OK', account_id: 'OK' }),
      agreement({ agreement_id: 'AG-P', account_id: 'PENNINE', po_number: null, bill_to: null, owner: null }),
      agreement({ agreement_id: 'AG-PO', account_id: 'NOPO', po_number: null }),
      agreement({ agreement_id: 'AG-X', account_id: 'PACRIM', currency: 'USDX' }),
    );
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'agreement_incomplete');
    expect(found.map((a) => [a.agreement_id, a.invoice_id, a.message]).sort()).toEqual([
      ['AG-P', 'AG-P@2026-10', 'Agreement AG-P for PENNINE has no PO number, no bill-to address and no owner.'],
      ['AG-PO', 'AG-PO@2026-10', 'Agreement AG-PO for NOPO has no PO number.'],
      ['AG-X', 'AG-X@2026-10', 'Agreement AG-X for PACRIM is in currency "USDX", which is not an ISO 4217 code (rated with 2 decimals until corrected).'],
    ]);
    expect(found.map((a) => [a.agreement_id, a.severity]).sort()).toEqual([
      ['AG-P', 'warning'],
      ['AG-PO', 'warning'],
      ['AG-X', 'error'],
    ]);
  });

  it('keeps an invalid currency an error when the rule is configured milder (such an invoice cannot be sent)', async () => {
    await book.agreements(agreement({ agreement_id: 'AG-X', account_id: 'PACRIM', currency: 'USDX' }), agreement({ agreement_id: 'AG-PO', account_id: 'NOPO', po_number: null }));
    updateRuleSettings(book.sqlite, 'agreement_incomplete', { severity: 'info' }, 'admin');
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'agreement_incomplete');
    expect(found.map((a) => [a.agreement_id, a.severity]).sort()).toEqual([
      ['AG-PO', 'info'],
      ['AG-X', 'error'],
    ]);
  });
});
