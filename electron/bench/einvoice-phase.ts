/**
 * E-invoices (issue 19): what building the XML from stored figures and checking it against the
 * EN 16931 rule subset adds to an export of 1,000 invoices, per syntax, and what embedding
 * Factur-X into an issued PDF costs per document.
 */
import { PDFDocument } from 'pdf-lib';
import { generateEInvoice } from '../engine/einvoice';
import { facturxPdf } from '../engine/einvoice/facturx';
import { sampleDocument, sampleSeller, sampleTerms } from '../engine/einvoice/sample-document';
import { validateEInvoice } from '../engine/einvoice/validate';

export async function benchEInvoices(count: number): Promise<void> {
  for (const form of ['cii', 'ubl'] as const) {
    const start = performance.now();
    let failed = 0;
    for (let n = 1; n <= count; n++) {
      const { xml } = generateEInvoice(sampleDocument(n), sampleTerms, sampleSeller, form);
      if (validateEInvoice(xml).length > 0) failed++;
    }
    const ms = performance.now() - start;
    console.log(`einvoice ${form}: ${count.toLocaleString('en')} built and validated in ${(ms / 1000).toFixed(2)} s (${(ms / count).toFixed(2)} ms each${failed ? `; ${failed} FAILED the rules` : ''})`);
  }
  const blank = await PDFDocument.create();
  blank.addPage();
  const pdf = await blank.save();
  const { xml } = generateEInvoice(sampleDocument(1), sampleTerms, sampleSeller, 'cii');
  const embeds = Math.min(count, 200);
  const start = performance.now();
  for (let n = 0; n < embeds; n++) await facturxPdf(pdf, xml, '2026-11-01');
  console.log(`einvoice factur-x: embedding into a PDF ${((performance.now() - start) / embeds).toFixed(1)} ms each (${embeds} documents)`);
}
