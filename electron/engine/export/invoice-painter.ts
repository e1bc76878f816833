/**
 * Paints one invoice or credit note onto the pages of a PDF: the first-page
 * header (seller, title, bill-to, facts), the lines table grouped by kind and
 * paginated, the totals and payment note, continuation headers, footers with
 * "Page n of N", and a draft's watermark. The choices it makes are listed in
 * invoice-pdf.ts.
 */
import { PDFName, type PDFDocument, type PDFImage, type PDFRef } from 'pdf-lib';
import { taxIdLabel, taxRowLabel } from '../../../shared/invoice-labels';
import { addressLines, formatDate, formatPeriod, groupNumber, isZeroAmount, moneyText, negated, paymentTerms, singleLine, textLines } from './format';
import { BAND, type Color, COL2_X, CONTENT_BOTTOM, DEFAULT_ACCENT, DESC_WIDTH, FACT_LINE_H, FAINT, FOOTER_RULE_Y, FOOTER_TEXT_Y, GROUPS, INK, MAX_DESC_LINES, MAX_DETAIL_LINES, MAX_PAYMENT_LINES, MUTED, MX, PAGE_H, PAGE_W, RES, rgbHex, RIGHT, RULE, TABLE, TEXT, TOP, TOTALS } from './pdf-layout';
import { PageCanvas } from './pdf-page-canvas';
import { type Align, capLines, type Face, fitText, type Fonts, type ShownRun, type TextStyle, widthOf, wrap } from './pdf-text-fitting';
import type { Branding, InvoiceDocument, InvoiceLineDocument } from './types';
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

export class InvoicePainter {
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
    let left: number;
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
