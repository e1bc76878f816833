/**
 * The invoice PDF: one A4 portrait document per invoice or credit note.
 *
 * - Figures are printed exactly as stored (decimal strings grouped as text);
 *   the renderer never adds anything up.
 * - Text prints in a font chain (font-chain.ts, pdf-fonts.ts): DejaVu Sans
 *   (regular + bold) for Latin, Greek and Cyrillic, then Noto Sans JP, SC and
 *   KR for the Chinese, Japanese and Korean characters DejaVu lacks, each
 *   character in the first font that has it. Only the fonts a document uses
 *   are embedded, each as a subset of its glyphs with a ToUnicode map, so every
 *   name prints and reads back (pdftotext) and a one-page invoice stays small.
 *   The font files are read and parsed once (loadPdfFonts) and reused by every
 *   PDF; the CJK ones only once a document needs them.
 * - Deterministic: no clock, no randomness; the same input gives the same bytes
 *   (creation and modification dates are the issue date).
 * - Long invoices paginate: the table header repeats on every page, a group
 *   heading never ends a page, the totals come last, and every page carries
 *   "Page n of N".
 *
 * Presentation choices:
 * - Lines are grouped by kind (Subscriptions, Usage, Professional services &
 *   support, One-time, Minimum commitment, Adjustments; an unknown kind goes
 *   under Adjustments). The discount line is not a table row: it is the
 *   "Discount" row of the totals (labelled with the line's description, e.g.
 *   "Discount 10%"), so the table adds up to the subtotal as the spec defines it.
 * - Discount and deposit applied print as negatives; each row is left out when
 *   it is zero. Tax always prints, under branding.tax_label with its rate when
 *   known ("Tax (8.25 %)"). Seller's and customer's tax ids print under their
 *   addresses; a prorated subscription shows its days ("17/31 days") as quantity.
 * - Money is "USD 12,500.00" in the totals and "12,500.00" in the table (the
 *   column header names the currency); negatives use the minus sign "−".
 * - Dates print as "1 Dec 2026" (unambiguous in every locale), periods as
 *   "October 2026", terms as "Net 30" ("Due on receipt" for 0 days).
 * - A credit note says CREDIT NOTE, names the invoice it corrects, has no due
 *   date or payment instructions, and ends in "Amount credited".
 * - Text that cannot fit its place is shrunk a little, then cut with "…";
 *   figures shrink further before they are ever cut. A broken logo is left out.
 */
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { formatPeriod, singleLine } from './format';
import { InvoicePainter } from './invoice-painter';
import { documentFace, documentText } from './pdf-document-fonts';
import type { PdfFonts } from './pdf-fonts';
import { RES } from './pdf-layout';
import { embedLogo } from './pdf-logo';
import { useNativeDeflate } from './pdf-native-deflate';
import type { Fonts } from './pdf-text-fitting';
import type { Branding, InvoiceDocument } from './types';

export { loadPdfFonts, type PdfFonts, type TextMeasure } from './pdf-fonts';
/** "2026-11-01" -> that day, 00:00 UTC; a fixed date when the text is not a date (never the clock). */
function documentDate(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(NaN);
  return Number.isNaN(parsed.getTime()) ? new Date(Date.UTC(2000, 0, 1)) : parsed;
}

export async function renderInvoicePdf(doc: InvoiceDocument, branding: Branding, fonts: PdfFonts): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  useNativeDeflate(pdf.context);
  pdf.registerFontkit(fonts.fontkit);
  const chains = await fonts.chainsFor(documentText(doc, branding));
  const used: PDFFont[] = [];
  const faces: Fonts = {
    regular: await documentFace(pdf, fonts, chains.regular, RES.regular, used),
    bold: await documentFace(pdf, fonts, chains.bold, RES.bold, used),
  };
  const logo = await embedLogo(pdf, branding.logo);

  new InvoicePainter(pdf, doc, branding, faces, logo).render();
  // Only the fonts some text used are embedded, each as the subset of its glyphs that were drawn.
  for (const font of used) await font.embed();

  const company = singleLine(branding.company_name) || 'Billing Reviewer';
  const word = doc.invoice.document_type === 'credit_note' ? 'Credit note' : 'Invoice';
  const number = singleLine(doc.invoice.invoice_number) || 'DRAFT';
  const account = singleLine(doc.account_name) || singleLine(doc.invoice.account_id);
  const when = documentDate(doc.issue_date);
  pdf.setTitle(`${word} ${number} – ${account}`, { showInWindowTitleBar: true });
  pdf.setAuthor(company);
  pdf.setCreator(company);
  pdf.setSubject(`${word} for ${formatPeriod(doc.invoice.period)}, agreement ${singleLine(doc.invoice.agreement_id)}, account ${singleLine(doc.invoice.account_id)}`);
  pdf.setProducer('Billing Reviewer (pdf-lib)');
  pdf.setKeywords([word.toLowerCase(), number, singleLine(doc.invoice.account_id), singleLine(doc.invoice.period)]);
  pdf.setLanguage('en');
  pdf.setCreationDate(when);
  pdf.setModificationDate(when);
  return pdf.save({ useObjectStreams: false });
}
