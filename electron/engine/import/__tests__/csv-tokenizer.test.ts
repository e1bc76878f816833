import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, type CsvItem } from '../csv-tokenizer';
import { detectDialect } from '../csv-dialect';

function tokenize(text: string, chunks: number[] = [], max = 1 << 20): CsvItem[] {
  const t = new CsvTokenizer({ delimiter: ',', maxRecordChars: max });
  const out: CsvItem[] = [];
  let pos = 0;
  for (const size of chunks) {
    t.push(text.slice(pos, pos + size), out);
    pos += size;
  }
  t.push(text.slice(pos), out);
  t.end(out);
  return out;
}

const simplify = (items: CsvItem[]) => items.map((i) => (i.error !== undefined ? { line: i.line, error: true, raw: i.raw } : { line: i.line, fields: i.fields, raw: i.raw }));

describe('CSV tokenizer', () => {
  it('reads RFC 4180 records with their first line and raw text', () => {
    const items = tokenize('a,b,c\r\n1,"x, ""y""",3\n2,"multi\r\nline",\n\n4,5,6');
    expect(simplify(items)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'], raw: 'a,b,c' },
      { line: 2, fields: ['1', 'x, "y"', '3'], raw: '1,"x, ""y""",3' },
      { line: 3, fields: ['2', 'multi\r\nline', ''], raw: '2,"multi\r\nline",' },
      { line: 5, fields: [''], raw: '' },
      { line: 6, fields: ['4', '5', '6'], raw: '4,5,6' },
    ]);
  });

  it('keeps a quote inside an unquoted field as a literal character', () => {
    expect(tokenize('27" screen,1\n')[0]).toMatchObject({ fields: ['27" screen', '1'] });
  });

  it('rejects text after a closing quote up to the end of that line and reads on', () => {
    const items = simplify(tokenize('a,"b"x,c\nd,e,f\n'));
    expect(items[0]).toMatchObject({ line: 1, error: true, raw: 'a,"b"x,c' });
    expect(items[1]).toEqual({ line: 2, fields: ['d', 'e', 'f'], raw: 'd,e,f' });
  });

  it('lets a quote that never closes cost only its own line', () => {
    const items = simplify(tokenize('1,"open\n2,b\n3,c\n'));
    expect(items).toEqual([
      { line: 1, error: true, raw: '1,"open' },
      { line: 2, fields: ['2', 'b'], raw: '2,b' },
      { line: 3, fields: ['3', 'c'], raw: '3,c' },
    ]);
  });

  it('rejects a record over the limit without holding it, and reads on', () => {
    const long = 'x'.repeat(5000);
    const items = tokenize(`1,a\n2,${long}\n3,c\n`, [10, 100, 1000, 1000, 1000, 1000, 1000], 1024);
    expect(items.map((i) => [i.line, i.error === undefined])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect(items[1]!.raw.length).toBeLessThan(1100);
    expect(items[1]!.error).toMatch(/over the 1 KiB limit/);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('a,b', 'q"q', '\r\n', '\n', '"', ''));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 30 }), (records, cuts) => {
        const text = records.map((r) => r.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';
        const whole = tokenize(text);
        expect(whole.map((i) => i.fields)).toEqual(records);
        expect(simplify(tokenize(text, cuts))).toEqual(simplify(whole));
      }),
      { numRuns: 300 },
    );
  });
});

describe('delimiter detection', () => {
  it('tells commas, semicolons, tabs and an Excel sep= line apart', () => {
    expect(detectDialect('a,b;c')).toEqual({ delimiter: ',', sepLine: false });
    expect(detectDialect('a;b;c')).toEqual({ delimiter: ';', sepLine: false });
    expect(detectDialect('a\tb\tc')).toEqual({ delimiter: '\t', sepLine: false });
    expect(detectDialect('"x,y";b;c')).toEqual({ delimiter: ';', sepLine: false });
    expect(detectDialect('sep=;')).toEqual({ delimiter: ';', sepLine: true });
  });
});
