/**
 * A font fallback chain: text is printed in the first font of the chain that
 * has a glyph for each character. DejaVu Sans comes first (Latin, Greek,
 * Cyrillic and the symbols an invoice uses); CJK fonts follow for what it
 * lacks. A string becomes runs of consecutive characters in the same font, and
 * its width is the sum of its runs' widths, so measuring and drawing agree.
 */

/** Width of text at a size, in points. */
export type TextMeasure = (text: string, size: number) => number;

/** One font file of a chain, parsed once per process. */
export interface ChainFont {
  /** the embedded font's name, a fixed subset tag and the PostScript name, e.g. "DJVSNR+DejaVuSans" */
  name: string;
  bytes: Uint8Array;
  /** width of text set entirely in this font */
  measure: TextMeasure;
  /** whether the font has its own glyph for the character */
  has: (codePoint: number) => boolean;
}

/** Consecutive characters printed in the same font (an index into the chain). */
export interface TextRun {
  font: number;
  text: string;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Characters that take the font of the character before them: combining marks
 * and the invisible format characters (the unshaped fonts drop the latter).
 * A mark printed in another font than its base would not sit on it.
 */
const ATTACHED = /[\p{M}\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/u;

/** Text as every font of the chain sees it: NFC, so "e" + combining diaeresis is the one character "ë". */
export function normalizedText(text: string): string {
  return PRINTABLE_ASCII.test(text) ? text : text.normalize('NFC');
}

export class FontChain {
  /** chain index per code point, filled as characters are met */
  private readonly choice = new Map<number, number>();

  constructor(readonly fonts: readonly ChainFont[]) {
    if (fonts.length === 0) throw new Error('a font chain needs at least one font');
  }

  /** The first font with a glyph for the character; the first font (its missing-glyph box) when none has one. */
  fontFor(codePoint: number): number {
    let index = this.choice.get(codePoint);
    if (index === undefined) {
      index = this.fonts.findIndex((font) => font.has(codePoint));
      if (index < 0) index = 0;
      this.choice.set(codePoint, index);
    }
    return index;
  }

  runs(text: string): TextRun[] {
    if (PRINTABLE_ASCII.test(text) || this.fonts.length === 1) return text === '' ? [] : [{ font: 0, text }];
    const runs: TextRun[] = [];
    let current: TextRun | null = null;
    for (const ch of normalizedText(text)) {
      let font = this.fontFor(ch.codePointAt(0) ?? 0);
      if (current !== null && current.font !== font && ATTACHED.test(ch)) font = current.font;
      if (current !== null && current.font === font) current.text += ch;
      else {
        current = { font, text: ch };
        runs.push(current);
      }
    }
    return runs;
  }

  readonly measure: TextMeasure = (text, size) => {
    if (PRINTABLE_ASCII.test(text) || this.fonts.length === 1) return (this.fonts[0] as ChainFont).measure(text, size);
    let width = 0;
    for (const run of this.runs(text)) width += (this.fonts[run.font] as ChainFont).measure(run.text, size);
    return width;
  };
}
