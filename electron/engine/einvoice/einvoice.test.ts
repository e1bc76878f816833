/**
 * The e-invoice builder and rules in process: address and unit mapping, the
 * refusals, the official rule sets each specification runs (EN 16931, Peppol
 * BIS, XRechnung) and the Factur-X embedding (the cost of building and
 * validating 1,000 documents is measured by `npm run bench`, phase einvoice).
 */
import { describe, expect, it } from 'vitest';
import { generateEInvoice, PRECHECK_NUMBER } from '.';
import { sampleDocument as doc, sampleSeller as seller, sampleTerms as terms } from './sample-document';
import { facturxPdf } from './facturx';
import { postalAddress, unitCode, type StoredDocument } from './model';
import { ciiXml } from './cii';
import { buildEInvoice } from './model';
import { ublXml } from './ubl';
import { validateEInvoice } from './validate';
import { schemaErrors } from './__tests__/schema';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

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

  const peppolSeller = { ...seller, seller_peppol_id: '9930:DE123456789', seller_contact_name: 'Billing team', seller_contact_phone: '+49 69 1234567', seller_contact_email: 'billing@lumen.example' };
  const reverseCharge = (d: StoredDocument): StoredDocument => ({
    ...d, tax_rate: '0', bill_to: 'Bâti SARL\n3 rue de la Paix\n75002 Paris', tax_id: 'FR12345678901',
    invoice: { ...d.invoice, lines: [{ kind: 'recurring', code: 'platform', description: 'Platform fee', quantity: '1', unit_price: '800.00', amount: '800.00' }], subtotal: '800.00', discount: '0.00', tax: '0.00', total: '800.00', deposit_applied: '0.00', amount_due: '800.00' },
  });
  const aeTerms = { ...terms, tax_rate: '0', tax_exemption: 'reverse_charge' as const, buyer_country: 'FR', tax_id: 'FR12345678901' };

  it('claims Peppol BIS or XRechnung only with their data, and each passes its official rule sets with no fatal finding', () => {
    const cases = [
      // [what, document, terms, seller, form, specification, rule sets]
      ['plain UBL', doc(1), terms, seller, 'ubl', 'urn:cen.eu:en16931:2017', ['EN16931-UBL 1.3.16']],
      ['Peppol UBL', doc(1), { ...terms, buyer_peppol_id: '9930:DE987654321' }, peppolSeller, 'ubl', 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0', ['EN16931-UBL 1.3.16', 'PEPPOL-EN16931-UBL 3.0.19']],
      ['Peppol reverse charge', reverseCharge(doc(2)), { ...aeTerms, buyer_peppol_id: '0009:12345678900011' }, peppolSeller, 'ubl', 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0', ['EN16931-UBL 1.3.16', 'PEPPOL-EN16931-UBL 3.0.19']],
      ['XRechnung UBL', doc(3), { ...terms, buyer_reference: '04011000-12345-03', buyer_peppol_id: '0204:04011000-12345-03' }, peppolSeller, 'ubl', 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0', ['EN16931-UBL 1.3.16', 'XRECHNUNG-UBL 3.0.2 (schematron 2.5.1-SNAPSHOT)']],
      ['XRechnung CII', doc(4), { ...terms, buyer_reference: '04011000-12345-03', buyer_peppol_id: '0204:04011000-12345-03' }, peppolSeller, 'cii', 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0', ['EN16931-CII 1.3.16', 'XRECHNUNG-CII 3.0.2 (schematron 2.5.1-SNAPSHOT)']],
      ['Factur-X for a Leitweg-ID stays EN 16931', doc(5), { ...terms, buyer_reference: '04011000-12345-03', buyer_peppol_id: '0204:04011000-12345-03' }, peppolSeller, 'facturx', 'urn:cen.eu:en16931:2017', ['EN16931-CII 1.3.16']],
    ] as const;
    for (const [what, d, t, s, form, specification, sets] of cases) {
      const generated = generateEInvoice(d, t, s, form);
      expect({ what, specification: generated.einvoice.specification_id, rule_sets: generated.rule_sets, findings: generated.findings, warnings: generated.warnings }).toEqual({
        what, specification, rule_sets: [...sets, 'the stored figures'], findings: [], warnings: [],
      });
      // and the syntax's schema (the BG-6 contact and the endpoints in schema order)
      expect({ what, schema: schemaErrors(generated.xml) }).toEqual({ what, schema: '' });
    }
    // without the seller contact and both Peppol ids, a Leitweg-ID document is plain EN 16931 and says why
    const plain = generateEInvoice(doc(6), { ...terms, buyer_reference: '04011000-12345-03' }, seller, 'cii');
    expect(plain.einvoice.specification_note).toBe('plain EN 16931, not XRechnung: it lacks seller_contact_name, seller_contact_phone, seller_contact_email, seller_peppol_id, buyer_peppol_id');
  });

  it('the official Peppol and XRechnung rules can fail: a Peppol id with an unknown scheme, an XRechnung without its seller contact email', () => {
    const e = buildEInvoice(doc(7), { ...terms, buyer_peppol_id: '9999:X1' }, peppolSeller, 'ubl');
    expect(validateEInvoice(ublXml(e)).map((f) => `${f.flag} ${f.rule} ${f.location}`)).toContain('fatal PEPPOL-EN16931-CL008 Invoice/AccountingCustomerParty/Party/EndpointID');
    const xr = buildEInvoice(doc(8), { ...terms, buyer_reference: '04011000-12345-03', buyer_peppol_id: '0204:04011000-12345-03' }, peppolSeller, 'cii');
    const withoutEmail = { ...xr, seller: { ...xr.seller, contact: { ...xr.seller.contact!, email: null } } };
    expect(validateEInvoice(ciiXml(withoutEmail)).filter((f) => f.flag === 'fatal').map((f) => `${f.rule} ${f.field}`)).toEqual(['BR-DE-7 BT-43']);
  });

  it('refuses a stored document whose total is not net + VAT by the official rule BR-CO-15, naming the field, and the stored-figure check', () => {
    const d = doc(9);
    const bad = { ...d, invoice: { ...d.invoice, total: '1664.78', amount_due: '1564.78' } };
    expect(() => generateEInvoice(bad, terms, seller, 'ubl')).toThrow(
      /^INV-2026-000009 fails the EN 16931 rules and was not issued as an e-invoice: rule BR-CO-15 on BT-112, BT-109, BT-110 \(Invoice\): Invoice total amount with VAT \(BT-112\) = Invoice total amount without VAT \(BT-109\) \+ Invoice total VAT amount \(BT-110\)\.$/,
    );
    // the XML of a good document checked against another's stored figures: the stored-figure rules name what differs
    const { xml } = generateEInvoice(d, terms, seller, 'cii');
    expect(validateEInvoice(xml, bad).map((f) => `${f.rule} ${f.message}`)).toEqual(['STORED-BT-112 the total with VAT 1664.77 is not the stored 1664.78', 'STORED-BT-115 the amount due 1564.77 is not the stored 1564.78']);
  });

  it('finalizing reuses the pre-check validation only when the XML differs in the number alone', () => {
    const pending = { ...doc(10), invoice: { ...doc(10).invoice, invoice_number: PRECHECK_NUMBER } };
    const checked = generateEInvoice(pending, terms, seller, 'ubl');
    const marked = { ...checked, rule_sets: ['from the pre-check'] };
    const numbered = generateEInvoice(doc(10), terms, seller, 'ubl', marked);
    expect(numbered.rule_sets).toEqual(['from the pre-check']);
    expect(numbered.xml).toBe(checked.xml.replace(`<cbc:ID>${PRECHECK_NUMBER}</cbc:ID>`, '<cbc:ID>INV-2026-000010</cbc:ID>'));
    // any other difference (here a stored total changed since) runs the rules again, which refuse it
    const changed = { ...doc(10), invoice: { ...doc(10).invoice, total: '1664.78', amount_due: '1564.78' } };
    expect(() => generateEInvoice(changed, terms, seller, 'ubl', marked)).toThrow(/rule BR-CO-15 on BT-112/);
  });

  it('embeds the CII XML as factur-x.xml with its AF relationship, the PDF/A-3 metadata and the sRGB output intent', async () => {
    const blank = await PDFDocument.create();
    blank.addPage();
    const { xml } = generateEInvoice(doc(1), terms, seller, 'cii');
    const bytes = await facturxPdf(await blank.save(), xml, '2026-11-01');
    const pdf = await PDFDocument.load(bytes);
    const catalog = pdf.catalog;
    const stream = (dict: PDFDict, key: string): PDFRawStream => {
      const found = pdf.context.lookup(dict.get(PDFName.of(key)));
      if (!(found instanceof PDFRawStream)) throw new Error(`${key} is not a stream`);
      return found;
    };
    const intents = catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    expect(intents.size()).toBe(1);
    const intent = intents.lookup(0, PDFDict);
    expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    const profile = stream(intent, 'DestOutputProfile');
    expect(profile.dict.get(PDFName.of('N'))?.toString()).toBe('3');
    // an ICC profile: 'acsp' at byte 36, colour space 'RGB ' at byte 16
    const icc = Buffer.from(decodePDFRawStream(profile).decode());
    expect([icc.subarray(36, 40).toString('latin1'), icc.subarray(16, 20).toString('latin1')]).toEqual(['acsp', 'RGB ']);
    const af = catalog.lookup(PDFName.of('AF'), PDFArray).lookup(0, PDFDict);
    expect(af.get(PDFName.of('AFRelationship'))).toBe(PDFName.of('Alternative'));
    const embedded = stream(af.lookup(PDFName.of('EF'), PDFDict), 'F');
    expect(Buffer.from(decodePDFRawStream(embedded).decode()).toString('utf8')).toBe(xml);
    const xmp = Buffer.from(decodePDFRawStream(stream(catalog, 'Metadata')).decode()).toString('utf8');
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
  });
});
