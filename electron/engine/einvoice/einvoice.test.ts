/**
 * The e-invoice builder and rules in process: address and unit mapping, the
 * refusals, and the Factur-X embedding (the cost of building and validating
 * 1,000 documents is measured by `npm run bench`, phase einvoice).
 */
import { describe, expect, it } from 'vitest';
import { generateEInvoice } from '.';
import { sampleDocument as doc, sampleSeller as seller, sampleTerms as terms } from './sample-document';
import { facturxPdf } from './facturx';
import { postalAddress, unitCode } from './model';
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
