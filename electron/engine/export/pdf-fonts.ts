/**
 * The fonts of the invoice PDFs: DejaVu Sans and DejaVu Sans Bold, read and
 * parsed once and shared by every PDF, embedded as small subsets.
 *
 * pdf-lib embeds custom fonts through fontkit. Three things made that the bulk
 * of an invoice's render time, and are replaced here behind fontkit's
 * interface (pdf-lib.registerFontkit takes any object with create()):
 * - parsing: each font file is parsed once (CachingFontkit), not per PDF;
 * - shaping: layout() is a plain cmap lookup with a per-character glyph
 *   cache (unshapedFont) instead of full OpenType shaping per string;
 * - subsetting: a byte-copying TrueType subsetter (ttf-subset.ts) delivered on
 *   a microtask, instead of fontkit's re-encoding behind a setTimeout.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';
import { indexTrueType, TrueTypeSubset } from './ttf-subset';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type FontkitFont = ReturnType<Fontkit['create']>;
type Glyph = ReturnType<FontkitFont['glyphForCodePoint']>;
type GlyphRun = ReturnType<FontkitFont['layout']>;
type Subset = ReturnType<FontkitFont['createSubset']>;
type SubsetStream = ReturnType<Subset['encodeStream']>;
type StreamCallback = Parameters<SubsetStream['on']>[1];

/**
 * The stream pdf-lib reads a subset font from: the bytes are produced on a
 * microtask, after pdf-lib has attached its listeners (fontkit's bundled build
 * waits for a setTimeout instead, a millisecond or more per font and PDF).
 */
function subsetStream(produce: () => Uint8Array): SubsetStream {
  const listeners = new Map<string, StreamCallback[]>();
  const emit = (event: string, value: unknown): void => {
    for (const callback of listeners.get(event) ?? []) callback(value as Uint8Array);
  };
  queueMicrotask(() => {
    let bytes: Uint8Array;
    try {
      bytes = produce();
    } catch (error) {
      emit('error', error);
      return;
    }
    emit('data', bytes);
    emit('end', bytes);
  });
  const stream: SubsetStream = {
    on(event: string, callback: StreamCallback): SubsetStream {
      listeners.set(event, [...(listeners.get(event) ?? []), callback]);
      return stream;
    },
  };
  return stream;
}

/** Width of text at a size, in points. */
export type TextMeasure = (text: string, size: number) => number;

/** The fonts every invoice PDF embeds (a subset of each), loaded once and shared. */
export interface PdfFonts {
  regular: Uint8Array;
  bold: Uint8Array;
  /** fontkit that parses each font file once and hands the parsed font to every later PDF */
  fontkit: Fontkit;
  /** text widths from the same glyph mapping the PDFs use (cached per character) */
  measure: { regular: TextMeasure; bold: TextMeasure };
}

/** Characters that print nothing and must not turn into a missing-glyph box. */
const IGNORABLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]/u;

/**
 * A parsed font whose layout() is a plain character-to-glyph mapping.
 *
 * pdf-lib calls layout() for every measurement and every drawn string and keeps
 * only the glyphs (it never uses the positions, so kerning is not printed
 * anyway). fontkit's full OpenType shaping of DejaVu costs about a millisecond
 * per call, which made shaping 70 % of an invoice's render time. Latin, Greek
 * and Cyrillic in NFC need no shaping: each character has its own glyph. So
 * text is NFC-normalized and mapped through the cmap, with a per-code-point
 * glyph cache shared by every PDF. Widths and drawn glyphs come from the same
 * mapping, so measuring and drawing always agree.
 */
interface UnshapedFont {
  font: FontkitFont;
  measure: TextMeasure;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Text as the glyph mapping sees it: NFC, so "e" + combining diaeresis is the one glyph "ë". */
function normalized(text: string): string {
  return PRINTABLE_ASCII.test(text) ? text : text.normalize('NFC');
}

function unshapedFont(font: FontkitFont, bytes: Uint8Array): UnshapedFont {
  const indexed = indexTrueType(bytes);
  const cache = new Map<number, Glyph | null>();
  /** The glyph of a character, or null for a character that prints nothing. */
  const glyphFor = (ch: string): Glyph | null => {
    const codePoint = ch.codePointAt(0) ?? 0;
    let glyph = cache.get(codePoint);
    if (glyph === undefined) {
      glyph = IGNORABLE.test(ch) ? null : font.glyphForCodePoint(codePoint);
      cache.set(codePoint, glyph);
    }
    return glyph;
  };
  const scale = 1 / font.unitsPerEm;
  const measure: TextMeasure = (text, size) => {
    let units = 0;
    for (const ch of normalized(text)) units += glyphFor(ch)?.advanceWidth ?? 0;
    return units * scale * size;
  };
  const unshaped = Object.create(font) as FontkitFont;
  unshaped.layout = (text: string): GlyphRun => {
    const glyphs: Glyph[] = [];
    const positions: GlyphRun['positions'] = [];
    let advanceWidth = 0;
    for (const ch of normalized(text)) {
      const glyph = glyphFor(ch);
      if (glyph === null) continue;
      glyphs.push(glyph);
      positions.push({ xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 });
      advanceWidth += glyph.advanceWidth;
    }
    const bbox = { minX: 0, minY: font.descent, maxX: advanceWidth, maxY: font.ascent, width: advanceWidth, height: font.ascent - font.descent };
    return { glyphs, positions, script: 'Zyyy', language: null, direction: 'ltr', features: {}, advanceWidth, advanceHeight: 0, bbox };
  };
  unshaped.createSubset = (): Subset => {
    const subset = new TrueTypeSubset(indexed);
    return { includeGlyph: (glyph) => subset.includeGlyph(glyph), encodeStream: () => subsetStream(() => subset.encode()) };
  };
  return { font: unshaped, measure };
}

/**
 * fontkit that parses each font file once. A parsed font is read-only apart
 * from its lazily filled caches, and subsetting runs synchronously inside one
 * save(), so one parsed font serves any number of documents, also interleaved.
 */
const baseFontkit: Fontkit = fontkit;

class CachingFontkit implements Fontkit {
  private readonly parsed = new WeakMap<Uint8Array, UnshapedFont>();

  /** The parsed font of these bytes (parsed on first use, then shared). */
  font(buffer: Uint8Array): UnshapedFont {
    let font = this.parsed.get(buffer);
    if (font === undefined) {
      font = unshapedFont(baseFontkit.create(buffer), buffer);
      this.parsed.set(buffer, font);
    }
    return font;
  }

  create(buffer: Uint8Array, postscriptName?: string): FontkitFont {
    if (postscriptName !== undefined) return baseFontkit.create(buffer, postscriptName);
    return this.font(buffer).font;
  }
}

/** Reads DejaVu Sans and DejaVu Sans Bold from the dejavu-fonts-ttf package. Call once; reuse the result. */
export async function loadPdfFonts(): Promise<PdfFonts> {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const [regularFile, boldFile] = await Promise.all([readFile(join(dir, 'DejaVuSans.ttf')), readFile(join(dir, 'DejaVuSans-Bold.ttf'))]);
  const regular = new Uint8Array(regularFile);
  const bold = new Uint8Array(boldFile);
  const kit = new CachingFontkit();
  return { regular, bold, fontkit: kit, measure: { regular: kit.font(regular).measure, bold: kit.font(bold).measure } };
}
