/**
 * E-invoices (issue 19): what building the XML from stored figures and validating it adds to an
 * export of 1,000 invoices, per syntax and specification (plain EN 16931 CII and UBL, Peppol BIS
 * UBL, XRechnung CII), split into building, the official rule sets (SaxonJS running the compiled
 * Schematron XSLT) and the stored-figure checks; and what embedding Factur-X into an issued PDF
 * costs per document. An export validates each document once (the finalizing step reuses the
 * pre-check's validation when only the number differs).
 */
import { PDFDocument } from 'pdf-lib';
import { generateEInvoice } from '../engine/einvoice';
import { ciiXml } from '../engine/einvoice/cii';
import { facturxPdf } from '../engine/einvoice/facturx';
import { buildEInvoice } from '../engine/einvoice/model';
import { runOfficialRules } from '../engine/einvoice/official-rules';
import type { EInvoiceTerms, SellerFacts } from '../engine/einvoice/requirements';
import { sampleDocument, sampleSeller, sampleTerms } from '../engine/einvoice/sample-document';
import { ublXml } from '../engine/einvoice/ubl';
import { readSemantic, storedFigureFindings } from '../engine/einvoice/validate';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchEInvoices(count: number): Promise<void> {
  // The first document pays for loading SaxonJS and the compiled rules (once per process).
  let start = performance.now();
  const first = generateEInvoice(sampleDocument(0), sampleTerms, sampleSeller, 'cii');
  generateEInvoice(sampleDocument(0), sampleTerms, sampleSeller, 'ubl');
  console.log(`einvoice: first documents (loading SaxonJS and the rule sets ${first.rule_sets.join(', ')}, …) ${seconds(performance.now() - start)}`);
  const fullSeller: SellerFacts = {
    ...sampleSeller, seller_peppol_id: '9930:DE123456789', seller_contact_name: 'Billing team', seller_contact_phone: '+49 69 1234567', seller_contact_email: 'billing@lumen.example',
  };
  const variants: [string, 'cii' | 'ubl', EInvoiceTerms, SellerFacts][] = [
    ['cii', 'cii', sampleTerms, sampleSeller],
    ['ubl', 'ubl', sampleTerms, sampleSeller],
    ['ubl peppol', 'ubl', { ...sampleTerms, buyer_peppol_id: '9930:DE987654321' }, fullSeller],
    ['cii xrechnung', 'cii', { ...sampleTerms, buyer_reference: '04011000-12345-03', buyer_peppol_id: '0204:04011000-12345-03' }, fullSeller],
  ];
  for (const [label, form, terms, seller] of variants) {
    let build = 0;
    let official = 0;
    let stored = 0;
    let failed = 0;
    for (let n = 1; n <= count; n++) {
      const doc = sampleDocument(n);
      start = performance.now();
      const e = buildEInvoice(doc, terms, seller, form);
      const xml = form === 'ubl' ? ublXml(e) : ciiXml(e);
      build += performance.now() - start;
      start = performance.now();
      const findings = runOfficialRules(xml, form);
      official += performance.now() - start;
      start = performance.now();
      findings.push(...storedFigureFindings(readSemantic(xml), doc));
      stored += performance.now() - start;
      if (findings.some((f) => f.flag === 'fatal')) failed++;
    }
    const total = build + official + stored;
    console.log(
      `einvoice ${label}: ${count.toLocaleString('en')} built and validated in ${seconds(total)} (${(total / count).toFixed(2)} ms each: ` +
        `build ${seconds(build)}, official rules ${seconds(official)}, stored figures ${seconds(stored)}${failed ? `; ${failed} FAILED the rules` : ''})`,
    );
  }
  const blank = await PDFDocument.create();
  blank.addPage();
  const pdf = await blank.save();
  const { xml } = generateEInvoice(sampleDocument(1), sampleTerms, sampleSeller, 'cii');
  const embeds = Math.min(count, 200);
  start = performance.now();
  for (let n = 0; n < embeds; n++) await facturxPdf(pdf, xml, '2026-11-01');
  console.log(`einvoice factur-x: embedding into a PDF ${((performance.now() - start) / embeds).toFixed(1)} ms each (${embeds} documents)`);
}
