/**
 * The fonts of the invoice PDFs: DejaVu Sans and DejaVu Sans Bold, followed by
 * Noto Sans JP, SC and KR (regular and bold) for the Chinese, Japanese and
 * Korean characters DejaVu lacks. Each file is read and parsed once and shared
 * by every PDF, and embedded as a small subset of the glyphs a PDF uses; the
 * CJK files are read only when a document first needs one of them.
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
import { FontChain, normalizedText, type ChainFont, type TextMeasure } from './font-chain';
import { indexTrueType, TrueTypeSubset } from './ttf-subset';

export type { TextMeasure } from './font-chain';

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

/** The font chains of one document: what its regular and its bold text print in. */
export interface FontChains {
  regular: FontChain;
  bold: FontChain;
}

/** The fonts invoice PDFs embed (a subset of each), loaded once and shared. */
export interface PdfFonts {
  /** fontkit that parses each font file once and hands the parsed font to every later PDF */
  fontkit: Fontkit;
  /**
   * The chains a document's text needs: DejaVu Sans alone when it covers every
   * character, else followed by the CJK fonts that cover the rest (loaded on
   * first need, then kept).
   */
  chainsFor(text: string): Promise<FontChains>;
}

/**
 * Characters that print nothing and must not turn into a missing-glyph box. The
 * nonspacing marks among them (grapheme joiner, Khmer inherent vowels, Mongolian
 * and other variation selectors) are a class of their own: in one class with the
 * others they would read as marks combining with the character before them.
 */
const IGNORABLE = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]|[\u034f\u17b4\u17b5\u180b-\u180d\u180f\ufe00-\ufe0f]/u;

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
    for (const ch of normalizedText(text)) units += glyphFor(ch)?.advanceWidth ?? 0;
    return units * scale * size;
  };
  const unshaped = Object.create(font) as FontkitFont;
  unshaped.layout = (text: string): GlyphRun => {
    const glyphs: Glyph[] = [];
    const positions: GlyphRun['positions'] = [];
    let advanceWidth = 0;
    for (const ch of normalizedText(text)) {
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

function packageDir(name: string): string {
  return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
}

async function readFont(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
}

/** A font of the chain from its bytes, parsed through the caching fontkit. */
function chainFont(kit: CachingFontkit, name: string, bytes: Uint8Array): ChainFont {
  const parsed = kit.font(bytes);
  const has = (codePoint: number): boolean => parsed.font.hasGlyphForCodePoint(codePoint);
  return { name, bytes, measure: parsed.measure, has };
}

interface CjkFamily {
  /** npm package with the TrueType files (Google Fonts' static Noto Sans CJK instances, SIL OFL 1.1) */
  pkg: string;
  regular: string;
  bold: string;
  /** PostScript names, with a fixed subset tag (no randomness in the output) */
  regularName: string;
  boldName: string;
}

type CjkLanguage = 'ja' | 'zh' | 'ko';

const CJK: Record<CjkLanguage, CjkFamily> = {
  ja: {
    pkg: '@expo-google-fonts/noto-sans-jp',
    regular: '400Regular/NotoSansJP_400Regular.ttf',
    bold: '700Bold/NotoSansJP_700Bold.ttf',
    regularName: 'NSJPRG+NotoSansJP-Regular',
    boldName: 'NSJPBD+NotoSansJP-Bold',
  },
  zh: {
    pkg: '@expo-google-fonts/noto-sans-sc',
    regular: '400Regular/NotoSansSC_400Regular.ttf',
    bold: '700Bold/NotoSansSC_700Bold.ttf',
    regularName: 'NSSCRG+NotoSansSC-Regular',
    boldName: 'NSSCBD+NotoSansSC-Bold',
  },
  ko: {
    pkg: '@expo-google-fonts/noto-sans-kr',
    regular: '400Regular/NotoSansKR_400Regular.ttf',
    bold: '700Bold/NotoSansKR_700Bold.ttf',
    regularName: 'NSKRRG+NotoSansKR-Regular',
    boldName: 'NSKRBD+NotoSansKR-Bold',
  },
};

const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/u;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]/u;

/**
 * Which CJK font comes first. Han characters are shared by Chinese, Japanese
 * and Korean but drawn a little differently in each; kana mark Japanese text
 * and Hangul Korean text, anything else with Han characters is taken as
 * Chinese. Noto Sans SC has every common Han character (simplified and
 * traditional) and kana, Noto Sans KR the Hangul, so any order covers all.
 */
function cjkOrder(text: string): CjkLanguage[] {
  if (KANA.test(text)) return ['ja', 'zh', 'ko'];
  if (HANGUL.test(text)) return ['ko', 'zh', 'ja'];
  return ['zh', 'ja', 'ko'];
}

/** Reads DejaVu Sans and DejaVu Sans Bold (and, on first need, the CJK fonts). Call once; reuse the result. */
export async function loadPdfFonts(): Promise<PdfFonts> {
  const dejavu = join(packageDir('dejavu-fonts-ttf'), 'ttf');
  const [regularBytes, boldBytes] = await Promise.all([readFont(join(dejavu, 'DejaVuSans.ttf')), readFont(join(dejavu, 'DejaVuSans-Bold.ttf'))]);
  const kit = new CachingFontkit();
  const regular = chainFont(kit, 'DJVSNR+DejaVuSans', regularBytes);
  const bold = chainFont(kit, 'DJVSNB+DejaVuSans-Bold', boldBytes);
  const latin: FontChains = { regular: new FontChain([regular]), bold: new FontChain([bold]) };

  const families = new Map<CjkLanguage, Promise<{ regular: ChainFont; bold: ChainFont }>>();
  const family = (language: CjkLanguage): Promise<{ regular: ChainFont; bold: ChainFont }> => {
    let loaded = families.get(language);
    if (loaded === undefined) {
      const f = CJK[language];
      const dir = packageDir(f.pkg);
      loaded = Promise.all([readFont(join(dir, f.regular)), readFont(join(dir, f.bold))]).then(([r, b]) => ({
        regular: chainFont(kit, f.regularName, r),
        bold: chainFont(kit, f.boldName, b),
      }));
      // A failed read is not kept: the next document tries again.
      loaded.catch(() => families.delete(language));
      families.set(language, loaded);
    }
    return loaded;
  };
  /** One chain object per set of fonts, so its per-character choices are cached across documents. */
  const chains = new Map<string, FontChains>();
  /** Whether DejaVu (both weights) has the character; cached per code point. */
  const latinHas = new Map<number, boolean>();
  const covered = (codePoint: number): boolean => {
    let has = latinHas.get(codePoint);
    if (has === undefined) {
      has = codePoint < 0x20 || (regular.has(codePoint) && bold.has(codePoint));
      latinHas.set(codePoint, has);
    }
    return has;
  };

  const chainsFor = async (text: string): Promise<FontChains> => {
    // Only the non-ASCII characters can be missing from DejaVu; most documents have a few (€, –, ·) or none.
    // (Not normalized: a decomposed sequence's mark is skipped below and its base is ASCII or found as it is.)
    const nonAscii = text.match(/[^\p{ASCII}]/gu);
    if (nonAscii === null) return latin;
    const seen = new Set<number>();
    let missing: number[] = [];
    for (const ch of nonAscii) {
      const codePoint = ch.codePointAt(0) ?? 0;
      if (seen.has(codePoint)) continue;
      seen.add(codePoint);
      if (!covered(codePoint) && !IGNORABLE.test(ch) && !/\p{M}/u.test(ch)) missing.push(codePoint);
    }
    if (missing.length === 0) return latin;
    const used: CjkLanguage[] = [];
    for (const language of cjkOrder(text)) {
      if (missing.length === 0) break;
      const fonts = await family(language);
      const left = missing.filter((codePoint) => !fonts.regular.has(codePoint));
      if (left.length < missing.length) used.push(language);
      missing = left;
    }
    const key = used.join(',');
    let found = chains.get(key);
    if (found === undefined) {
      const loaded = await Promise.all(used.map(family));
      found = {
        regular: new FontChain([regular, ...loaded.map((f) => f.regular)]),
        bold: new FontChain([bold, ...loaded.map((f) => f.bold)]),
      };
      chains.set(key, found);
    }
    return found;
  };
  return { fontkit: kit, chainsFor };
}
