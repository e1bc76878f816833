/**
 * Branded table reports as PDF (customer statements, the league table): the
 * invoice PDF's building blocks (font chain with every script, subset
 * embedding, page canvas, logo, accent colour) laid out as a letterhead,
 * a few facts, titled tables whose header repeats on every page, and
 * "Page n of N". Deterministic: the same report gives the same bytes.
 */
import { PDFDocument, PDFName, type PDFFont, type PDFImage } from 'pdf-lib';
import { addressLines, singleLine } from '../export/format';
import { documentFace } from '../export/pdf-document-fonts';
import { BAND, DEFAULT_ACCENT, FAINT, INK, MUTED, RES, RULE, rgbHex, TEXT, type Color } from '../export/pdf-layout';
import { embedLogo } from '../export/pdf-logo';
import { useNativeDeflate } from '../export/pdf-native-deflate';
import { PageCanvas } from '../export/pdf-page-canvas';
import { fitText, type Face, type Fonts } from '../export/pdf-text-fitting';
import type { PdfFonts } from '../export/pdf-fonts';
import type { Branding } from '../export/types';

export interface ReportColumn {
  title: string;
  /** share of the table's width */
  width: number;
  align?: 'left' | 'right';
}

export interface ReportTable {
  heading: string;
  columns: ReportColumn[];
  rows: string[][];
  /** printed in place of the rows when there are none */
  empty?: string;
  /** bold rows under the table (label in the first column, figures right) */
  totals?: string[][];
  /** one line across the whole width under the totals */
  summary?: string;
}

export interface ReportDocument {
  /** big title, top right ("STATEMENT") */
  title: string;
  /** metadata title */
  documentTitle: string;
  /** lines under the letterhead on the left (the customer, the report's subject) */
  subject: string[];
  /** label/value pairs on the right */
  facts: [string, string][];
  tables: ReportTable[];
  /** closing paragraph lines */
  notes?: string[];
  /** YYYY-MM-DD: the PDF's creation date (never the clock) */
  date: string;
  landscape?: boolean;
}

const MARGIN = 44;

class ReportPainter {
  private readonly canvases: PageCanvas[] = [];
  private canvas!: PageCanvas;
  private y = 0;
  private readonly width: number;
  private readonly height: number;
  private readonly accent: Color;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly report: ReportDocument,
    private readonly branding: Branding,
    private readonly fonts: Fonts,
    private readonly logo: PDFImage | null,
  ) {
    [this.width, this.height] = report.landscape ? [841.89, 595.28] : [595.28, 841.89];
    this.accent = rgbHex(branding.accent_color) ?? (rgbHex(DEFAULT_ACCENT) as Color);
  }

  private text(text: string, x: number, y: number, face: Face, size: number, color: Color, maxWidth: number, align: 'left' | 'right' = 'left'): void {
    if (text === '') return;
    const fit = fitText(text, face, size, maxWidth, 5);
    const left = align === 'right' ? x - face.width(fit.text, fit.size) : x;
    const runs = face.chain.runs(fit.text).map((run) => {
      const font = face.font(run.font);
      return { font, hex: font.pdf.encodeText(run.text).toString() };
    });
    this.canvas.text(runs, fit.size, color, left, y);
  }

  private newPage(): void {
    const page = this.pdf.addPage([this.width, this.height]);
    this.canvas = new PageCanvas(page);
    this.canvases.push(this.canvas);
    this.y = this.height - MARGIN;
  }

  private ensure(room: number, onBreak?: () => void): void {
    if (this.y - room >= MARGIN + 24) return;
    this.newPage();
    onBreak?.();
  }

  private letterhead(): void {
    const r = this.report;
    let x = MARGIN;
    if (this.logo) {
      const scale = Math.min(36 / this.logo.height, 140 / this.logo.width);
      const w = this.logo.width * scale;
      const h = this.logo.height * scale;
      this.canvas.page.node.setXObject(PDFName.of(RES.logo), this.logo.ref);
      this.canvas.image(RES.logo, MARGIN, this.y - h, w, h);
      x += w + 10;
    }
    const half = this.width / 2 - MARGIN;
    this.text(singleLine(this.branding.company_name) || 'Billing Reviewer', x, this.y - 14, this.fonts.bold, 13, INK, half - (x - MARGIN));
    let ay = this.y - 28;
    for (const line of addressLines(this.branding.company_address).slice(0, 5)) {
      this.text(line, x, ay, this.fonts.regular, 8.5, MUTED, half - (x - MARGIN));
      ay -= 11;
    }
    this.text(r.title, this.width - MARGIN, this.y - 18, this.fonts.bold, 20, this.accent, half, 'right');
    let fy = this.y - 38;
    for (const [label, value] of r.facts) {
      this.text(label, this.width - MARGIN - 200, fy, this.fonts.regular, 8.5, MUTED, 95);
      this.text(value, this.width - MARGIN, fy, this.fonts.bold, 8.5, INK, 105, 'right');
      fy -= 12;
    }
    let sy = Math.min(ay, this.y - 50) - 14;
    for (const [i, line] of r.subject.entries()) {
      this.text(line, MARGIN, sy, i === 0 ? this.fonts.bold : this.fonts.regular, i === 0 ? 11 : 9, i === 0 ? INK : TEXT, half);
      sy -= i === 0 ? 14 : 11.5;
    }
    this.y = Math.min(sy, fy) - 12;
    this.canvas.hline(MARGIN, this.width - MARGIN, this.y, 1.2, this.accent);
    this.y -= 16;
  }

  private columnsX(columns: readonly ReportColumn[]): { left: number; right: number }[] {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const span = this.width - 2 * MARGIN;
    let x = MARGIN;
    return columns.map((c) => {
      const w = (c.width / total) * span;
      const out = { left: x + 3, right: x + w - 3 };
      x += w;
      return out;
    });
  }

  private row(cells: readonly string[], columns: readonly ReportColumn[], face: Face, size: number, color: Color): void {
    const xs = this.columnsX(columns);
    cells.forEach((cell, i) => {
      const col = columns[i];
      const x = xs[i];
      if (!col || !x) return;
      if (col.align === 'right') this.text(cell, x.right, this.y, face, size, color, x.right - x.left, 'right');
      else this.text(cell, x.left, this.y, face, size, color, x.right - x.left);
    });
  }

  private table(t: ReportTable): void {
    const header = () => {
      this.canvas.rect(MARGIN, this.y - 5, this.width - 2 * MARGIN, 17, BAND);
      this.row(t.columns.map((c) => c.title), t.columns, this.fonts.bold, 8, TEXT);
      this.y -= 17;
    };
    this.ensure(60);
    this.text(t.heading, MARGIN, this.y, this.fonts.bold, 11, INK, this.width - 2 * MARGIN);
    this.y -= 18;
    header();
    if (t.rows.length === 0 && t.empty) {
      this.text(t.empty, MARGIN + 3, this.y, this.fonts.regular, 8.5, MUTED, this.width - 2 * MARGIN);
      this.y -= 14;
    }
    for (const cells of t.rows) {
      this.ensure(14, header);
      this.row(cells, t.columns, this.fonts.regular, 8.5, INK);
      this.canvas.hline(MARGIN, this.width - MARGIN, this.y - 4, 0.4, RULE);
      this.y -= 14;
    }
    for (const cells of t.totals ?? []) {
      this.ensure(14);
      this.row(cells, t.columns, this.fonts.bold, 9, INK);
      this.y -= 14;
    }
    if (t.summary) {
      this.ensure(14);
      this.text(t.summary, MARGIN + 3, this.y, this.fonts.regular, 8.5, TEXT, this.width - 2 * MARGIN - 6);
      this.y -= 14;
    }
    this.y -= 14;
  }

  render(): void {
    this.newPage();
    this.letterhead();
    for (const t of this.report.tables) this.table(t);
    for (const line of this.report.notes ?? []) {
      this.ensure(12);
      this.text(line, MARGIN, this.y, this.fonts.regular, 8.5, TEXT, this.width - 2 * MARGIN);
      this.y -= 12;
    }
    const footer = singleLine(this.branding.footer);
    this.canvases.forEach((canvas, i) => {
      this.canvas = canvas;
      canvas.hline(MARGIN, this.width - MARGIN, MARGIN - 8, 0.5, RULE);
      this.text(footer, MARGIN, MARGIN - 20, this.fonts.regular, 7.5, FAINT, this.width - 2 * MARGIN - 80);
      this.text(`Page ${i + 1} of ${this.canvases.length}`, this.width - MARGIN, MARGIN - 20, this.fonts.regular, 7.5, FAINT, 80, 'right');
      canvas.finish(this.pdf.context);
    });
  }
}

function documentDate(date: string): Date {
  const parsed = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? new Date(Date.UTC(2000, 0, 1)) : parsed;
}

export async function renderReportPdf(report: ReportDocument, branding: Branding, fonts: PdfFonts): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  useNativeDeflate(pdf.context);
  pdf.registerFontkit(fonts.fontkit);
  const words: Partial<Branding> = { ...branding };
  delete words.logo;
  const chains = await fonts.chainsFor(`${JSON.stringify(report)}${JSON.stringify(words)}`);
  const used: PDFFont[] = [];
  const faces: Fonts = {
    regular: await documentFace(pdf, fonts, chains.regular, RES.regular, used),
    bold: await documentFace(pdf, fonts, chains.bold, RES.bold, used),
  };
  const logo = await embedLogo(pdf, branding.logo);
  new ReportPainter(pdf, report, branding, faces, logo).render();
  for (const font of used) await font.embed();
  const company = singleLine(branding.company_name) || 'Billing Reviewer';
  pdf.setTitle(report.documentTitle, { showInWindowTitleBar: true });
  pdf.setAuthor(company);
  pdf.setCreator(company);
  pdf.setProducer('Billing Reviewer (pdf-lib)');
  pdf.setLanguage('en');
  pdf.setCreationDate(documentDate(report.date));
  pdf.setModificationDate(documentDate(report.date));
  return pdf.save({ useObjectStreams: false });
}
