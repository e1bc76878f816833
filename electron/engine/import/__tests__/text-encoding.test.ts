import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countUtf8 } from '../text-encoding';

describe('countUtf8', () => {
  it('counts what a UTF-8 decoder makes of any bytes: one U+FFFD per invalid part, one character per valid sequence', () => {
    const bytes = fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constantFrom(0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0)), { maxLength: 64 });
    fc.assert(
      fc.property(bytes, (list) => {
        const buf = Buffer.from(list);
        const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf);
        if (text.includes('\uFFFD') && /\xEF\xBF\xBD/.test(buf.toString('latin1'))) return; // a real U+FFFD in the input
        const chars = [...text];
        expect(countUtf8(buf)).toEqual({
          invalid: chars.filter((c) => c === '\uFFFD').length,
          multibyte: chars.filter((c) => c !== '\uFFFD' && c.codePointAt(0)! >= 0x80).length,
        });
      }),
      { numRuns: 3000 },
    );
  });
});
