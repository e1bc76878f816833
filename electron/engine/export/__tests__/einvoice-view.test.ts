/**
 * The invoice page's e-invoice (API invoices.eInvoice) and the export page's forms (API export.forms) on a real book:
 * a preview before finalizing or the sentence why not; the form each document goes out in before and after an export;
 * a finalized document's XML as it was issued, not rebuilt from later settings.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sqlite } from '../../../../db/open';
import { ratedBook, type Book } from '../../commands/__tests__/helpers';
import { createJobContext } from '../../job-context';
import { approveInvoices } from '../../review/approve';
import { updateBranding } from '../../settings/update-settings';
import { eInvoiceView } from '../einvoice-document';
import { exportForms } from '../export-forms';
import { exportPeriod } from '../export-period';
import { validateEInvoice } from '../../einvoice/validate';

let book: Book;
beforeEach(async () => {
  book = await ratedBook();
});
afterEach(() => book.cleanup());

/** Sets agreement fields as an agreement import would have stored them. */
function setTerms(sqlite: Sqlite, id: string, fields: Record<string, string>) {
  const doc = JSON.parse(sqlite.prepare('SELECT document FROM agreements WHERE id = ?').pluck().get(id) as string) as Record<string, unknown>;
  sqlite.prepare('UPDATE agreements SET document = ? WHERE id = ?').run(JSON.stringify({ ...doc, ...fields }), id);
}

describe('eInvoiceView', () => {
  it('names what a draft lacks, then previews a valid XML once the fields are there', async () => {
    const sqlite = book.opened.sqlite;
    const missing = await eInvoiceView(sqlite, 'AG-1@2026-10', 'ubl');
    expect(missing).toMatchObject({ agreement_form: null, format: 'ubl', preview: true, xml: null, stored: false });
    expect(missing.refusal).toMatch(/^DRAFT cannot be an e-invoice: it lacks the agreement's buyer_country and buyer_reference \(or po_number\) and the seller settings' seller_country and seller_vat_id/);

    updateBranding(sqlite, { seller_country: 'GB', seller_vat_id: 'GB123456789' }, 'test');
    setTerms(sqlite, 'AG-1', { buyer_country: 'US', buyer_reference: 'REF-9', e_invoice: 'ubl' });
    const ok = await eInvoiceView(sqlite, 'AG-1@2026-10');
    expect(ok).toMatchObject({
      agreement_form: 'ubl', format: 'ubl', preview: true, refusal: null, vat_category: 'S', stored: false, rule_sets: ['EN16931-UBL 1.3.16', 'the stored figures'],
      specification_note: 'plain EN 16931, not Peppol BIS: it lacks seller_peppol_id, buyer_peppol_id',
    });
    expect(validateEInvoice(ok.xml!)).toEqual([]);
  });
});

describe('exportForms and the issued XML', () => {
  it('says before and after the export which document goes out as what, and shows the XML the Factur-X PDF carries', async () => {
    const sqlite = book.opened.sqlite;
    updateBranding(sqlite, { seller_country: 'GB', seller_vat_id: 'GB123456789' }, 'test');
    setTerms(sqlite, 'AG-1', { buyer_country: 'US', buyer_reference: 'REF-9', e_invoice: 'facturx' });
    // GLOBEX asks for CII but has no buyer_country and no reason for its zero rate.
    setTerms(sqlite, 'AG-2', { e_invoice: 'cii' });
    approveInvoices(sqlite, ['AG-1@2026-10', 'AG-2@2026-10'], 'test');

    const before = exportForms(sqlite, '2026-10', '2026-11-02');
    expect(before.map((f) => [f.invoice_id, f.status, f.agreement_form, f.form])).toEqual([
      ['AG-1@2026-10', 'approved', 'facturx', 'facturx'],
      ['AG-2@2026-10', 'approved', 'cii', null],
    ]);
    expect(before[0]!.refusal).toBeNull();
    expect(before[1]!.refusal).toMatch(/^AG-2@2026-10 cannot be an e-invoice: it lacks the agreement's buyer_country, buyer_reference \(or po_number\) and tax_exemption/);

    const result = await exportPeriod(sqlite, { period: '2026-10', outDir: join(book.dir, 'out'), issueDate: '2026-11-02' }, createJobContext({ actor: 'test' }));
    expect(result.invoices.map((i) => [i.invoice_id, i.einvoice_form])).toEqual([['AG-1@2026-10', 'facturx']]);
    const after = exportForms(sqlite, '2026-10');
    expect(after.map((f) => [f.invoice_id, f.status, f.form, f.invoice_number])).toEqual([
      ['AG-1@2026-10', 'finalized', 'facturx', result.invoices[0]!.invoice_number],
      ['AG-2@2026-10', 'approved', null, null],
    ]);

    // The seller's VAT id changes after issuing: the page still shows the XML inside the issued PDF, with the VAT id it was sent with.
    updateBranding(sqlite, { seller_vat_id: 'GB999999973' }, 'test');
    const issued = await eInvoiceView(sqlite, 'AG-1@2026-10');
    expect(issued).toMatchObject({ agreement_form: 'facturx', format: 'facturx', preview: false, stored: true, refusal: null, grand_total: '1539.55', amount_due: '1439.55' });
    expect(issued.xml).toContain('GB123456789');
    expect(issued.xml).not.toContain('GB999999973');
    expect(issued.xml).toContain('<ram:GrandTotalAmount>1539.55</ram:GrandTotalAmount>');
    expect(issued.xml).toContain(result.invoices[0]!.invoice_number);
    // Asked in another form, it is built from the stored figures (and says so).
    const ubl = await eInvoiceView(sqlite, 'AG-1@2026-10', 'ubl');
    expect(ubl).toMatchObject({ format: 'ubl', stored: false, refusal: null });
    expect(ubl.xml).toContain('GB999999973');
  });

  it('lists a three-decimal currency as a plain PDF with the sentence why', () => {
    const sqlite = book.opened.sqlite;
    updateBranding(sqlite, { seller_country: 'GB', seller_vat_id: 'GB123456789' }, 'test');
    sqlite.prepare("UPDATE invoices SET currency = 'BHD' WHERE id = 'AG-2@2026-10'").run();
    setTerms(sqlite, 'AG-2', { e_invoice: 'ubl', buyer_country: 'BH', buyer_reference: 'R', tax_exemption: 'export' });
    approveInvoices(sqlite, ['AG-2@2026-10'], 'test');
    const [bhd] = exportForms(sqlite, '2026-10');
    expect(bhd).toMatchObject({ invoice_id: 'AG-2@2026-10', agreement_form: 'ubl', form: 'pdf' });
    expect(bhd!.refusal).toMatch(/^BHD amounts have 3 decimals, which EN 16931 e-invoices cannot express/);
  });
});
