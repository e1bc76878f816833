import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { indexTrueType, TrueTypeSubset } from './ttf-subset';

const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

function sfntSum(bytes: Uint8Array): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sum = 0;
  for (let i = 0; i + 4 <= bytes.length; i += 4) sum = (sum + dv.getUint32(i)) >>> 0;
  return sum;
}

describe('TrueType subsetting', () => {
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    it(`keeps every glyph of ${file} exactly, composites included`, () => {
      const bytes = new Uint8Array(readFileSync(join(dir, file)));
      const original = fontkit.create(bytes);
      const subset = new TrueTypeSubset(indexTrueType(bytes));
      const text = 'Invoice 12,500.00 € Zoë Łukasiewicz – Ωmega Кирилл ǺǻĳŒ ½ ™';
      const wanted = new Map<number, number>();
      for (const ch of text) {
        const glyph = original.glyphForCodePoint(ch.codePointAt(0) ?? 0);
        expect(glyph.id, ch).toBeGreaterThan(0);
        wanted.set(subset.includeGlyph(glyph), glyph.id);
      }
      const out = subset.encode();
      expect(out.length % 4).toBe(0);
      expect(sfntSum(out)).toBe(0xb1b0afba); // head.checkSumAdjustment is right

      const parsed = fontkit.create(out);
      expect(parsed.numGlyphs).toBeGreaterThanOrEqual(wanted.size + 1);
      let composites = 0;
      for (const [newId, oldId] of wanted) {
        const a = original.getGlyph(oldId);
        const b = parsed.getGlyph(newId);
        expect(b.advanceWidth, `glyph ${oldId}`).toBe(a.advanceWidth);
        // Same outline: a composite with a wrongly mapped component would draw another shape.
        expect(b.path.toSVG(), `glyph ${oldId}`).toBe(a.path.toSVG());
        const dv = new DataView(bytes.buffer);
        const view = indexTrueType(bytes);
        const glyf = view.tables.get('glyf')?.offset ?? 0;
        if (dv.getInt16(glyf + (view.loca[oldId] ?? 0)) < 0) composites++;
      }
      expect(composites).toBeGreaterThan(0);
    });
  }

  it('gives ids in the order glyphs are first included, .notdef first', () => {
    const bytes = new Uint8Array(readFileSync(join(dir, 'DejaVuSans.ttf')));
    const subset = new TrueTypeSubset(indexTrueType(bytes));
    expect(subset.includeGlyph(70)).toBe(1);
    expect(subset.includeGlyph({ id: 40 })).toBe(2);
    expect(subset.includeGlyph(70)).toBe(1);
    expect(subset.includeGlyph(0)).toBe(0);
  });

  it('refuses a file that is not a TrueType font', () => {
    expect(() => indexTrueType(new Uint8Array(64))).toThrow(/TrueType/);
  });
});
