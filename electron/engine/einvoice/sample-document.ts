/**
 * A German invoice n of five lines (recurring, two usage, hours, a 10 % discount), 19 % VAT and a
 * deposit, as stored: the fixture of the builder's tests and of the bench's e-invoice phase.
 */
import type { StoredDocument } from '.';
import type { EInvoiceTerms, SellerFacts } from './requirements';

export const sampleSeller: SellerFacts = {
  company_name: 'Lumen Cloud GmbH', company_address: 'Kaiserstr. 5\n60311 Frankfurt am Main\nGermany', seller_country: 'DE', seller_vat_id: 'DE123456789',
  tax_id: '', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', seller_peppol_id: '', seller_contact_name: '', seller_contact_phone: '', seller_contact_email: '',
};
export const sampleTerms: EInvoiceTerms = { e_invoice: 'ubl', buyer_country: 'DE', tax_id: 'DE987654321', buyer_reference: null, po_number: 'PO-1', tax_rate: '0.19' };

export function sampleDocument(n: number): StoredDocument {
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
