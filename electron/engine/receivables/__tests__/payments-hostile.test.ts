/**
 * Hostile payments and disputes files through importFiles on a real SQLite
 * file: odd encodings, a truncated file, wrong JSON types, invisible
 * characters in ids and formula text. Each row ends imported or rejected with
 * a reason; nothing crashes, and formula text stays inert text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../import/import-files';
import { undoImport } from '../../import/undo-import';
import { rejectionsCsv } from '../../review/rejections';
import { count, ctx, rows, scratch, type Scratch } from '../../import/__tests__/helpers';

let s: Scratch;
beforeEach(() => {
  s = scratch();
});
afterEach(() => s.cleanup());

const HEADER = 'payment_id,date,account_id,amount,currency,reference\n';
const importOne = async (path: string) => (await importFiles(s.opened.sqlite, { files: [{ path }] }, ctx())).files[0]!;
const rejected = () => rows<{ line: number; field: string | null; reason: string }>(s, 'SELECT line, field, reason FROM rejected_rows ORDER BY id');

describe('hostile payments files', () => {
  it('reads Windows-1252 and UTF-16 files as the text they are', async () => {
    const cp1252 = Buffer.concat([Buffer.from(`${HEADER}P1,2026-10-01,ACME,10.00,EUR,Caf`, 'latin1'), Buffer.from([0xe9]), Buffer.from(' \u0080 bill\n', 'latin1')]);
    const r1 = await importOne(s.file('bank.csv', cp1252));
    expect(r1).toMatchObject({ kind: 'payments', imported: 1, rejected: 0 });
    expect(r1.notes?.join(' ')).toMatch(/Windows-1252/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}P2,2026-10-01,ACME,5,JPY,東京 振込\r\n`, 'utf16le')]);
    expect(await importOne(s.file('bank16.csv', utf16))).toMatchObject({ kind: 'payments', imported: 1, rejected: 0 });
    expect(rows(s, 'SELECT payment_id, amount, currency, reference FROM payments ORDER BY id')).toEqual([
      { payment_id: 'P1', amount: '10.00', currency: 'EUR', reference: 'Café € bill' },
      { payment_id: 'P2', amount: '5', currency: 'JPY', reference: '東京 振込' },
    ]);
  });

  it('rejects a truncated last row and invisible characters in ids, and keeps formula text as inert text', async () => {
    const text = [
      HEADER.trim(),
      'P1,2026-10-01,ACME,10.00,USD,"=HYPERLINK(""http://evil"",""x"")"',
      'P2,2026-10-01,AC\u200bME,10.00,USD,',
      'P3\u202e,2026-10-01,ACME,10.00,USD,',
      'P4,2026-10-01,ACME,1234567890123456789.00,USD,',
      'P5,2026-10-01,ACME,1e3,USD,',
      '=cmd|\' /C calc\'!A0,2026-10-01,ACME,oops,USD,',
      'P6,2026-10-01,ACME,10.00,USD,"never closed',
    ].join('\n');
    const r = await importOne(s.file('hostile.csv', text));
    expect(r).toMatchObject({ rows: 7, imported: 1, rejected: 6 });
    expect(rows(s, 'SELECT reference FROM payments')).toEqual([{ reference: '=HYPERLINK("http://evil","x")' }]);
    const reasons = rejected();
    expect(reasons.map((x) => [x.line, x.field])).toEqual([[3, 'account_id'], [4, 'payment_id'], [5, 'amount'], [6, 'amount'], [7, 'amount'], [8, null]]);
    expect(reasons[0]!.reason).toMatch(/invisible zero-width character \(U\+200B\)/);
    expect(reasons[1]!.reason).toMatch(/bidirectional-text control \(U\+202E\)/);
    expect(reasons[2]!.reason).toMatch(/more than 18 digits before the decimal point/);
    expect(reasons[5]!.reason).toMatch(/quote/i);
    // The rejected rows' CSV export neutralises the formula a hostile payment_id carried.
    const { csv } = rejectionsCsv(s.opened.sqlite, {});
    expect(csv).toContain(`"'=cmd|' /C calc'!A0,2026-10-01,ACME,oops,USD,"`);
    expect(csv).not.toMatch(/(^|,)"?=cmd/m);
  });

  it('rejects wrong JSON types row by row and undoes a payments import completely', async () => {
    const records = [
      { payment_id: 'J1', date: '2026-10-01', account_id: 'ACME', amount: 12.5, currency: 'USD' },
      { payment_id: 'J2', date: '2026-10-01', account_id: 'ACME', amount: true, currency: 'USD' },
      { payment_id: ['J3'], date: '2026-10-01', account_id: 'ACME', amount: '1', currency: 'USD' },
      { payment_id: 'J4', date: 20261001, account_id: 'ACME', amount: '1', currency: 'USD' },
      { payment_id: 'J5', date: '2026-10-01', account_id: 'ACME', amount: '1', currency: 'XXY' },
    ];
    const r = await importOne(s.file('payments.json', JSON.stringify(records)));
    expect(r).toMatchObject({ kind: 'payments', rows: 5, imported: 1, rejected: 4 });
    expect(rejected().map((x) => x.field)).toEqual(['amount', 'payment_id', 'date', 'currency']);
    expect(rows(s, 'SELECT amount FROM payments')).toEqual([{ amount: '12.5' }]);
    const undone = undoImport(s.opened.sqlite, r.batchId, ctx(), 'wrong file');
    expect(undone.removed).toMatchObject({ payments: 1, rejected: 4 });
    expect(count(s, 'payments')).toBe(0);
  });

  it('refuses a disputes row for an invoice that is not in the book, and reads the kind from dispute_id', async () => {
    const r = await importOne(s.file('disputes.ndjson', '{"dispute_id":"D1","invoice_number":"INV-1","opened_on":"2026-10-01","reason":"x"}\n{"dispute_id":"D2"}\n'));
    expect(r).toMatchObject({ kind: 'disputes', rows: 2, imported: 0, rejected: 2 });
    expect(rejected().map((x) => [x.field, x.reason])).toEqual([
      ['invoice_number', 'invoice_number "INV-1" is not an invoice number of this book'],
      ['invoice_number', 'invoice_number is missing'],
    ]);
  });
});
