/**
 * The invoice PDF, read back the way a person or a machine reads it: the text
 * poppler extracts (pdftotext -layout), word boxes (pdftotext -bbox) for
 * clipping and overlaps, pixels (pdftoppm) for the draft watermark, and the
 * document metadata.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupNumber } from './format';
import { loadPdfFonts, renderInvoicePdf, type PdfFonts } from './invoice-pdf';
import { creditNote, jpyInvoice, line, longInvoice, sampleBranding, shortInvoice, UNICODE_NAME, withTotals } from './__tests__/sample-documents';
import type { Branding, InvoiceDocument } from './types';

let fonts: PdfFonts;
let dir: string;
let counter = 0;

beforeAll(async () => {
  fonts = await loadPdfFonts();
  dir = mkdtempSync(join(tmpdir(), 'invoice-pdf-'));
  // poppler-utils is a test dependency (CI installs it with apt).
  execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Rendered {
  bytes: Uint8Array;
  file: string;
  /** pdftotext -layout, one entry per page */
  pages: string[];
  text: string;
}

async function render(doc: InvoiceDocument, branding: Branding = sampleBranding()): Promise<Rendered> {
  const bytes = await renderInvoicePdf(doc, branding, fonts);
  const file = join(dir, `doc-${counter++}.pdf`);
  writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== '');
  return { bytes, file, pages, text };
}

/** Collapses the run of spaces -layout puts between columns, so "Subtotal      USD 1.00" reads "Subtotal USD 1.00". */
function squeeze(text: string): string {
  return text.replace(/[ \t]+/g, ' ');
}

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function words(file: string): { words: Word[]; width: number; height: number } {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const out: Word[] = [];
  let width = 0;
  let height = 0;
  html.split('<page ').slice(1).forEach((page, index) => {
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(page);
    width = Number(size?.[1]);
    height = Number(size?.[2]);
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      out.push({ page: index + 1, text: m[5] ?? '', xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
    }
  });
  return { words: out, width, height };
}

/** Text inside the page margins, and no two words drawn over each other (the draft watermark's huge letters aside). */
function expectCleanLayout(file: string): void {
  const { words: found, width, height } = words(file);
  const all = found.filter((w) => w.yMax - w.yMin < 40);
  expect(all.length).toBeGreaterThan(20);
  for (const w of all) {
    expect(w.xMin, `"${w.text}" clipped left`).toBeGreaterThanOrEqual(40);
    expect(w.xMax, `"${w.text}" clipped right`).toBeLessThanOrEqual(width - 40);
    expect(w.yMin, `"${w.text}" clipped top`).toBeGreaterThanOrEqual(30);
    expect(w.yMax, `"${w.text}" clipped bottom`).toBeLessThanOrEqual(height - 20);
  }
  const overlaps: string[] = [];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i] as Word;
      const b = all[j] as Word;
      if (a.page !== b.page) continue;
      const dx = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const dy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      if (dx > 0.5 && dy > 1.5) overlaps.push(`p${a.page} "${a.text}" / "${b.text}"`);
    }
  }
  expect(overlaps).toEqual([]);
}

function expectAllLineFigures(text: string, doc: InvoiceDocument): void {
  for (const l of doc.invoice.lines) {
    if (l.kind === 'discount') continue;
    expect(text, `${l.description} amount`).toContain(groupNumber(l.amount));
    expect(text, `${l.description} quantity`).toContain(groupNumber(l.quantity));
    expect(text, `${l.description} unit price`).toContain(groupNumber(l.unit_price));
  }
}

/** Gray pixels of each page at 20 dpi. */
function raster(file: string): Buffer[] {
  const prefix = join(dir, `r-${counter++}`);
  execFileSync('pdftoppm', ['-gray', '-r', '20', file, prefix]);
  const pages: Buffer[] = [];
  for (let p = 1; ; p++) {
    let pgm: Buffer;
    try {
      pgm = readFileSync(`${prefix}-${p}.pgm`);
    } catch {
      break;
    }
    // P5 <w> <h> <max>\n then the pixels
    const header = /^P5\s+\d+\s+\d+\s+\d+\s/.exec(pgm.subarray(0, 40).toString('latin1'));
    pages.push(pgm.subarray(header?.[0].length ?? 0));
  }
  return pages;
}

describe('a normal one-page invoice', () => {
  it('prints every figure, date and fact, and stays small', async () => {
    const doc = shortInvoice();
    const r = await render(doc);
    const text = squeeze(r.text);

    expect(r.pages).toHaveLength(1);
    expect(r.bytes.length).toBeLessThan(60 * 1024);
    expect(text).toContain('INVOICE');
    expect(text).not.toMatch(/DRAFT/);
    expect(text).toContain('Northwind Analytics Ltd.');
    expect(text).toContain('120 Harbour Street, Suite 400');
    expect(text).toContain('Invoice number INV-2026-000123');
    expect(text).toContain('Issue date 1 Nov 2026');
    expect(text).toContain('Due date 1 Dec 2026 (Net 30)');
    expect(text).toContain('Billing period October 2026');
    expect(text).toContain('PO number PO-7788');
    expect(text).toContain('Agreement AG-1001');
    expect(text).toContain('Account ACME');
    for (const billTo of ['Acme Corp', 'Attn: Accounts Payable', '1 Main Street', 'Springfield, IL 62701', 'United States']) expect(text).toContain(billTo);
    expect(text).toContain('USD 5,735.78 due 1 Dec 2026');

    expect(text).toMatch(/Description Qty Unit price Amount \(USD\)/);
    expect(text).toContain('Platform fee 1 2,500.00 2,500.00');
    expect(text).toContain('API calls 1,234,567 0.001 1,234.57');
    expect(text).toContain('Professional services – architect 12.25 220.00 2,695.00');
    expect(text).toContain('Tier 2: 100,000 – 1,000,000 calls');
    expect(text).toContain('17 of 31 days, 15–31 Oct 2026');
    expectAllLineFigures(text, doc);

    // Groups in the order of the spec, each once.
    const order = ['SUBSCRIPTIONS', 'USAGE', 'PROFESSIONAL SERVICES & SUPPORT', 'ONE-TIME'].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toContain('MINIMUM COMMITMENT');
    expect(text).not.toContain('ADJUSTMENTS');

    // Totals exactly as stored, with the currency; discount and deposit as negatives.
    expect(text).toContain('Subtotal USD 11,019.53');
    expect(text).toContain('Discount 10% USD −1,101.95');
    expect(text).toContain('Tax USD 818.20');
    expect(text).toContain('Total USD 10,735.78');
    expect(text).toContain('Deposit applied USD −5,000.00');
    expect(text).toContain('Amount due USD 5,735.78');
    // The discount is a totals row, not a table line that would break the column's sum.
    expect(text).not.toContain('Discount 10% 1');

    expect(text).toContain('IBAN GB29 NWBK 6016 1331 9268 19');
    expect(text).toContain('Please quote INV-2026-000123 with your payment.');
    expect(text).toContain('Registered in England and Wales');
    expect(text).toContain('Page 1 of 1');
    expectCleanLayout(r.file);
  });

  it('sets the document metadata from the invoice, deterministically', async () => {
    const doc = shortInvoice();
    const a = await renderInvoicePdf(doc, sampleBranding(), fonts);
    const b = await renderInvoicePdf(doc, sampleBranding(), fonts);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);

    const pdf = await PDFDocument.load(a, { updateMetadata: false });
    expect(pdf.getTitle()).toBe('Invoice INV-2026-000123 – Acme Corp');
    expect(pdf.getAuthor()).toBe('Northwind Analytics Ltd.');
    expect(pdf.getCreator()).toBe('Northwind Analytics Ltd.');
    expect(pdf.getSubject()).toContain('October 2026');
    expect(pdf.getProducer()).toBe('Billing Reviewer (pdf-lib)');
    expect(pdf.getCreationDate()?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(pdf.getModificationDate()?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    const page = pdf.getPage(0);
    expect([Math.round(page.getWidth()), Math.round(page.getHeight())]).toEqual([595, 842]);
  });

  it('embeds subset DejaVu fonts and the logo', async () => {
    const r = await render(shortInvoice());
    const fontList = execFileSync('pdffonts', [r.file], { encoding: 'utf8' });
    expect(fontList).toMatch(/DJVSNR\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fontList).toMatch(/DJVSNB\+DejaVuSans-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    const images = execFileSync('pdfimages', ['-list', r.file], { encoding: 'utf8' });
    expect(images).toMatch(/\s96\s+96\s+rgb/);

    const withoutLogo = await renderInvoicePdf(shortInvoice(), sampleBranding(false), fonts);
    expect(withoutLogo.length).toBeLessThan(r.bytes.length);
  });

  it('renders the same bytes when many PDFs share the fonts concurrently', async () => {
    const docs = [shortInvoice(), jpyInvoice(), creditNote(), longInvoice()];
    const sequential: Uint8Array[] = [];
    for (const d of docs) sequential.push(await renderInvoicePdf(d, sampleBranding(), fonts));
    const concurrent = await Promise.all(docs.map((d) => renderInvoicePdf(d, sampleBranding(), fonts)));
    concurrent.forEach((bytes, i) => expect(Buffer.from(bytes).equals(Buffer.from(sequential[i] as Uint8Array))).toBe(true));
  });
});

describe('a long invoice', () => {
  it('paginates: the table header on every page, totals on the last, "Page n of N" everywhere', async () => {
    const doc = longInvoice();
    expect(doc.invoice.lines.length).toBeGreaterThanOrEqual(85);
    const r = await render(doc, sampleBranding(false));
    expect(r.pages).toHaveLength(3);
    r.pages.forEach((page, i) => {
      const text = squeeze(page);
      expect(text).toContain(`Page ${i + 1} of 3`);
      expect(text).toMatch(/Description Qty Unit price Amount \(EUR\)/);
      expect(text.includes('Amount due'), `totals on page ${i + 1}`).toBe(i === 2);
      if (i > 0) expect(text).toContain('Draft invoice · October 2026');
      if (i < 2) expect(text).toContain('Continued on next page');
    });
    const text = squeeze(r.text);
    expectAllLineFigures(text, doc);
    expect(text).toContain('Subtotal EUR 380,469.33');
    expect(text).toContain('Amount due EUR 452,758.50');
    // A long description wraps instead of running into the numbers.
    expect(text).toContain('cross-zone traffic billed under the shared network');
    expect(text).toContain('ADJUSTMENTS');
    expect(text).toContain('Goodwill credit for the 14 Oct incident 1 −250.00 −250.00');
    expectCleanLayout(r.file);
  });

  it('marks every page of a draft with a watermark', async () => {
    const draft = longInvoice();
    const final = { ...draft, draft: false };
    const a = await render(draft, sampleBranding(false));
    const b = await render(final, sampleBranding(false));
    expect(a.pages[0]).toMatch(/INVOICE[^\n]*\n[^\n]*DRAFT/);
    expect(squeeze(a.text)).toContain('Invoice number Draft – not yet issued');
    const pa = raster(a.file);
    const pb = raster(b.file);
    expect(pa).toHaveLength(3);
    pa.forEach((pixels, page) => {
      const other = pb[page] as Buffer;
      let differing = 0;
      for (let i = 0; i < pixels.length; i++) if (pixels[i] !== other[i]) differing++;
      expect(differing, `watermark on page ${page + 1}`).toBeGreaterThan(500);
    });
  });

  it('never leaves a group heading alone at the bottom of a page', async () => {
    // Move the hours group's heading around the page break by varying the line count.
    for (const count of [22, 23, 24, 25, 26]) {
      const r = await render({ ...longInvoice(count, 0, 0), draft: false }, sampleBranding(false));
      r.pages.forEach((page) => {
        const rows = page.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Continued on next page|Page \d+ of \d+|Northwind Analytics Ltd\. ·/.test(l));
        expect(rows.at(-1)).not.toMatch(/^[A-Z &-]+$/);
      });
    }
  });
});

describe('currencies and signs', () => {
  it('prints yen without decimals', async () => {
    const doc = jpyInvoice();
    const r = await render(doc);
    const text = squeeze(r.text);
    expectAllLineFigures(text, doc);
    expect(text).toContain('Platform fee 1 350,000 350,000');
    expect(text).toContain('API calls 1,250,000 0.2 250,000');
    expect(text).toContain('MINIMUM COMMITMENT');
    expect(text).toContain('Subtotal JPY 1,000,000');
    expect(text).toContain('Discount 5% JPY −50,000');
    expect(text).toContain('Tax JPY 95,000');
    expect(text).toContain('Amount due JPY 1,045,000');
    expect(text).not.toMatch(/JPY −?[\d,]+\./);
    expect(text).toContain('Due date 30 Nov 2026 (Net 29)');
    expect(text).toContain('PO number 4500012345');
    expectCleanLayout(r.file);
  });

  it('prints a credit note with its negative amounts and the invoice it corrects', async () => {
    const doc = creditNote();
    const r = await render(doc);
    const text = squeeze(r.text);
    expect(text).toContain('CREDIT NOTE');
    expect(text).toContain('Credit note number CN-2026-000007');
    expect(text).toContain('Corrects invoice INV-2026-000123');
    expect(text).not.toContain('Due date');
    expect(text).toContain('Platform fee – reversal of October 1 −2,500.00 −2,500.00');
    expect(text).toContain('API calls – billed twice −900,000 0.002 −1,800.00');
    expect(text).toContain('Subtotal EUR −4,300.00');
    expect(text).toContain('Tax EUR −860.00');
    expect(text).toContain('Total EUR −5,160.00');
    expect(text).toContain('Amount credited EUR −5,160.00');
    expect(text).toContain('This credit note corrects invoice INV-2026-000123.');
    expect(text).not.toContain('IBAN');
    const pdf = await PDFDocument.load(r.bytes, { updateMetadata: false });
    expect(pdf.getTitle()).toBe('Credit note CN-2026-000007 – Ωmega Systems');
    expectCleanLayout(r.file);
  });

  it('prints Latin, Greek and Cyrillic names exactly', async () => {
    const r = await render(creditNote());
    expect(r.text).toContain(UNICODE_NAME);
    expect(r.text).toContain('ul. Żółkiewskiego 12/4');
    const fallback = await render({ ...shortInvoice(), bill_to: null, account_name: 'Ärzte & Søn – Ελληνικά Русский ŁÓDŹ' });
    expect(fallback.text).toContain('Ärzte & Søn – Ελληνικά Русский ŁÓDŹ');
    expect(fallback.text).not.toContain('Acme Corp\n');
  });
});

describe('hostile and unusual input', () => {
  it('prints an invoice without lines', async () => {
    const doc = { ...shortInvoice(), invoice: { ...shortInvoice().invoice, ...withTotals([], { currency: 'USD' }) } };
    const r = await render(doc);
    const text = squeeze(r.text);
    expect(text).toContain('No charges in this period.');
    expect(text).toContain('Amount due USD 0.00');
    expect(text).not.toContain('Discount');
    expect(text).not.toContain('Deposit applied');
  });

  it('survives a broken logo, a bad colour, control characters and text far too long for its place', async () => {
    const longWord = 'X'.repeat(400);
    const lines = [
      line('usage', `Metered usage ${longWord} with\ttabs\u0000and\u0007bells`, '123456789012.123456', '0.000001', '123456.79', 'detail\r\nwith a CRLF'),
      line('recurring', 'A plan '.repeat(60), '1', '99999999999.99', '99999999999.99'),
      line('adjustment', '', '', '', '0.00'),
    ];
    const doc: InvoiceDocument = {
      ...shortInvoice(),
      invoice: { ...shortInvoice().invoice, account_id: 'A'.repeat(200), agreement_id: 'AG/../../x', ...withTotals(lines, { currency: 'USD', taxRate: '0.2' }) },
      account_name: 'N'.repeat(300),
      bill_to: `${'B'.repeat(300)}\n\n\nline 2\u202Eevil`,
      po_number: 'P'.repeat(200),
    };
    const branding: Branding = {
      ...sampleBranding(),
      company_name: 'C'.repeat(300),
      logo: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5, 6, 7, 8]),
      accent_color: 'not a colour',
      payment_instructions: 'Pay '.repeat(400),
      footer: 'F'.repeat(1000),
    };
    const r = await render(doc, branding);
    const text = squeeze(r.text);
    expect(text).toContain('123,456.79');
    expect(text).toContain('99,999,999,999.99');
    expect(text).toContain('Metered usage');
    expect(text).not.toContain('\u0000');
    expect(text).not.toContain('\u0007');
    expectCleanLayout(r.file);
  });
});
