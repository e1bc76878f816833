import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrLineEnds, lineEndStyle } from '../line-ends';

describe('line ends', () => {
  it('tells a lone-CR file from an LF or CRLF one by its first line end', () => {
    expect(lineEndStyle('a,b\rc', false)).toBe('cr');
    expect(lineEndStyle('\r\n\r\na,b\rc', false)).toBe('cr');
    expect(lineEndStyle('a,b\r\nc', false)).toBe('lf');
    expect(lineEndStyle('a,b\nc\rd', false)).toBe('lf');
    expect(lineEndStyle('a,b\r', false)).toBeNull();
    expect(lineEndStyle('a,b\r', true)).toBe('lf');
    expect(lineEndStyle('  \r\n', false)).toBeNull();
  });

  it('turns CR, CRLF and LF into LF the same however the text is cut', () => {
    const text = fc.array(fc.constantFrom('a', ',', '"', '\r', '\n', '\r\n', '\r\r'), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 10 }), (whole, cuts) => {
        const lines = new CrLineEnds();
        let out = '';
        let pos = 0;
        for (const size of cuts) {
          out += lines.push(whole.slice(pos, pos + size));
          pos += size;
        }
        out += lines.push(whole.slice(pos)) + lines.end();
        expect(out).toBe(whole.replace(/\r\n?/g, '\n'));
      }),
      { numRuns: 1000 },
    );
  });
});
