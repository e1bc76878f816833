/** The invoice page's e-invoice (API invoices.eInvoice) on a real book: a preview before finalizing, or the sentence why not. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ratedBook, type Book } from '../../commands/__tests__/helpers';
import { updateBranding } from '../../settings/update-settings';
import { eInvoiceView } from '../einvoice-document';
import { validateEInvoice } from '../../einvoice/validate';

let book: Book;
beforeEach(async () => {
  book = await ratedBook();
});
afterEach(() => book.cleanup());

describe('eInvoiceView', () => {
  it('names what a draft lacks, then previews a valid XML once the fields are there', () => {
    const sqlite = book.opened.sqlite;
    const missing = eInvoiceView(sqlite, 'AG-1@2026-10', 'ubl');
    expect(missing).toMatchObject({ agreement_form: null, format: 'ubl', preview: true, xml: null });
    expect(missing.refusal).toMatch(/^DRAFT cannot be an e-invoice: it lacks the agreement's buyer_country and buyer_reference \(or po_number\) and the seller settings' seller_country and seller_vat_id/);

    updateBranding(sqlite, { seller_country: 'GB', seller_vat_id: 'GB123456789' }, 'test');
    const doc = JSON.parse(sqlite.prepare("SELECT document FROM agreements WHERE id = 'AG-1'").pluck().get() as string) as Record<string, unknown>;
    sqlite.prepare("UPDATE agreements SET document = ? WHERE id = 'AG-1'").run(JSON.stringify({ ...doc, buyer_country: 'US', buyer_reference: 'REF-9', e_invoice: 'ubl' }));
    const ok = eInvoiceView(sqlite, 'AG-1@2026-10');
    expect(ok).toMatchObject({
      agreement_form: 'ubl', format: 'ubl', preview: true, refusal: null, vat_category: 'S', rule_sets: ['EN16931-UBL 1.3.16', 'the stored figures'],
      specification_note: 'plain EN 16931, not Peppol BIS: it lacks seller_peppol_id, buyer_peppol_id',
    });
    expect(validateEInvoice(ok.xml!)).toEqual([]);
  });
});
