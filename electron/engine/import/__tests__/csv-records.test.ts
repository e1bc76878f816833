import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { detectDialect } from '../csv-dialect';
import { CsvRecords, type CsvItem } from '../csv-records';

function read(text: string, chunks: number[] = [], max = 1 << 20): CsvItem[] {
  const reader = new CsvRecords({ delimiter: ',', maxRecordChars: max });
  const out: CsvItem[] = [];
  let pos = 0;
  for (const size of chunks) {
    reader.push(text.slice(pos, pos + size), out);
    pos += size;
  }
  reader.push(text.slice(pos), out);
  reader.end(out);
  return out;
}

const simplify = (items: CsvItem[]) => items.map((i) => (i.error !== undefined ? { line: i.line, error: true, raw: i.raw } : { line: i.line, fields: i.fields, raw: i.raw }));

/** Text with every kind of CSV trouble: quotes in all places, CR, LF, CRLF, non-BMP characters. */
const messy = fc.array(fc.constantFrom('a', 'b', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'xy', '"q"', ',"', '",', 'é', '𝄞'), { maxLength: 60 }).map((parts) => parts.join(''));
const cuts = fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 12 });

describe('CSV records (csv-parse with line numbers, raw text and recoveries)', () => {
  it('reads RFC 4180 records with their first line and raw text', () => {
    const items = read('a,b,c\r\n1,"x, ""y""",3\n2,"multi\r\nline",\n\n4,5,6');
    expect(simplify(items)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'], raw: 'a,b,c' },
      { line: 2, fields: ['1', 'x, "y"', '3'], raw: '1,"x, ""y""",3' },
      { line: 3, fields: ['2', 'multi\r\nline', ''], raw: '2,"multi\r\nline",' },
      { line: 5, fields: [''], raw: '' },
      { line: 6, fields: ['4', '5', '6'], raw: '4,5,6' },
    ]);
  });

  it('keeps a quote inside an unquoted field as a literal character, and a field that starts with a doubled quote', () => {
    expect(read('27" screen,"""quoted"""\n')[0]).toMatchObject({ fields: ['27" screen', '"quoted"'] });
  });

  it('rejects text after a closing quote and reads on', () => {
    const items = read('a,"b"x,c\nd,e,f\n');
    expect(items[0]).toEqual({ line: 1, raw: 'a,"b"x,c', error: 'not valid CSV: a quoted field (field 2) has text after its closing quote; quotes inside a quoted field are written ""' });
    expect(simplify(items)[1]).toEqual({ line: 2, fields: ['d', 'e', 'f'], raw: 'd,e,f' });
  });

  it('lets a quote that never closes cost only its own line', () => {
    expect(simplify(read('1,"open\n2,b\n3,c\n'))).toEqual([
      { line: 1, error: true, raw: '1,"open' },
      { line: 2, fields: ['2', 'b'], raw: '2,b' },
      { line: 3, fields: ['3', 'c'], raw: '3,c' },
    ]);
  });

  it('rejects a record over the limit without holding it, and reads on', () => {
    const long = 'x'.repeat(5000);
    const items = read(`1,a\n2,${long}\n3,c\n`, [10, 100, 1000, 1000, 1000, 1000, 1000], 1024);
    expect(items.map((i) => [i.line, i.error === undefined])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect(items[1]!.raw.length).toBeLessThan(1100);
    expect(items[1]!.error).toMatch(/the line is 5 KiB long, over the 1 KiB limit/);
  });

  it('rejects only the first line of a quoted field that does not close within the limit', () => {
    const items = read(`1,"open\n${'2,b\n'.repeat(400)}`, [], 1024);
    expect(items[0]).toMatchObject({ line: 1, raw: '1,"open', error: expect.stringMatching(/does not close within 1 KiB/) });
    expect(items.slice(1).every((i) => i.error === undefined)).toBe(true);
    expect(items.length).toBe(401);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('a,b', 'q"q', '\r\n', '\n', '"', ''));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }), cuts, (records, cut) => {
        const text = records.map((r) => r.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';
        const whole = read(text);
        expect(whole.map((i) => i.fields)).toEqual(records);
        expect(simplify(read(text, cut))).toEqual(simplify(whole));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same records and rejections for broken text however it is cut, under any limit', () => {
    fc.assert(
      fc.property(messy, cuts, fc.constantFrom(1 << 20, 12, 5, 2), (text, cut, max) => {
        expect(read(text, cut, max)).toEqual(read(text, [], max));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads text without quotes (split without csv-parse) exactly as csv-parse reads it, however it is cut', () => {
    const plain = fc.array(fc.constantFrom('a', 'b', ',', '\n', '\r\n', '\r', ' ', 'xy', ';', 'é', '𝄞', '=1+2'), { maxLength: 80 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(plain, cuts, (text, cut) => {
        const expected = parse(text.endsWith('\r') ? `${text}\n` : text, {
          delimiter: ',',
          record_delimiter: ['\r\n', '\n'],
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: false,
          bom: false,
        }) as string[][];
        const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
        if (text === '' || text.endsWith('\n')) lines.pop();
        const items = read(text, cut);
        expect(items.map((i) => i.fields)).toEqual(expected);
        expect(items.map((i) => ({ line: i.line, raw: i.raw }))).toEqual(lines.map((raw, k) => ({ line: k + 1, raw })));
      }),
      { numRuns: 2000 },
    );
  });

  it('loses nothing: the raw texts are the file, line by line, and line numbers follow them', () => {
    fc.assert(
      fc.property(messy, (text) => {
        let pos = 0;
        let line = 1;
        for (const item of read(text)) {
          expect(item.line).toBe(line);
          expect(text.startsWith(item.raw, pos)).toBe(true);
          pos += item.raw.length;
          pos += text.startsWith('\r\n', pos) ? 2 : text[pos] === '\n' || (text[pos] === '\r' && pos === text.length - 1) ? 1 : 0;
          line += item.raw.split('\n').length;
        }
        expect(pos).toBe(text.length);
      }),
      { numRuns: 2000 },
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
