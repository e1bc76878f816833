/**
 * One page of the invoice PDF as a content stream of PDF operators.
 */
import { PDFName, type PDFContext, type PDFPage } from 'pdf-lib';
import type { Color } from './pdf-layout';
import type { EmbeddedFont, ShownRun } from './pdf-text-fitting';
/** A number operand: two decimals are plenty for points and keep the stream short. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * One page's content stream, written directly as PDF operators. (pdf-lib's
 * drawText builds an operator object per operand and registers a new font
 * resource on every call.) Fill and stroke colour, font and line width are
 * graphics state that persists across BT/ET, so each is set only when it
 * changes; rectangles, images and the watermark sit inside q/Q so they never
 * disturb what is tracked.
 */
export class PageCanvas {
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
