/**
 * A small, fast TrueType subsetter for embedding fonts in PDFs.
 *
 * pdf-lib subsets through fontkit, which decodes every glyph's outline and
 * re-encodes every table through its struct library, and (in its bundled
 * build) defers the work to a setTimeout, so two fonts cost a few milliseconds
 * of idle time per PDF. Here the font file is indexed once (table directory,
 * loca, hmtx) and a subset is plain byte copying: the glyphs' glyf records
 * (composite glyphs' component ids remapped, components pulled in), new loca,
 * hmtx, maxp, hhea and head, and the hinting tables (cvt, fpgm, prep) as they
 * are. That is the table set PDF requires for an embedded TrueType font
 * (FontFile2 of a CIDFontType2, glyphs addressed by subset glyph id).
 */

interface TableRecord {
  offset: number;
  length: number;
}

/** A TrueType font file indexed for subsetting; build once, subset many times. */
export interface IndexedTrueType {
  bytes: Uint8Array;
  tables: Map<string, TableRecord>;
  numGlyphs: number;
  /** glyf-relative start of each glyph, numGlyphs + 1 entries */
  loca: Uint32Array;
  advance: Uint16Array;
  leftBearing: Int16Array;
}

const REQUIRED = ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx'] as const;
const COPIED = ['cvt ', 'fpgm', 'prep'] as const;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function indexTrueType(bytes: Uint8Array): IndexedTrueType {
  const dv = view(bytes);
  const version = dv.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565) throw new Error('not a TrueType font (glyf outlines)');
  const numTables = dv.getUint16(4);
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
    tables.set(tag, { offset: dv.getUint32(at + 8), length: dv.getUint32(at + 12) });
  }
  for (const tag of REQUIRED) if (!tables.has(tag)) throw new Error(`TrueType font has no ${tag} table`);
  const table = (tag: string): TableRecord => tables.get(tag) as TableRecord;

  const numGlyphs = dv.getUint16(table('maxp').offset + 4);
  const longLoca = dv.getInt16(table('head').offset + 50) === 1;
  const loca = new Uint32Array(numGlyphs + 1);
  const locaAt = table('loca').offset;
  for (let g = 0; g <= numGlyphs; g++) loca[g] = longLoca ? dv.getUint32(locaAt + g * 4) : dv.getUint16(locaAt + g * 2) * 2;

  const numberOfHMetrics = dv.getUint16(table('hhea').offset + 34);
  const hmtxAt = table('hmtx').offset;
  const advance = new Uint16Array(numGlyphs);
  const leftBearing = new Int16Array(numGlyphs);
  let lastAdvance = 0;
  for (let g = 0; g < numGlyphs; g++) {
    if (g < numberOfHMetrics) {
      lastAdvance = dv.getUint16(hmtxAt + g * 4);
      leftBearing[g] = dv.getInt16(hmtxAt + g * 4 + 2);
    } else {
      leftBearing[g] = dv.getInt16(hmtxAt + numberOfHMetrics * 4 + (g - numberOfHMetrics) * 2);
    }
    advance[g] = lastAdvance;
  }
  return { bytes, tables, numGlyphs, loca, advance, leftBearing };
}

// Composite glyph flags (OpenType glyf table).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function checksum(bytes: Uint8Array, offset: number, length: number): number {
  const dv = view(bytes);
  let sum = 0;
  const end = offset + pad4(length);
  for (let i = offset; i < end; i += 4) sum = (sum + dv.getUint32(i)) >>> 0;
  return sum;
}

/**
 * A subset in the making. Glyph 0 (.notdef) is always first; includeGlyph
 * gives the next id to each new original glyph id, in the order they come.
 */
export class TrueTypeSubset {
  private readonly ids = new Map<number, number>();
  private readonly order: number[] = [];

  constructor(private readonly font: IndexedTrueType) {
    this.includeGlyph(0);
  }

  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'number' ? glyph : glyph.id;
    let mapped = this.ids.get(id);
    if (mapped === undefined) {
      mapped = this.order.length;
      this.ids.set(id, mapped);
      this.order.push(id);
    }
    return mapped;
  }

  /** The subset font file. */
  encode(): Uint8Array {
    const font = this.font;
    const src = font.bytes;
    const srcView = view(src);
    const glyfAt = (font.tables.get('glyf') as TableRecord).offset;

    // Glyph records; composite glyphs pull their components in (appended to the order as they are met).
    const records: Uint8Array[] = [];
    let glyfLength = 0;
    for (let i = 0; i < this.order.length; i++) {
      const gid = this.order[i] as number;
      const start = gid < font.numGlyphs ? (font.loca[gid] as number) : 0;
      const end = gid < font.numGlyphs ? (font.loca[gid + 1] as number) : 0;
      let record: Uint8Array = src.slice(glyfAt + start, glyfAt + end);
      if (record.length >= 10 && srcView.getInt16(glyfAt + start) < 0) record = this.remapComposite(record);
      records.push(record);
      glyfLength += pad4(record.length);
    }
    const numGlyphs = this.order.length;

    const glyf = new Uint8Array(glyfLength);
    const loca = new Uint8Array((numGlyphs + 1) * 4);
    const locaView = view(loca);
    let at = 0;
    records.forEach((record, i) => {
      locaView.setUint32(i * 4, at);
      glyf.set(record, at);
      at += pad4(record.length);
    });
    locaView.setUint32(numGlyphs * 4, at);

    const hmtx = new Uint8Array(numGlyphs * 4);
    const hmtxView = view(hmtx);
    this.order.forEach((gid, i) => {
      hmtxView.setUint16(i * 4, font.advance[gid] ?? 0);
      hmtxView.setInt16(i * 4 + 2, font.leftBearing[gid] ?? 0);
    });

    const copy = (tag: string): Uint8Array | null => {
      const t = font.tables.get(tag);
      return t ? src.slice(t.offset, t.offset + t.length) : null;
    };
    const head = copy('head') as Uint8Array;
    view(head).setUint32(8, 0); // checkSumAdjustment, set below
    view(head).setInt16(50, 1); // long loca offsets
    const hhea = copy('hhea') as Uint8Array;
    view(hhea).setUint16(34, numGlyphs);
    const maxp = copy('maxp') as Uint8Array;
    view(maxp).setUint16(4, numGlyphs);

    const out = new Map<string, Uint8Array>([
      ['glyf', glyf],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', hmtx],
      ['loca', loca],
      ['maxp', maxp],
    ]);
    for (const tag of COPIED) {
      const t = copy(tag);
      if (t) out.set(tag, t);
    }
    return writeFont(out);
  }

  private remapComposite(record: Uint8Array): Uint8Array {
    const dv = view(record);
    let at = 10;
    for (;;) {
      if (at + 4 > record.length) break;
      const flags = dv.getUint16(at);
      dv.setUint16(at + 2, this.includeGlyph(dv.getUint16(at + 2)));
      at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
      if (flags & WE_HAVE_A_SCALE) at += 2;
      else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
      else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
      if (!(flags & MORE_COMPONENTS)) break;
    }
    return record;
  }
}

/** An sfnt file from its tables (directory sorted by tag, tables 4-byte aligned, checksums and head adjustment set). */
function writeFont(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const numTables = tags.length;
  let size = 12 + numTables * 16;
  for (const tag of tags) size += pad4((tables.get(tag) as Uint8Array).length);
  const out = new Uint8Array(size);
  const dv = view(out);
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  dv.setUint32(0, 0x00010000);
  dv.setUint16(4, numTables);
  dv.setUint16(6, searchRange);
  dv.setUint16(8, entrySelector);
  dv.setUint16(10, numTables * 16 - searchRange);
  let at = 12 + numTables * 16;
  let headAt = -1;
  tags.forEach((tag, i) => {
    const data = tables.get(tag) as Uint8Array;
    out.set(data, at);
    const rec = 12 + i * 16;
    for (let c = 0; c < 4; c++) out[rec + c] = tag.charCodeAt(c);
    dv.setUint32(rec + 4, checksum(out, at, data.length));
    dv.setUint32(rec + 8, at);
    dv.setUint32(rec + 12, data.length);
    if (tag === 'head') headAt = at;
    at += pad4(data.length);
  });
  if (headAt >= 0) dv.setUint32(headAt + 8, (0xb1b0afba - checksum(out, 0, out.length)) >>> 0);
  return out;
}
