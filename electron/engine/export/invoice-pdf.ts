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
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { CustomFontSubsetEmbedder, JpegEmbedder, PDFDocument, PDFFont, PDFImage, PDFName, PngEmbedder, type PDFContext, type PDFPage, type PDFRawStream, type PDFRef } from 'pdf-lib';
import { taxIdLabel, taxRowLabel } from '../../../shared/invoice-labels';
import type { FontChain, TextMeasure } from './font-chain';
import { addressLines, formatDate, formatPeriod, groupNumber, isZeroAmount, moneyText, negated, paymentTerms, singleLine, textLines } from './format';
import type { PdfFonts } from './pdf-fonts';
import type { Branding, InvoiceDocument, InvoiceLineDocument } from './types';

export { loadPdfFonts, type PdfFonts, type TextMeasure } from './pdf-fonts';

// ---------------------------------------------------------------------------
// Geometry and palette (points; A4 portrait)

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MX = 50;
const RIGHT = PAGE_W - MX;
const TOP = PAGE_H - 48;
/** Nothing but the footer goes below this line. */
const CONTENT_BOTTOM = 56;
const FOOTER_RULE_Y = 44;
const FOOTER_TEXT_Y = 31;
/** Left edge of the right-hand column (facts, totals). */
const COL2_X = 320;

const TABLE = {
  descX: MX + 8,
  qtyRight: 346,
  unitRight: 436,
  amountRight: RIGHT - 8,
  headerH: 22,
  size: 9,
  lineH: 11.5,
  detailSize: 7.5,
  detailLineH: 9.5,
  padTop: 4,
  padBottom: 4.5,
  detailGap: 10,
  groupH: 18,
} as const;
const FACT_LINE_H = 13.5;
const TOTALS = { rowH: 14.5, ruleGap: 6, bandGap: 7, bandH: 27 } as const;
const DESC_WIDTH = TABLE.qtyRight - 62 - TABLE.descX;

/** A colour as the three DeviceRGB operands of rg / RG, e.g. "0.067 0.094 0.153". */
type Color = string;

function rgbHex(hex: string, mixWithWhite = 1): Color | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) return null;
  const v = Number.parseInt(m[1], 16);
  const channel = (c: number): string => String(Math.round(((255 - (255 - c) * mixWithWhite) / 255) * 1000) / 1000);
  return `${channel((v >> 16) & 255)} ${channel((v >> 8) & 255)} ${channel(v & 255)}`;
}

const INK = rgbHex('#111827') as Color;
const TEXT = rgbHex('#374151') as Color;
const MUTED = rgbHex('#6B7280') as Color;
const FAINT = rgbHex('#9CA3AF') as Color;
const RULE = rgbHex('#E5E7EB') as Color;
const BAND = rgbHex('#F3F4F6') as Color;
const DEFAULT_ACCENT = '#2563EB';

const GROUPS: readonly { title: string; kinds: readonly string[] }[] = [
  { title: 'Subscriptions', kinds: ['recurring'] },
  { title: 'Usage', kinds: ['usage'] },
  { title: 'Professional services & support', kinds: ['hours'] },
  { title: 'One-time', kinds: ['one_time'] },
  { title: 'Minimum commitment', kinds: ['minimum'] },
  { title: 'Adjustments', kinds: ['adjustment'] },
];


// ---------------------------------------------------------------------------
// Text measuring and wrapping

/** A font of a chain as embedded in this document, under its resource name. */
interface EmbeddedFont {
  name: string;
  pdf: PDFFont;
}

/**
 * A weight (regular or bold) of this document: its font chain, the width of
 * text in it, and the chain's fonts as embedded here (each on first use, so a
 * fallback font no text needs is never embedded).
 */
interface Face {
  chain: FontChain;
  width: TextMeasure;
  font(index: number): EmbeddedFont;
}

/** One run of a string in one font, as the hex glyph string a Tj shows. */
interface ShownRun {
  font: EmbeddedFont;
  hex: string;
}

interface Fonts {
  regular: Face;
  bold: Face;
}

type Align = 'left' | 'right' | 'center';

interface TextStyle {
  font: Face;
  size: number;
  color: Color;
}

function widthOf(style: Pick<TextStyle, 'font' | 'size'>, text: string): number {
  return style.font.width(text, style.size);
}

/** Cuts text to fit maxWidth, ending in an ellipsis. */
function truncate(text: string, font: Face, size: number, maxWidth: number): string {
  if (font.width(text, size) <= maxWidth) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (font.width(`${chars.slice(0, mid).join('').trimEnd()}…`, size) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/**
 * The largest size (down to minSize: a fifth smaller, or 5 pt for figures) at
 * which text fits maxWidth; the text is cut, visibly, only if even that is too wide.
 */
function fitText(text: string, font: Face, size: number, maxWidth: number, minSize = Math.max(6, size * 0.8)): { text: string; size: number } {
  const width = font.width(text, size);
  if (width <= maxWidth) return { text, size };
  const fitted = Math.max(minSize, Math.floor(((size * maxWidth) / width) * 10) / 10);
  return { text: truncate(text, font, fitted, maxWidth), size: fitted };
}

/** Characters a line must not start with: closing marks and brackets, the prolonged sound mark and small kana. */
const NO_LINE_START = /[)\]}.,;:!?%、。，．・：；？！ー～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ）」』】〕〉》〗〙〛”’]/u;
/** Characters a line must not end with: opening brackets. */
const NO_LINE_END = /[(\[{（「『【〔〈《〖〘〚“‘]/u;

/** Breaks text into lines of at most maxWidth (words longer than a line are split). */
function wrap(text: string, font: Face, size: number, maxWidth: number): string[] {
  const out: string[] = [];
  for (const paragraph of textLines(text)) {
    if (font.width(paragraph, size) <= maxWidth) {
      out.push(paragraph);
      continue;
    }
    const space = font.width(' ', size);
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(' ')) {
      if (word === '') continue;
      const w = font.width(word, size);
      if (line !== '' && lineWidth + space + w <= maxWidth) {
        line += ` ${word}`;
        lineWidth += space + w;
        continue;
      }
      if (line !== '') out.push(line);
      if (w <= maxWidth) {
        line = word;
        lineWidth = w;
        continue;
      }
      // A word wider than the line (an id, a URL, or Chinese / Japanese text, which has no spaces): split it by characters,
      // keeping the CJK line-breaking rules: a closing mark or small kana never starts a line, an opening bracket never ends one.
      let piece = '';
      for (const ch of Array.from(word)) {
        if (piece !== '' && font.width(piece + ch, size) > maxWidth) {
          const chars = Array.from(piece);
          const last = chars[chars.length - 1] ?? '';
          if (chars.length > 1 && (NO_LINE_START.test(ch) || NO_LINE_END.test(last))) {
            chars.pop();
            out.push(chars.join(''));
            piece = last;
          } else {
            out.push(piece);
            piece = '';
          }
        }
        piece += ch;
      }
      line = piece;
      lineWidth = font.width(piece, size);
    }
    if (line !== '') out.push(line);
  }
  return out;
}

/** At most max lines; when text had to be cut, the last line ends in an ellipsis. */
function capLines(lines: string[], max: number, font: Face, size: number, maxWidth: number): string[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = truncate(`${kept[max - 1] ?? ''} …`, font, size, maxWidth);
  return kept;
}

/** Bounds that keep any one block well inside a page, whatever the input. */
const MAX_DESC_LINES = 24;
const MAX_DETAIL_LINES = 8;
const MAX_PAYMENT_LINES = 10;

// ---------------------------------------------------------------------------
// The document

interface PreparedRow {
  kind: 'row';
  desc: string[];
  detail: string[];
  qty: string;
  unit: string;
  amount: string;
  height: number;
}

interface PreparedGroup {
  kind: 'group';
  title: string;
  height: number;
}

type TableItem = PreparedRow | PreparedGroup;

interface TotalsRow {
  label: string;
  value: string;
  strong?: boolean;
  ruleAbove?: boolean;
}

/** A number operand: two decimals are plenty for points and keep the stream short. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Resource names, the same on every page (fallback fonts: F1c1, F1c2, … and F2c1, …). */
const RES = { regular: 'F1', bold: 'F2', logo: 'Im1', watermark: 'GS1' } as const;

/**
 * One page's content stream, written directly as PDF operators. (pdf-lib's
 * drawText builds an operator object per operand and registers a new font
 * resource on every call.) Fill and stroke colour, font and line width are
 * graphics state that persists across BT/ET, so each is set only when it
 * changes; rectangles, images and the watermark sit inside q/Q so they never
 * disturb what is tracked.
 */
class PageCanvas {
  private readonly ops: string[] = [];
  private fill: Color | null = null;
  private stroke: Color | null = null;
  private font: string | null = null;
  private size = 0;
  private lineWidth = -1;
  /** fonts already in this page's resources */
  private readonly fonts = new Set<string>();

  constructor(readonly page: PDFPage) {}

  private useFont(font: EmbeddedFont): void {
    if (this.fonts.has(font.name)) return;
    this.page.node.setFontDictionary(PDFName.of(font.name), font.pdf.ref);
    this.fonts.add(font.name);
  }

  /** Text in one or more runs: each run's Tj moves on by its glyphs' widths, so the next run starts where it ends. */
  text(runs: readonly ShownRun[], size: number, color: Color, x: number, y: number): void {
    let op = 'BT ';
    if (this.fill !== color) {
      op += `${color} rg `;
      this.fill = color;
    }
    runs.forEach((run, i) => {
      this.useFont(run.font);
      if (this.font !== run.font.name || this.size !== size) {
        op += `/${run.font.name} ${num(size)} Tf `;
        this.font = run.font.name;
        this.size = size;
      }
      op += i === 0 ? `${num(x)} ${num(y)} Td ${run.hex} Tj` : ` ${run.hex} Tj`;
      if (i < runs.length - 1) op += ' ';
    });
    this.ops.push(`${op} ET`);
  }

  hline(x1: number, x2: number, y: number, thickness: number, color: Color): void {
    let op = '';
    if (this.stroke !== color) {
      op += `${color} RG `;
      this.stroke = color;
    }
    if (this.lineWidth !== thickness) {
      op += `${num(thickness)} w `;
      this.lineWidth = thickness;
    }
    this.ops.push(`${op}${num(x1)} ${num(y)} m ${num(x2)} ${num(y)} l S`);
  }

  rect(x: number, y: number, width: number, height: number, color: Color): void {
    this.ops.push(`q ${color} rg ${num(x)} ${num(y)} ${num(width)} ${num(height)} re f Q`);
  }

  image(name: string, x: number, y: number, width: number, height: number): void {
    this.ops.push(`q ${num(width)} 0 0 ${num(height)} ${num(x)} ${num(y)} cm /${name} Do Q`);
  }

  /** Text in one font rotated by angle (radians) about its origin, through an ExtGState (e.g. for opacity). */
  rotatedText(run: ShownRun, size: number, color: Color, x: number, y: number, angle: number, gs: string): void {
    this.useFont(run.font);
    const c = Math.round(Math.cos(angle) * 10000) / 10000;
    const s = Math.round(Math.sin(angle) * 10000) / 10000;
    this.ops.push(`q /${gs} gs ${color} rg BT /${run.font.name} ${num(size)} Tf ${c} ${s} ${-s} ${c} ${num(x)} ${num(y)} Tm ${run.hex} Tj ET Q`);
  }

  /** The finished content stream, compressed, attached to the page. */
  finish(context: PDFContext): void {
    const ref = context.register(context.flateStream(this.ops.join('\n')));
    this.page.node.addContentStream(ref);
  }
}

class InvoicePainter {
  private canvas!: PageCanvas;
  private readonly canvases: PageCanvas[] = [];
  private readonly accent: Color;
  private readonly accentHex: string;
  private readonly isCredit: boolean;
  private readonly number: string | null;
  /** The watermark's transparency, shared by every page of a draft. */
  private watermarkState: PDFRef | null = null;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly doc: InvoiceDocument,
    private readonly branding: Branding,
    private readonly fonts: Fonts,
    private readonly logo: PDFImage | null,
  ) {
    const accent = rgbHex(branding.accent_color);
    this.accent = accent ?? (rgbHex(DEFAULT_ACCENT) as Color);
    this.accentHex = accent ? branding.accent_color : DEFAULT_ACCENT;
    this.isCredit = doc.invoice.document_type === 'credit_note';
    this.number = singleLine(doc.invoice.invoice_number) || null;
  }

  // -- primitives ----------------------------------------------------------

  /** The runs of text in a face's chain, each encoded in its own font. */
  private shown(text: string, face: Face): ShownRun[] {
    return face.chain.runs(text).map((run) => {
      const font = face.font(run.font);
      return { font, hex: font.pdf.encodeText(run.text).toString() };
    });
  }

  private text(text: string, x: number, y: number, style: TextStyle, align: Align = 'left'): void {
    if (text === '') return;
    let left = x;
    if (align !== 'left') {
      const w = widthOf(style, text);
      left = align === 'right' ? x - w : x - w / 2;
    }
    this.canvas.text(this.shown(text, style.font), style.size, style.color, left, y);
  }

  /** Text that must fit maxWidth: shrunk a little first, then cut with an ellipsis. */
  private fitted(text: string, x: number, y: number, style: TextStyle, maxWidth: number, align: Align = 'left'): void {
    const fit = fitText(text, style.font, style.size, maxWidth);
    this.text(fit.text, x, y, { ...style, size: fit.size }, align);
  }

  /** A figure in a table column: shrunk as far as needed to print it whole (cut only if absurdly long). */
  private figure(text: string, right: number, y: number, style: TextStyle, maxWidth: number): void {
    const fit = fitText(text, style.font, style.size, maxWidth, 5);
    this.text(fit.text, right, y, { ...style, size: fit.size }, 'right');
  }

  private hline(x1: number, x2: number, y: number, thickness: number, color: Color): void {
    this.canvas.hline(x1, x2, y, thickness, color);
  }

  private style(font: 'regular' | 'bold', size: number, color: Color): TextStyle {
    return { font: this.fonts[font], size, color };
  }

  private get taxLabel(): string {
    return singleLine(this.branding.tax_label) || 'Tax';
  }

  /** "Tax ID", "VAT ID": under the tax label the invoice uses. */
  private get taxIdLabel(): string {
    return taxIdLabel(this.taxLabel);
  }

  private get title(): string {
    return this.isCredit ? 'CREDIT NOTE' : 'INVOICE';
  }

  private get docWord(): string {
    return this.isCredit ? 'Credit note' : 'Invoice';
  }

  private newPage(): void {
    const page = this.pdf.addPage([PAGE_W, PAGE_H]);
    this.canvas = new PageCanvas(page);
    this.canvases.push(this.canvas);
  }

  // -- page 1 header -------------------------------------------------------

  /** Company, title, rule, bill-to and facts; returns where the table starts. */
  private firstPageHeader(): number {
    const { doc, branding } = this;
    // Left: logo, company name, address.
    // The logo (at most 40 pt high) sits left of the company name, both on the first line.
    let left = TOP;
    let nameX = MX;
    let nameY = TOP - 15 * 0.76;
    if (this.logo) {
      const scale = Math.min(40 / this.logo.height, 150 / this.logo.width);
      const w = this.logo.width * scale;
      const h = this.logo.height * scale;
      this.canvas.page.node.setXObject(PDFName.of(RES.logo), this.logo.ref);
      this.canvas.image(RES.logo, MX, TOP - h, w, h);
      nameX = MX + w + 10;
      nameY = TOP - h / 2 - 5;
      left = TOP - h - 4;
    } else {
      left = nameY - 4;
    }
    // The name may run on towards the document title on its right (the number sits below the title, clear of the name).
    const titleLeft = RIGHT - widthOf(this.style('bold', 22, INK), this.title);
    this.fitted(singleLine(branding.company_name), nameX, nameY, this.style('bold', 14, INK), titleLeft - 24 - nameX);
    const addressStyle = this.style('regular', 8.5, MUTED);
    const sellerTaxId = singleLine(branding.tax_id);
    const sellerLines = [...addressLines(branding.company_address).slice(0, 6), ...(sellerTaxId ? [`${this.taxIdLabel}: ${sellerTaxId}`] : [])];
    for (const line of sellerLines) {
      left -= 11;
      this.fitted(line, MX, left, addressStyle, COL2_X - MX - 20);
    }

    // Right: document title and number.
    let right = TOP - 20;
    this.text(this.title, RIGHT, right, this.style('bold', 22, INK), 'right');
    right -= 17;
    if (this.number) this.fitted(this.number, RIGHT, right, this.style('regular', 10.5, TEXT), RIGHT - COL2_X, 'right');
    else this.text('DRAFT', RIGHT, right, this.style('bold', 10.5, this.accent), 'right');
    right -= 4;

    const ruleY = Math.min(left, right) - 15;
    this.hline(MX, RIGHT, ruleY, 1.5, this.accent);

    // Left column: bill to, then the headline amount.
    let y = ruleY - 22;
    this.text('BILL TO', MX, y, this.style('bold', 7.5, MUTED));
    y -= 15;
    const billTo = addressLines(doc.bill_to);
    const billLines = billTo.length > 0 ? billTo : [singleLine(doc.account_name) || singleLine(doc.invoice.account_id)];
    // A name or address line too long for the column wraps onto a second line (cut only after that), so it prints as written.
    const billWidth = COL2_X - MX - 24;
    billLines.slice(0, 8).forEach((line, i) => {
      const style = i === 0 ? this.style('bold', 10, INK) : this.style('regular', 9, TEXT);
      const parts = capLines(wrap(line, style.font, style.size, billWidth), 2, style.font, style.size, billWidth);
      parts.forEach((part, j) => {
        if (i > 0 || j > 0) y -= 12.5;
        this.fitted(part, MX, y, style, billWidth);
      });
    });
    const customerTaxId = singleLine(doc.tax_id);
    if (customerTaxId) {
      y -= 12.5;
      this.fitted(`${this.taxIdLabel}: ${customerTaxId}`, MX, y, this.style('regular', 9, TEXT), COL2_X - MX - 24);
    }
    y -= 25;
    const due = moneyText(doc.invoice.amount_due, doc.invoice.currency);
    // A credit note's headline says what is credited, without a sign ("USD 240.55 credited"); its totals keep the stored negatives.
    const headline = this.isCredit
      ? `${moneyText(doc.invoice.amount_due.trim().replace(/^-/, ''), doc.invoice.currency)} credited`
      : `${due} due ${formatDate(doc.due_date)}`;
    this.fitted(headline, MX, y, this.style('bold', 13.5, INK), COL2_X - MX - 20);
    y -= 4;
    const leftBottom = y;

    // Right column: the facts.
    let fy = ruleY - 22;
    const labelStyle = this.style('regular', 8.5, MUTED);
    const valueStyle = this.style('regular', 8.5, INK);
    for (const [label, value] of this.facts()) {
      this.text(label, COL2_X, fy, labelStyle);
      const labelW = widthOf(labelStyle, label);
      this.fitted(value, RIGHT, fy, valueStyle, RIGHT - COL2_X - labelW - 12, 'right');
      fy -= FACT_LINE_H;
    }
    const rightBottom = fy + FACT_LINE_H - 4;

    return Math.min(leftBottom, rightBottom) - 20;
  }

  private facts(): [string, string][] {
    const { doc } = this;
    const inv = doc.invoice;
    const rows: [string, string][] = [];
    rows.push([`${this.docWord} number`, this.number ?? 'Draft – not yet issued']);
    if (this.isCredit && singleLine(inv.credits_invoice_number)) rows.push(['Corrects invoice', singleLine(inv.credits_invoice_number)]);
    rows.push(['Issue date', formatDate(doc.issue_date)]);
    if (!this.isCredit) rows.push(['Due date', `${formatDate(doc.due_date)} (${paymentTerms(doc.payment_terms_days)})`]);
    rows.push(['Billing period', formatPeriod(inv.period)]);
    if (singleLine(doc.po_number)) rows.push(['PO number', singleLine(doc.po_number)]);
    rows.push(['Agreement', singleLine(inv.agreement_id)]);
    rows.push(['Account', singleLine(inv.account_id)]);
    return rows;
  }

  // -- continuation header and footer --------------------------------------

  private continuationHeader(): number {
    const y = TOP - 10;
    this.fitted(singleLine(this.branding.company_name), MX, y, this.style('bold', 10, INK), 240);
    const ref = `${this.number ? `${this.docWord} ${this.number}` : `Draft ${this.docWord.toLowerCase()}`} · ${formatPeriod(this.doc.invoice.period)}`;
    this.fitted(ref, RIGHT, y, this.style('regular', 9, MUTED), RIGHT - MX - 260, 'right');
    this.hline(MX, RIGHT, y - 12, 1, this.accent);
    return y - 30;
  }

  private footers(): void {
    const total = this.canvases.length;
    const footerLines = textLines(this.branding.footer).slice(0, 2);
    const style = this.style('regular', 7.5, FAINT);
    this.canvases.forEach((canvas, i) => {
      this.canvas = canvas;
      this.hline(MX, RIGHT, FOOTER_RULE_Y, 0.5, RULE);
      const pageLabel = `Page ${i + 1} of ${total}`;
      const labelStyle = this.style('regular', 7.5, MUTED);
      this.text(pageLabel, RIGHT, FOOTER_TEXT_Y, labelStyle, 'right');
      const maxW = RIGHT - MX - widthOf(labelStyle, pageLabel) - 24;
      footerLines.forEach((line, n) => this.fitted(line, MX, FOOTER_TEXT_Y - n * 9.5, style, maxW));
      if (i < total - 1) this.text('Continued on next page', RIGHT, FOOTER_RULE_Y + 5, this.style('regular', 7, FAINT), 'right');
      if (this.doc.draft) this.watermark();
    });
  }

  private watermark(): void {
    const style = this.style('bold', 120, this.accent);
    const text = 'DRAFT';
    const angle = 38;
    const w = widthOf(style, text);
    const h = 120 * 0.72;
    const rad = (angle * Math.PI) / 180;
    const cx = PAGE_W / 2;
    const cy = PAGE_H / 2;
    const x = cx - (w / 2) * Math.cos(rad) + (h / 2) * Math.sin(rad);
    const y = cy - (w / 2) * Math.sin(rad) - (h / 2) * Math.cos(rad);
    this.watermarkState ??= this.pdf.context.register(this.pdf.context.obj({ Type: 'ExtGState', ca: 0.07, CA: 0.07 }));
    this.canvas.page.node.setExtGState(PDFName.of(RES.watermark), this.watermarkState);
    const [run] = this.shown(text, style.font);
    if (run) this.canvas.rotatedText(run, style.size, this.accent, x, y, rad, RES.watermark);
  }

  // -- the lines table -----------------------------------------------------

  private prepareTable(): TableItem[] {
    const items: TableItem[] = [];
    const lines = this.doc.invoice.lines.filter((l) => l.kind !== 'discount');
    const known = new Set(GROUPS.flatMap((g) => g.kinds));
    for (const group of GROUPS) {
      const members = lines.filter((l) => group.kinds.includes(l.kind) || (group.title === 'Adjustments' && !known.has(l.kind)));
      if (members.length === 0) continue;
      items.push({ kind: 'group', title: group.title, height: TABLE.groupH });
      for (const line of members) items.push(this.prepareRow(line));
    }
    return items;
  }

  private prepareRow(line: InvoiceLineDocument): PreparedRow {
    const desc = capLines(wrap(line.description || line.code, this.fonts.regular, TABLE.size, DESC_WIDTH), MAX_DESC_LINES, this.fonts.regular, TABLE.size, DESC_WIDTH);
    if (desc.length === 0) desc.push('');
    const detail = line.detail ? capLines(wrap(line.detail, this.fonts.regular, TABLE.detailSize, DESC_WIDTH), MAX_DETAIL_LINES, this.fonts.regular, TABLE.detailSize, DESC_WIDTH) : [];
    const height =
      TABLE.padTop + 7 + (desc.length - 1) * TABLE.lineH + (detail.length > 0 ? TABLE.detailGap + (detail.length - 1) * TABLE.detailLineH : 0) + 2.5 + TABLE.padBottom;
    return { kind: 'row', desc, detail, qty: line.proration ?? groupNumber(line.quantity), unit: groupNumber(line.unit_price), amount: groupNumber(line.amount), height };
  }

  private tableHeader(top: number): number {
    this.canvas.rect(MX, top - TABLE.headerH, RIGHT - MX, TABLE.headerH, BAND);
    const y = top - 14;
    const style = this.style('bold', 8, TEXT);
    this.text('Description', TABLE.descX, y, style);
    this.text('Qty', TABLE.qtyRight, y, style, 'right');
    this.text('Unit price', TABLE.unitRight, y, style, 'right');
    this.fitted(`Amount (${singleLine(this.doc.invoice.currency)})`, TABLE.amountRight, y, style, 90, 'right');
    return top - TABLE.headerH;
  }

  private drawGroup(item: PreparedGroup, top: number): void {
    this.text(item.title.toUpperCase(), TABLE.descX, top - 13, this.style('bold', 7.5, this.accent));
  }

  private drawRow(row: PreparedRow, top: number): void {
    const main = this.style('regular', TABLE.size, INK);
    let y = top - TABLE.padTop - 7;
    this.figure(row.qty, TABLE.qtyRight, y, main, TABLE.qtyRight - (TABLE.descX + DESC_WIDTH) - 8);
    this.figure(row.unit, TABLE.unitRight, y, main, TABLE.unitRight - TABLE.qtyRight - 10);
    this.figure(row.amount, TABLE.amountRight, y, main, TABLE.amountRight - TABLE.unitRight - 10);
    row.desc.forEach((line, i) => {
      if (i > 0) y -= TABLE.lineH;
      this.text(line, TABLE.descX, y, main);
    });
    const detailStyle = this.style('regular', TABLE.detailSize, MUTED);
    row.detail.forEach((line, i) => {
      y -= i === 0 ? TABLE.detailGap : TABLE.detailLineH;
      this.text(line, TABLE.descX, y, detailStyle);
    });
    this.hline(MX, RIGHT, top - row.height, 0.5, RULE);
  }

  private emptyTable(top: number): number {
    const y = top - 20;
    this.text('No charges in this period.', TABLE.descX, y, this.style('regular', TABLE.size, MUTED));
    this.hline(MX, RIGHT, top - 30, 0.5, RULE);
    return top - 30;
  }

  // -- totals ---------------------------------------------------------------

  private totalsRows(): TotalsRow[] {
    const inv = this.doc.invoice;
    const cur = inv.currency;
    const rows: TotalsRow[] = [{ label: 'Subtotal', value: moneyText(inv.subtotal, cur) }];
    if (!isZeroAmount(inv.discount)) {
      const discountLines = inv.lines.filter((l) => l.kind === 'discount');
      const label = discountLines.length === 1 && discountLines[0] ? singleLine(discountLines[0].description) || 'Discount' : 'Discount';
      rows.push({ label, value: moneyText(negated(inv.discount), cur) });
    }
    rows.push({ label: taxRowLabel(this.taxLabel, this.doc.tax_rate ?? null), value: moneyText(inv.tax, cur) });
    rows.push({ label: 'Total', value: moneyText(inv.total, cur), strong: true, ruleAbove: true });
    if (!isZeroAmount(inv.deposit_applied)) rows.push({ label: 'Deposit applied', value: moneyText(negated(inv.deposit_applied), cur) });
    return rows;
  }

  private paymentLines(): string[] {
    return capLines(this.paymentText(), MAX_PAYMENT_LINES, this.fonts.regular, 8.5, COL2_X - MX - 30);
  }

  private paymentText(): string[] {
    if (this.isCredit) {
      const credited = singleLine(this.doc.invoice.credits_invoice_number);
      const lines = [credited ? `This credit note corrects invoice ${credited}.` : 'This credit note corrects an earlier invoice.'];
      const reason = singleLine(this.doc.invoice.credit_reason);
      if (reason) lines.push(`Reason: ${reason}`);
      lines.push('The amount is credited to your account.', 'No payment is due.');
      return lines.flatMap((l) => wrap(l, this.fonts.regular, 8.5, COL2_X - MX - 30));
    }
    const lines = wrap(this.branding.payment_instructions, this.fonts.regular, 8.5, COL2_X - MX - 30);
    if (this.number) lines.push(...wrap(`Please quote ${this.number} with your payment.`, this.fonts.regular, 8.5, COL2_X - MX - 30));
    return lines;
  }

  private totalsHeight(rows: TotalsRow[], payment: string[]): number {
    const totals = rows.length * TOTALS.rowH + rows.filter((r) => r.ruleAbove).length * TOTALS.ruleGap + TOTALS.bandGap + TOTALS.bandH;
    const pay = payment.length > 0 ? 17 + payment.length * 11.5 + 3 : 0;
    return Math.max(totals, pay);
  }

  private drawTotals(rows: TotalsRow[], payment: string[], top: number): void {
    const inv = this.doc.invoice;
    let y = top;
    for (const row of rows) {
      if (row.ruleAbove) {
        this.hline(COL2_X, RIGHT, y - 3, 0.75, RULE);
        y -= TOTALS.ruleGap;
      }
      y -= 12;
      const style = this.style(row.strong ? 'bold' : 'regular', 9, row.strong ? INK : TEXT);
      const valueW = widthOf(style, row.value);
      this.fitted(row.label, COL2_X + 8, y, { ...style, color: row.strong ? INK : MUTED }, RIGHT - COL2_X - valueW - 28);
      this.figure(row.value, RIGHT - 8, y, style, RIGHT - COL2_X - 70);
      y -= TOTALS.rowH - 12;
    }
    // Amount due: the one figure the customer acts on.
    y -= TOTALS.bandGap;
    const bandH = TOTALS.bandH;
    this.canvas.rect(COL2_X, y - bandH, RIGHT - COL2_X, bandH, rgbHex(this.accentHex, 0.1) ?? BAND);
    const labelStyle = this.style('bold', 10, this.accent);
    const valueStyle = this.style('bold', 11.5, this.accent);
    const label = this.isCredit ? 'Amount credited' : 'Amount due';
    const value = moneyText(inv.amount_due, inv.currency);
    this.text(label, COL2_X + 8, y - 17.5, labelStyle);
    this.figure(value, RIGHT - 8, y - 17.5, valueStyle, RIGHT - COL2_X - widthOf(labelStyle, label) - 28);

    if (payment.length > 0) {
      let py = top - 12;
      this.text(this.isCredit ? 'NOTE' : 'PAYMENT', MX, py, this.style('bold', 7.5, MUTED));
      py -= 4;
      const style = this.style('regular', 8.5, TEXT);
      for (const line of payment) {
        py -= 11.5;
        this.text(line, MX, py, style);
      }
    }
  }

  // -- the whole document -------------------------------------------------

  render(): void {
    this.newPage();
    let y = this.tableHeader(this.firstPageHeader());
    const items = this.prepareTable();
    if (items.length === 0) y = this.emptyTable(y);
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as TableItem;
      // A group heading keeps its first line with it.
      const next = items[i + 1];
      const needed = item.kind === 'group' && next ? item.height + next.height : item.height;
      if (y - needed < CONTENT_BOTTOM) {
        this.newPage();
        y = this.tableHeader(this.continuationHeader());
      }
      if (item.kind === 'group') this.drawGroup(item, y);
      else this.drawRow(item, y);
      y -= item.height;
    }

    const rows = this.totalsRows();
    const payment = this.paymentLines();
    const height = this.totalsHeight(rows, payment);
    y -= 10;
    if (y - height < CONTENT_BOTTOM) {
      this.newPage();
      y = this.continuationHeader() - 4;
    }
    this.drawTotals(rows, payment, y);
    this.footers();
    for (const canvas of this.canvases) canvas.finish(this.pdf.context);
  }
}

type ImageEmbedder = Parameters<typeof PDFImage.of>[2];

/**
 * Decoded logos by content, so a batch decodes (and, through the deflate
 * cache, compresses) the company logo once rather than once per PDF.
 */
const logoEmbedders = new Map<string, Promise<ImageEmbedder | null>>();
const LOGO_CACHE_SIZE = 8;

async function decodeLogo(logo: Uint8Array): Promise<ImageEmbedder | null> {
  try {
    if (logo[0] === 0x89 && logo[1] === 0x50 && logo[2] === 0x4e && logo[3] === 0x47) return await PngEmbedder.for(logo);
    if (logo[0] === 0xff && logo[1] === 0xd8) return await JpegEmbedder.for(logo);
  } catch {
    // A broken logo must not stop an invoice from being issued: print without it.
  }
  return null;
}

async function embedLogo(pdf: PDFDocument, logo: Uint8Array | null): Promise<PDFImage | null> {
  if (!logo || logo.length < 8) return null;
  const key = createHash('sha1').update(logo).digest('hex');
  let embedder = logoEmbedders.get(key);
  if (embedder === undefined) {
    embedder = decodeLogo(new Uint8Array(logo));
    logoEmbedders.set(key, embedder);
    if (logoEmbedders.size > LOGO_CACHE_SIZE) logoEmbedders.delete(logoEmbedders.keys().next().value as string);
  }
  const decoded = await embedder;
  if (!decoded) return null;
  const image = PDFImage.of(pdf.context.nextRef(), pdf, decoded);
  await image.embed();
  return image;
}

/** "2026-11-01" -> that day, 00:00 UTC; a fixed date when the text is not a date (never the clock). */
function documentDate(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(NaN);
  return Number.isNaN(parsed.getTime()) ? new Date(Date.UTC(2000, 0, 1)) : parsed;
}

/**
 * pdf-lib compresses with pako (deflate in JavaScript), which was most of an
 * invoice's render time. This document's streams (page content, fonts,
 * ToUnicode maps, images) go through the context's flateStream, overridden on
 * this one context to use Node's native zlib. Same format (FlateDecode), same
 * bytes for the same input. (Object streams would still use pako, so the
 * document is saved with a classic cross-reference table instead.)
 */
function useNativeDeflate(context: PDFContext): void {
  context.flateStream = (contents: string | Uint8Array, dict: Parameters<PDFContext['flateStream']>[1] = {}): PDFRawStream =>
    context.stream(deflated(contents), { ...dict, Filter: 'FlateDecode' });
}

/** Deflated bytes of byte arrays pdf-lib hands over again and again (a cached logo's channels); never mutated. */
const deflatedOnce = new WeakMap<Uint8Array, Uint8Array>();

function deflated(contents: string | Uint8Array): Uint8Array {
  if (typeof contents === 'string') return deflateSync(Buffer.from(contents, 'latin1'));
  let bytes = deflatedOnce.get(contents);
  if (bytes === undefined) {
    bytes = deflateSync(contents);
    deflatedOnce.set(contents, bytes);
  }
  return bytes;
}

/** Every text of the document that can print, to choose its fonts from (the painter's own words are plain English). */
function documentText(doc: InvoiceDocument, branding: Branding): string {
  const { logo: _logo, ...words } = branding;
  return `${JSON.stringify(doc)}${JSON.stringify(words)}`;
}

/**
 * A face of the document: the chain's fonts are prepared for embedding (each
 * font file is parsed once per process, so this is cheap) and put into the
 * document on first use; `used` collects them to be embedded before saving.
 */
async function documentFace(pdf: PDFDocument, fonts: PdfFonts, chain: FontChain, resource: string, used: PDFFont[]): Promise<Face> {
  // The fixed subset tags in the names keep them unique within the document, with no randomness in the output.
  const embedders = await Promise.all(chain.fonts.map((font) => CustomFontSubsetEmbedder.for(fonts.fontkit, font.bytes, font.name)));
  const embedded: (EmbeddedFont | undefined)[] = [];
  return {
    chain,
    width: chain.measure,
    font(index: number): EmbeddedFont {
      let font = embedded[index];
      if (font === undefined) {
        const embedder = embedders[index] ?? (embedders[0] as CustomFontSubsetEmbedder);
        const pdfFont = PDFFont.of(pdf.context.nextRef(), pdf, embedder);
        used.push(pdfFont);
        font = { name: index === 0 ? resource : `${resource}c${index}`, pdf: pdfFont };
        embedded[index] = font;
      }
      return font;
    },
  };
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
