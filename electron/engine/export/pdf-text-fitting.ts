/**
 * Text in the invoice PDF: the faces a document prints in, and measuring,
 * wrapping (with the CJK line-breaking rules), shrinking and cutting text to
 * the width it has.
 */
import type { PDFFont } from 'pdf-lib';
import type { FontChain, TextMeasure } from './font-chain';
import { textLines } from './format';
import type { Color } from './pdf-layout';
/** A font of a chain as embedded in this document, under its resource name. */
export interface EmbeddedFont {
  name: string;
  pdf: PDFFont;
}

/**
 * A weight (regular or bold) of this document: its font chain, the width of
 * text in it, and the chain's fonts as embedded here (each on first use, so a
 * fallback font no text needs is never embedded).
 */
export interface Face {
  chain: FontChain;
  width: TextMeasure;
  font(index: number): EmbeddedFont;
}

/** One run of a string in one font, as the hex glyph string a Tj shows. */
export interface ShownRun {
  font: EmbeddedFont;
  hex: string;
}

export interface Fonts {
  regular: Face;
  bold: Face;
}

export type Align = 'left' | 'right' | 'center';

export interface TextStyle {
  font: Face;
  size: number;
  color: Color;
}

export function widthOf(style: Pick<TextStyle, 'font' | 'size'>, text: string): number {
  return style.font.width(text, style.size);
}

/** Cuts text to fit maxWidth, ending in an ellipsis. */
export function truncate(text: string, font: Face, size: number, maxWidth: number): string {
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
export function fitText(text: string, font: Face, size: number, maxWidth: number, minSize = Math.max(6, size * 0.8)): { text: string; size: number } {
  const width = font.width(text, size);
  if (width <= maxWidth) return { text, size };
  const fitted = Math.max(minSize, Math.floor(((size * maxWidth) / width) * 10) / 10);
  return { text: truncate(text, font, fitted, maxWidth), size: fitted };
}

/** Characters a line must not start with: closing marks and brackets, the prolonged sound mark and small kana. */
export const NO_LINE_START = /[)\]}.,;:!?%、。，．・：；？！ー～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ）」』】〕〉》〗〙〛”’]/u;
/** Characters a line must not end with: opening brackets. */
export const NO_LINE_END = /[([{（「『【〔〈《〖〘〚“‘]/u;

/** Breaks text into lines of at most maxWidth (words longer than a line are split). */
export function wrap(text: string, font: Face, size: number, maxWidth: number): string[] {
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
export function capLines(lines: string[], max: number, font: Face, size: number, maxWidth: number): string[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = truncate(`${kept[max - 1] ?? ''} …`, font, size, maxWidth);
  return kept;
}
