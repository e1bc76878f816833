/**
 * Files people really drop on the importer, each through importFiles on a real
 * SQLite file: every one ends in a clear reason, nothing crashes and nothing
 * is half-imported.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { billingOk } from '../../../cli/__tests__/run-cli';
import { ImportFileError } from '../../errors';
import { importFiles } from '../import-files';
import { count, ctx, footprint, rows, scratch, type Scratch } from './helpers';

let s: Scratch;
beforeEach(() => {
  s = scratch();
});
afterEach(() => s.cleanup());

const USAGE_HEADER = 'event_id,account_id,metric,quantity,timestamp\n';
const run = (path: string, extra: { name?: string; profile?: string } = {}) =>
  importFiles(s.opened.sqlite, { files: [{ path, ...(extra.name ? { name: extra.name } : {}) }], ...(extra.profile ? { profile: extra.profile } : {}) }, ctx()).then((r) => r.files);

/** The job fails as a whole with one sentence naming the file, and the database is as before. */
async function refused(path: string, message: RegExp, extra: { name?: string; profile?: string } = {}): Promise<string> {
  const before = footprint(s);
  const error = await run(path, extra).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  const text = (error as Error).message;
  expect(text).toMatch(message);
  expect(text.split(/(?<=[.!?])\s/).length).toBe(1);
  expect(footprint(s)).toEqual(before);
  return text;
}

describe('files that are not CSV data', () => {
  it('refuses an empty file, and one of only blank lines, as a whole', async () => {
    await refused(s.file('empty.csv', ''), /^empty\.csv is empty\.$/);
    await refused(s.file('blank.csv', '\uFEFF\r\n  \n\n'), /^blank\.csv is empty\.$/);
    await refused(s.file('blank16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(' \r\n', 'utf16le')])), /^blank16\.csv is empty\.$/);
  });

  it('imports an empty JSON array as 0 rows when the kind is given, and asks for the kind otherwise', async () => {
    const path = s.file('none.json', '[]');
    await refused(path, /^none\.json has no records, so whether it holds usage, hours, agreements, payments, disputes or usage rollups cannot be told; choose the kind explicitly\.$/);
    const { files: [r] } = await importFiles(s.opened.sqlite, { files: [{ path }], kind: 'usage' }, ctx());
    expect(r).toMatchObject({ kind: 'usage', rows: 0 });
    expect(r!.notes).toContain('the file has no data rows');
  });

  it('imports a header-only file as a batch of 0 rows and says so', async () => {
    const [r] = await run(s.file('usage.csv', USAGE_HEADER));
    expect(r).toMatchObject({ kind: 'usage', rows: 0, imported: 0, duplicates: 0, rejected: 0 });
    expect(r!.notes).toContain('the file has a header but no data rows');
    expect(count(s, 'import_batches')).toBe(1);
  });

  it('refuses binary garbage with NUL bytes, and names spreadsheets and archives', async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    await refused(s.file('garbage.csv', garbage), /^garbage\.csv is not a text file \(it contains NUL bytes\)\.$/);
    await refused(s.file('book.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), /is not a text file \(it looks like an Excel workbook/);
    await refused(s.file('bom.csv', Buffer.concat([Buffer.from('\uFEFF' + USAGE_HEADER), Buffer.from([0, 1, 2])])), /is not a text file \(it contains NUL bytes\)/);
    // A NUL far into an otherwise fine file still stops the file before any row is kept.
    const late = Buffer.concat([Buffer.from(USAGE_HEADER + 'e1,A,m,1,2026-10-01\n'.repeat(50_000)), Buffer.from([0]), Buffer.from('e2,A,m,1,2026-10-01\n')]);
    await refused(s.file('late.csv', late), /is not a text file/);
  });

  it('refuses a semicolon- or tab-separated file with what it is and what to do', async () => {
    const text = await refused(s.file('semi.csv', 'event_id;account_id;metric;quantity;timestamp\ne1;A;m;1,5;2026-10-01\n'), /is separated by semicolons, but the contract expects commas/);
    expect(text).toMatch(/"delimiter": ";"/);
    await refused(s.file('tabs.csv', 'event_id\taccount_id\tmetric\tquantity\ttimestamp\ne1\tA\tm\t1\t2026-10-01\n'), /is separated by tabs, but the contract expects commas/);
  });

  it('accepts a semicolon file with decimal commas through a profile that declares them', async () => {
    const profile = s.file('semicolon.json', JSON.stringify({ name: 'semi', label: 'Semicolons', kind: 'usage', delimiter: ';', decimal_separator: ',', thousands_separator: '.' }));
    const path = s.file('semi.csv', 'event_id;account_id;metric;quantity;timestamp\ne1;A;m;1,5;2026-10-01\ne2;A;m;1.234,5;2026-10-01\ne3;A;m;1.5;2026-10-01\n');
    const [r] = await run(path, { profile });
    expect(r).toMatchObject({ rows: 3, imported: 2, rejected: 1 });
    expect(rows(s, 'SELECT quantity FROM usage_records ORDER BY id').map((x) => x.quantity)).toEqual(['1.5', '1234.5']);
    expect(rows(s, 'SELECT reason FROM rejected_rows')[0]!.reason).toMatch(/has a "\." but this profile writes decimals with ","/);
  });

  it('refuses a 10 MB file that is one single line', async () => {
    await refused(s.file('one-line.csv', 'x'.repeat(10 << 20)), /has no line break in its first 1\.0 MiB/);
  });

  it('refuses a directory, a missing file and duplicate column names', async () => {
    const dir = join(s.dir, 'folder.csv');
    mkdirSync(dir);
    await refused(dir, /^folder\.csv is not a regular file\.$/);
    await refused(join(s.dir, 'missing.csv'), /^missing\.csv could not be read\.$/);
    await refused(s.file('dup.csv', 'event_id,account_id,metric,quantity,Quantity,timestamp\n'), /has two columns named "quantity"/);
  });
});

describe('rows that are broken or lie', () => {
  it('rejects a truncated last line, cut mid-row or inside a quote, and keeps the rest', async () => {
    const cutRow = await run(s.file('cut.csv', USAGE_HEADER + 'e1,A,m,1,2026-10-01T00:00:00Z\ne2,A,m,2,2026-10-0'));
    expect(cutRow[0]).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
    const cutQuote = await run(s.file('cutq.csv', USAGE_HEADER + 'e3,A,m,1,2026-10-01\ne4,A,"m'));
    expect(cutQuote[0]).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
    const reasons = rows<{ line: number; field: string | null; reason: string; raw: string }>(s, 'SELECT line, field, reason, raw FROM rejected_rows ORDER BY id');
    expect(reasons[0]).toMatchObject({ line: 3, field: 'timestamp', raw: 'e2,A,m,2,2026-10-0' });
    expect(reasons[1]).toMatchObject({ line: 3, field: null, raw: 'e4,A,"m' });
    expect(reasons[1]!.reason).toMatch(/never closed \(is the file cut short\?\)/);
  });

  it('rejects a 10 MB line inside a file with a shortened raw text and imports the rows around it', async () => {
    const path = s.file('big-line.csv', `${USAGE_HEADER}e1,A,m,1,2026-10-01\ne2,A,m,1,"${'n'.repeat(10 << 20)}"\ne3,A,m,3,2026-10-01\n`);
    const [r] = await run(path);
    expect(r).toMatchObject({ rows: 3, imported: 2, rejected: 1 });
    const [bad] = rows<{ line: number; reason: string; raw: string }>(s, 'SELECT line, reason, raw FROM rejected_rows');
    expect(bad!.line).toBe(3);
    expect(bad!.reason).toMatch(/10\.0 MiB long, over the 1\.0 MiB limit/);
    expect(bad!.raw.length).toBeLessThan(2000);
  });

  it('rejects negative, non-numeric and exponent quantities, impossible dates and the future', async () => {
    const tomorrow = new Date(Date.now() + 12 * 3600_000).toISOString();
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const path = s.file(
      'usage.csv',
      USAGE_HEADER +
        'a,A,m,-1,2026-10-01\n' +
        'b,A,m,abc,2026-10-01\n' +
        'c,A,m,1e3,2026-10-01\n' +
        'd,A,m,1,2026-02-30\n' +
        'e,A,m,1,2026-02-30T10:00:00Z\n' +
        `f,A,m,1,${later}\n` +
        `g,A,m,1,${tomorrow}\n` +
        'h,A,m, 2 ,2026-10-01T25:00:00Z\n',
    );
    const [r] = await run(path);
    expect(r).toMatchObject({ rows: 8, imported: 1, rejected: 7 });
    const rejected = rows<{ field: string; reason: string }>(s, 'SELECT field, reason FROM rejected_rows ORDER BY line');
    expect(rejected.map((x) => x.field)).toEqual(['quantity', 'quantity', 'quantity', 'timestamp', 'timestamp', 'timestamp', 'timestamp']);
    expect(rejected[0]!.reason).toMatch(/negative/);
    expect(rejected[1]!.reason).toMatch(/"abc" is not a decimal number/);
    expect(rejected[3]!.reason).toMatch(/"2026-02-30" is not a real/);
    expect(rejected[5]!.reason).toMatch(/timestamp .* is in the future \(more than 1 day after the import\)/);
  });

  it('rejects hours on 2026-02-30 and in the future', async () => {
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const path = s.file('hours.csv', `date,account_id,person,kind,hours,billable\n2026-02-30,A,Ann,support,1,yes\n${later},A,Ann,support,1,yes\n2026-10-01,A,Ann,support,1,yes\n`);
    const [r] = await run(path);
    expect(r).toMatchObject({ kind: 'hours', rows: 3, imported: 1, rejected: 2 });
    expect(rows(s, 'SELECT reason FROM rejected_rows ORDER BY line').map((x) => x.reason)).toEqual([
      expect.stringMatching(/not a real calendar date/),
      expect.stringMatching(/is in the future/),
    ]);
  });

  it('keeps formula-like text as text and skips rows of only commas with a note', async () => {
    const path = s.file('usage.csv', 'event_id,account_id,metric,quantity,timestamp,comment\n' + `e1,"=cmd|' /C calc'!A0",m,1,2026-10-01,@SUM(A1)\n,,,,,\n ,, ,,,\n`);
    const [r] = await run(path);
    expect(r).toMatchObject({ rows: 1, imported: 1 });
    expect(r!.notes).toContain('2 rows with only empty cells were skipped');
    expect(rows(s, 'SELECT account_id, extra FROM usage_records')[0]).toEqual({ account_id: "=cmd|' /C calc'!A0", extra: '{"comment":"@SUM(A1)"}' });
  });

  it('keeps a column called __proto__ as an ordinary extra attribute', async () => {
    const [r] = await run(s.file('usage.csv', 'event_id,account_id,metric,quantity,timestamp,__proto__,constructor\ne1,A,m,1,2026-10-01,x,y\n'));
    expect(r).toMatchObject({ imported: 1 });
    expect(JSON.parse(rows<{ extra: string }>(s, 'SELECT extra FROM usage_records')[0]!.extra)).toEqual({ ['__proto__']: 'x', constructor: 'y' });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('skips the sep=, line Excel writes', async () => {
    const [r] = await run(s.file('usage.csv', 'sep=,\r\n' + USAGE_HEADER + 'e1,A,m,1,2026-10-01\n'));
    expect(r).toMatchObject({ rows: 1, imported: 1 });
  });
});

describe('quotes and line ends that merge or split rows', () => {
  it('names the source column when rows merged by a stray quote land in an id read through a profile', async () => {
    const header = 'Date,Client,Project,Notes,Hours,Billable?,First Name,Last Name\n';
    const path = s.file('harvest.csv', header + '2026-10-05,"Acme Corp,Platform,,1,Yes,Ada,Lovelace\n2026-10-06,Acme Corp",Platform,,1,Yes,Ada,Lovelace\n2026-10-07,Acme Corp,Platform,"two\nlines",1,Yes,Ada,Lovelace\n');
    const [r] = await run(path, { profile: 'harvest' });
    expect(r).toMatchObject({ kind: 'hours', rows: 2, imported: 1, rejected: 1 });
    expect(rows(s, 'SELECT line, field, reason FROM rejected_rows')).toEqual([
      {
        line: 2,
        field: 'account_id',
        reason: 'account_id holds a line break: this record runs from line 2 to line 3, so rows were probably merged by a stray quote (from column "Client")',
      },
    ]);
    // Notes are free text: a quoted line break in them is data.
    expect(rows(s, 'SELECT line, notes FROM time_entries')).toEqual([{ line: 4, notes: 'two\nlines' }]);
  });

  it('reads lines ending CR, CR CR LF, or a mix of CR and CRLF once the first line ends with a lone CR', async () => {
    const body = ['e1,A,m,1,2026-10-01', 'e2,A,m,1,2026-10-01', 'e3,A,m,1,2026-10-01'];
    const [a] = await run(s.file('crcrlf.csv', [USAGE_HEADER.trim(), ...body, ''].join('\r\r\n')));
    expect(a).toMatchObject({ rows: 3, imported: 3 });
    const [b] = await run(s.file('mixed.csv', `${USAGE_HEADER.trim()}\r${body[0]}\r\n${body[1]}\n${body[2]}\r`));
    expect(b).toMatchObject({ rows: 3, duplicates: 3 });
    expect(rows(s, 'SELECT line FROM usage_records ORDER BY id').map((x) => x.line)).toEqual([3, 5, 7]);
  });

  it('refuses a file with no line end of any kind in its first 1 MiB, CR included', async () => {
    await refused(s.file('long-cr.csv', `${'x'.repeat(2 << 20)}\r1,2\r`), /has no line break in its first 1\.0 MiB/);
  });
});

describe('text encodings', () => {
  const text = USAGE_HEADER + 'e1,Zoë Café,m,1,2026-10-01\ne2,Łódź €,m,2,2026-10-01\n';

  it('decodes UTF-16 LE and BE with a byte-order mark', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    const [a] = await run(s.file('le.csv', le));
    expect(a).toMatchObject({ imported: 2 });
    expect(a!.notes).toContain('decoded as UTF-16 LE');
    const [b] = await run(s.file('be.csv', be));
    expect(b).toMatchObject({ duplicates: 2 });
    expect(b!.notes).toContain('decoded as UTF-16 BE');
    expect(rows(s, 'SELECT account_id FROM usage_records ORDER BY id').map((x) => x.account_id)).toEqual(['Zoë Café', 'Łódź €']);
  });

  it('decodes UTF-16 LE without a byte-order mark', async () => {
    const [r] = await run(s.file('le.csv', Buffer.from(text, 'utf16le')));
    expect(r).toMatchObject({ imported: 2 });
    expect(r!.notes![0]).toMatch(/UTF-16 LE \(no byte-order mark\)/);
  });

  it('reads invalid UTF-8 as Windows-1252 and says so', async () => {
    // "Zoë Café – €5" in Windows-1252: ë=EB, é=E9, en dash=96, €=80
    const bytes = Buffer.concat([Buffer.from(USAGE_HEADER + 'e1,Zo'), Buffer.from([0xeb]), Buffer.from(' Caf'), Buffer.from([0xe9, 0x20, 0x96, 0x20, 0x80]), Buffer.from('5,m,1,2026-10-01\n')]);
    const [r] = await run(s.file('latin.csv', bytes));
    expect(r).toMatchObject({ imported: 1 });
    expect(r!.notes!.join(' ')).toMatch(/not valid UTF-8, so it was decoded as Windows-1252/);
    expect(rows(s, 'SELECT account_id FROM usage_records')[0]!.account_id).toBe('Zoë Café – €5');
  });
});

describe('file names', () => {
  it('stores the given name only as a cleaned label and reads the real path', async () => {
    const path = s.file('real.csv', USAGE_HEADER + 'e1,A,m,1,2026-10-01\n');
    const [r] = await run(path, { name: '../../etc/passwd\u202Evsc.csv' });
    expect(r!.file).toBe('passwdvsc.csv');
    const [w] = await run(path, { name: 'C:\\Users\\x\\..\\..\\Windows\\win.ini' });
    expect(w).toMatchObject({ file: 'win.ini', duplicates: 1 });
    expect(rows(s, 'SELECT file_name FROM import_batches ORDER BY id').map((x) => x.file_name)).toEqual(['passwdvsc.csv', 'win.ini']);
  });
});

/**
 * The same hostile inputs through the real `billing` command on the scratch
 * database file: what a person sees (text, --json, the history) and what is stored.
 */
describe('through the billing command', () => {
  interface FileResult {
    file: string;
    kind: string;
    rows: number;
    imported: number;
    duplicates: number;
    rejected: number;
    notes: string[];
  }
  interface Rejection {
    file: string;
    line: number;
    field: string | null;
    reason: string;
    raw: string;
  }
  const db = () => join(s.dir, 'test.db');
  const importJson = (path: string, ...args: string[]): FileResult[] => JSON.parse(billingOk(['import', path, '--json', ...args, '--db', db()])) as FileResult[];
  const rejections = (): Rejection[] => (JSON.parse(billingOk(['rejected', '--json', '--db', db()])) as Rejection[]).sort((a, b) => a.line - b.line);
  const history = () => JSON.parse(billingOk(['imports', '--json', '--db', db()])) as { file: string; notes: string[] }[];
  const stored = (column: string, table = 'usage_records') => rows<Record<string, unknown>>(s, `SELECT ${column} AS v FROM ${table} ORDER BY id`).map((r) => r.v);
  /** One NDJSON usage record; `quantity` is the JSON token exactly as written. */
  const usage = (id: string, quantity = '"1"', extra = '') =>
    `{"event_id":"${id}","account_id":"A","metric":"m","quantity":${quantity},"timestamp":"2026-10-01T00:00:00Z"${extra}}`;

  it('reads a UTF-8 file with one invalid byte as UTF-8, rejects only that row, and says so everywhere', () => {
    const bytes = Buffer.concat([
      Buffer.from(USAGE_HEADER + 'e1,José Müller,m,1,2026-10-01\ne2,A'),
      Buffer.from([0xff]),
      Buffer.from('B,m,2,2026-10-01\ne3,Zoë,m,3,2026-10-01\n'),
    ]);
    const path = s.file('mostly-utf8.csv', bytes);
    const text = billingOk(['import', path, '--db', db()]);
    expect(stored('account_id')).toEqual(['José Müller', 'Zoë']);
    expect(rejections()).toEqual([
      expect.objectContaining({ line: 3, field: null, reason: expect.stringMatching(/^holds bytes that are not valid UTF-8/) as string, raw: 'e2,A\uFFFDB,m,2,2026-10-01' }),
    ]);
    const note = /1 row holds bytes that are not valid UTF-8 and was rejected; the rest of the file is UTF-8/;
    expect(text).toMatch(note);
    const [again] = importJson(path);
    expect(again).toMatchObject({ file: 'mostly-utf8.csv', kind: 'usage', rows: 3, imported: 0, duplicates: 2, rejected: 1 });
    expect(again!.notes.join('\n')).toMatch(note);
    expect(history()[1]!.notes.join('\n')).toMatch(note);
    expect(billingOk(['imports', '--db', db()])).toMatch(note);
  });

  it('still reads a Windows-1252 file as Windows-1252, and the note reaches --json and the history', () => {
    const bytes = Buffer.concat([Buffer.from(USAGE_HEADER + 'e1,Zo'), Buffer.from([0xeb]), Buffer.from(' M'), Buffer.from([0xfc]), Buffer.from('ller,m,1,2026-10-01\n')]);
    const [r] = importJson(s.file('latin.csv', bytes));
    expect(r).toMatchObject({ imported: 1, rejected: 0 });
    expect(r!.notes.join(' ')).toMatch(/decoded as Windows-1252/);
    expect(stored('account_id')).toEqual(['Zoë Müller']);
    expect(history()[0]!.notes.join(' ')).toMatch(/decoded as Windows-1252/);
    const [plain] = importJson(s.file('plain.csv', USAGE_HEADER + 'e2,A,m,1,2026-10-01\n'));
    expect(plain!.notes).toEqual([]);
  });

  it('shows the UTF-16 decoding in the text output and the history', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(USAGE_HEADER + 'e1,A,m,1,2026-10-01\n', 'utf16le')]);
    expect(billingOk(['import', s.file('le.csv', le), '--db', db()])).toMatch(/decoded as UTF-16 LE/);
    expect(billingOk(['imports', '--db', db()])).toMatch(/decoded as UTF-16 LE/);
  });

  it('rejects JSON records with duplicate keys or keys that differ only in case', () => {
    const lines = [
      usage('k1'),
      usage('k2', '"1"', ',"Account_ID":"B"'),
      '{"event_id":"k3","account_id":"A","account_id":"B","metric":"m","quantity":"1","timestamp":"2026-10-01"}',
      usage('k4', '"1"', ',"tags":{"a":1,"a":2}'),
    ];
    const [r] = importJson(s.file('keys.ndjson', lines.join('\n') + '\n'));
    expect(r).toMatchObject({ rows: 4, imported: 1, rejected: 3 });
    const rejected = rejections();
    expect(rejected.map((x) => [x.line, x.reason])).toEqual([
      [2, expect.stringMatching(/has the keys "account_id" and "Account_ID", which name the same field/)],
      [3, expect.stringMatching(/has the key "account_id" twice/)],
      [4, expect.stringMatching(/has the key "a" twice/)],
    ]);
    expect(rejected[0]!.raw).toBe(lines[1]);
    const [j] = importJson(s.file('keys.json', `[${lines[0]!.replace('k1', 'j1')},${lines[2]!.replace('k3', 'j3')}]`));
    expect(j).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
    expect(stored('account_id')).toEqual(['A', 'A']);
  });

  it('rejects JSON numbers that are not exact as written, and keeps the exact ones', () => {
    const lines = [usage('n1', '1.0000000000000001'), usage('n2', '1.50'), usage('n3', '2', ',"ref":12345678901234567890'), usage('n4', '1e400')];
    const [r] = importJson(s.file('numbers.ndjson', lines.join('\n')));
    expect(r).toMatchObject({ rows: 4, imported: 1, rejected: 3 });
    expect(stored('quantity')).toEqual(['1.5']);
    expect(rejections().map((x) => [x.line, x.field, x.reason])).toEqual([
      [1, 'quantity', expect.stringMatching(/quantity 1\.0000000000000001 cannot be held exactly as a JSON number; write it as a string/)],
      [3, 'ref', expect.stringMatching(/ref 12345678901234567890 cannot be held exactly/)],
      [4, 'quantity', expect.stringMatching(/quantity 1e400 cannot be held exactly/)],
    ]);
    // A file whose only record is rejected still tells its kind from that record's keys.
    const [only] = importJson(s.file('only.ndjson', usage('n5', '1.0000000000000001')));
    expect(only).toMatchObject({ kind: 'usage', rows: 1, imported: 0, rejected: 1 });
  });

  it('rejects dates and timestamps before 2000 instead of storing them as 19xx', () => {
    const [u] = importJson(
      s.file('years.csv', USAGE_HEADER + 'y1,A,m,1,0999-10-01\ny2,A,m,1,0099-10-01T00:00:00Z\ny3,A,m,1,0001-01-01\ny4,A,m,1,1970-01-01T00:00:00Z\ny5,A,m,1,2026-10-01\n'),
    );
    expect(u).toMatchObject({ rows: 5, imported: 1, rejected: 4 });
    const [h] = importJson(s.file('hours.csv', 'date,account_id,person,kind,hours,billable\n0999-10-01,A,Ann,support,1,yes\n2026-10-01,A,Ann,support,1,yes\n'));
    expect(h).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
    expect(stored('ts')).toEqual(['2026-10-01T00:00:00.000Z']);
    const reasons = rejections().map((x) => `${x.file}:${x.line} ${x.field} ${x.reason}`);
    expect(reasons).toEqual([
      expect.stringMatching(/^hours\.csv:2 date date 0999-10-01 is before 2000-01-01/),
      expect.stringMatching(/^years\.csv:2 timestamp timestamp 0999-10-01T00:00:00\.000Z is before 2000-01-01/),
      expect.stringMatching(/^years\.csv:3 timestamp timestamp 0099-10-01T00:00:00\.000Z is before 2000-01-01/),
      expect.stringMatching(/^years\.csv:4 timestamp timestamp 0001-01-01T00:00:00\.000Z is before 2000-01-01/),
      expect.stringMatching(/^years\.csv:5 timestamp timestamp 1970-01-01T00:00:00\.000Z is before 2000-01-01/),
    ]);
  });

  it('rejects a deeply nested NDJSON line with its line number and imports the rest', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const lines = [usage('d1'), usage('d2', '"1"', `,"x":${deep}`), deep, usage('d4')];
    const [r] = importJson(s.file('deep.ndjson', lines.join('\n') + '\n'));
    expect(r).toMatchObject({ rows: 4, imported: 2, rejected: 2 });
    expect(rejections().map((x) => [x.file, x.line, x.reason])).toEqual([
      ['deep.ndjson', 2, expect.stringMatching(/is nested more than 64 levels deep/)],
      ['deep.ndjson', 3, expect.stringMatching(/is nested more than 64 levels deep/)],
    ]);
    const [j] = importJson(s.file('deep.json', `[${usage('d5')},${deep}]`));
    expect(j).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
  });

  it('rejects quantities and hours that cannot be kept exactly instead of rounding them', () => {
    const forty = '1234567890123456789012345678901234567890';
    const [u] = importJson(
      s.file(
        'precision.csv',
        USAGE_HEADER + `p1,A,m,${forty},2026-10-01\np2,A,m,0.1234567890123,2026-10-01\np3,A,m,123456789012345678.123456789012,2026-10-01\n`,
      ),
    );
    expect(u).toMatchObject({ rows: 3, imported: 1, rejected: 2 });
    expect(stored('quantity')).toEqual(['123456789012345678.123456789012']);
    const [h] = importJson(s.file('hours.csv', 'date,account_id,person,kind,hours,billable\n2026-10-01,A,Ann,support,1.0000000000001,yes\n'));
    expect(h).toMatchObject({ rows: 1, rejected: 1 });
    expect(rejections().map((x) => [x.line, x.field, x.reason])).toEqual([
      [2, 'hours', expect.stringMatching(/hours 1\.0000000000001 has more than 12 decimals/)],
      [2, 'quantity', expect.stringMatching(/quantity 1234567890123456789012345678901234567890 has more than 18 digits before the decimal point/)],
      [3, 'quantity', expect.stringMatching(/quantity 0\.1234567890123 has more than 12 decimals/)],
    ]);
  });
});
