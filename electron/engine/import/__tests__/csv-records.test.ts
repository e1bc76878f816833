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

/** csv-parse over the whole text, with line numbers and raw texts; null when the text ends inside a quoted field. */
function reference(text: string): { line: number; raw: string; fields: string[] }[] | null {
  const whole = text.endsWith('\r') ? `${text}\n` : text;
  let unclosed = false;
  const records = parse(whole, {
    delimiter: ',',
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    bom: false,
    on_skip: (error) => {
      if (error?.code !== 'CSV_QUOTE_NOT_CLOSED') throw error ?? new Error('csv-parse skipped a record without saying why');
      unclosed = true;
    },
  });
  if (unclosed) return null;
  const lines = whole.split('\n');
  let at = 0;
  return records.map((fields) => {
    const span = fields.reduce((n, f) => n + f.split('\n').length - 1, 0) + 1;
    const raw = lines.slice(at, at + span).join('\n');
    const record = { line: at + 1, raw: raw.endsWith('\r') && at + span < lines.length ? raw.slice(0, -1) : raw, fields };
    at += span;
    return record;
  });
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

  it('rejects a quoted field over the limit as one record naming its lines, and resumes after its closing quote', () => {
    // The quoted note holds 400 lines shaped like rows: none of them may come out as a record.
    const note = '2,b\n'.repeat(400);
    const text = `0,ok\r\n1,"${note}end"\r\n3,"x\ny"\n`;
    for (const chunks of [[], [7, 100, 3, 1000, 2], Array.from({ length: 400 }, () => 5)]) {
      const items = read(text, chunks, 1024);
      expect(simplify(items)).toEqual([
        { line: 1, fields: ['0', 'ok'], raw: '0,ok' },
        { line: 2, error: true, raw: expect.stringMatching(/^1,"2,b\n2,b\n[\s\S]*… \[2 KiB record, lines 2 to 402, shortened\]$/) as string },
        { line: 403, fields: ['3', 'x\ny'], raw: '3,"x\ny"' },
      ]);
      expect(items[1]!.raw.length).toBeLessThan(1100);
      expect(items[1]!.error).toBe(
        'not valid CSV: this record runs from line 2 to line 402 because a quoted field holds line breaks, and at 2 KiB it is over the 1 KiB limit for one record (a very long text, or rows merged by a stray quote on line 2)',
      );
    }
  });

  it('rejects a quoted field over the limit that never closes as one record running to the end of the file', () => {
    const items = read(`0,ok\n1,"open\n${'2,b\n'.repeat(400)}`, [3, 500], 1024);
    expect(items.map((i) => [i.line, i.error === undefined])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(items[1]!.error).toMatch(/^not valid CSV: a quoted field opened on line 2 is never closed, so everything from there to the end of the file \(line 402, 2 KiB\) is one record/);
  });

  it('rejects a row with a CR outside quotes that does not end a line, in the split and the csv-parse paths', () => {
    for (const text of ['a,b\nc\rd,e\nf,g\n', 'a,"b"\nc\rd,e\nf,"g\rh"\n', 'a,b\r\nc,d\r\r\ne,f\r\n']) {
      const items = read(text);
      expect(items.map((i) => i.error === undefined)).toEqual([true, false, true]);
      expect(items[1]!.error).toMatch(/carriage return \(CR\) outside quotes/);
    }
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
        });
        const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
        if (text === '' || text.endsWith('\n')) lines.pop();
        const items = read(text, cut);
        // A CR that does not end a line is rejected with its row; every other row is csv-parse's.
        expect(items.map((i) => (i.raw.includes('\r') ? undefined : i.fields))).toEqual(expected.map((fields, k) => (lines[k]!.includes('\r') ? undefined : fields)));
        expect(items.every((i) => (i.error === undefined) === !i.raw.includes('\r'))).toBe(true);
        expect(items.map((i) => ({ line: i.line, raw: i.raw }))).toEqual(lines.map((raw, k) => ({ line: k + 1, raw })));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads quoted fields spanning chunks and blocks exactly as csv-parse reads the whole text, under any limit', () => {
    // Fields with commas, doubled quotes, CRLF and LF line breaks, long runs; quotes that open mid-field are literal.
    const inner = fc.array(fc.constantFrom('a', ',', '""', '\n', '\r\n', ' ', 'é', '𝄞', 'x'.repeat(70), '2,b\n'), { maxLength: 12 }).map((p) => `"${p.join('')}"`);
    const plain = fc.array(fc.constantFrom('a', 'b', ' ', '27"', 'é', 'y'.repeat(50)), { maxLength: 4 }).map((p) => p.join(''));
    const record = fc.array(fc.oneof(inner, plain), { minLength: 1, maxLength: 5 }).map((f) => f.join(','));
    const structured = fc
      .tuple(fc.array(record, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
      .map(([records, eol, last]) => records.join(eol) + (last ? eol : ''));
    const chunks = fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(structured, messy), chunks, fc.constantFrom(1 << 20, 100, 40, 12, 5, 2), (text, cut, max) => {
        const expected = reference(text);
        if (expected === null) return; // the text ends inside a quoted field: csv-parse has no answer to compare with
        const items = read(text, cut, max);
        expect(items.map((i) => i.line)).toEqual(expected.map((r) => r.line));
        items.forEach((item, k) => {
          const r = expected[k]!;
          if (r.raw.length > max) {
            expect(item.error).toMatch(/over the .* limit for one record/);
          } else if (item.error === undefined) {
            expect(item).toEqual({ line: r.line, raw: r.raw, fields: r.fields });
          } else {
            expect(item.raw).toBe(r.raw);
            if (/carriage return/.test(item.error)) expect(r.raw).toContain('\r');
            else expect(r.fields.some((f) => f.startsWith('"'))).toBe(true);
          }
        });
      }),
      { numRuns: 3000 },
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
