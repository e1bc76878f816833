/**
 * Import bookkeeping through the real `billing` command: history, rejected rows
 * (kept, shown, exported formula-safe) and undo with re-rating.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
const AGREEMENT = {
  agreement_id: 'AG-1', account_id: 'ACME', account_name: 'Acme', currency: 'USD', start_date: '2026-01-01',
  charges: [{ type: 'usage', code: 'api', description: 'API calls', metric: 'api_calls', aggregation: 'sum', model: 'per_unit', unit_price: '0.01' }],
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-import-cli-'));
  db = join(dir, 'book.db');
  writeFileSync(join(dir, 'agreements.json'), JSON.stringify([AGREEMENT]));
  writeFileSync(
    join(dir, 'usage.csv'),
    [
      'event_id,account_id,metric,quantity,timestamp',
      'e1,ACME,api_calls,100,2026-10-01T00:00:00Z',
      'e2,ACME,api_calls,abc,2026-10-02T00:00:00Z',
      'e3,=cmd|\' /C calc\'!A0,api_calls,5,2026-10-03T00:00:00Z',
      'e4,ACME,api_calls,50,2026-02-30T00:00:00Z',
      'e5,ACME,api_calls,200,2026-10-04T00:00:00Z',
    ].join('\n'),
  );
  billingOk(['import', join(dir, 'agreements.json'), join(dir, 'usage.csv'), '--db', db]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing imports / rejected / undo', () => {
  it('lists the history with the counts of each file', () => {
    const history = JSON.parse(billingOk(['imports', '--json', '--db', db])) as { batchId: number; file: string; kind: string; rows: number; imported: number; rejected: number; status: string }[];
    expect(history.map((b) => [b.kind, b.rows, b.imported, b.rejected, b.status])).toEqual([
      ['usage', 5, 3, 2, 'complete'],
      ['agreements', 1, 1, 0, 'complete'],
    ]);
  });

  it('shows every rejected row with file, line, field and reason, and filters them', () => {
    const rows = JSON.parse(billingOk(['rejected', '--json', '--db', db])) as { file: string; line: number; field: string; reason: string; raw: string }[];
    expect(rows.map((r) => [r.line, r.field])).toEqual([
      [3, 'quantity'],
      [5, 'timestamp'],
    ]);
    expect(rows[0]?.file).toMatch(/usage\.csv$/);
    expect(rows[0]?.raw).toBe('e2,ACME,api_calls,abc,2026-10-02T00:00:00Z');
    const onlyDates = JSON.parse(billingOk(['rejected', '--field', 'timestamp', '--json', '--db', db])) as unknown[];
    expect(onlyDates).toHaveLength(1);
    const searched = JSON.parse(billingOk(['rejected', '--search', 'ABC', '--json', '--db', db])) as { line: number }[];
    expect(searched.map((r) => r.line)).toEqual([3]);
  });

  it('keeps a formula as text on import and neutralizes it in every CSV it writes', () => {
    const out = join(dir, 'rejects.csv');
    writeFileSync(join(dir, 'bad.csv'), 'event_id,account_id,metric,quantity,timestamp\n=HYPERLINK("http://x"),ACME,api_calls,-1,2026-10-05T00:00:00Z\n');
    billingOk(['import', join(dir, 'bad.csv'), '--kind', 'usage', '--db', db]);
    billingOk(['rejected', '--search', 'hyperlink', '--out', out, '--db', db]);
    const csv = readFileSync(out, 'utf8');
    expect(csv.startsWith('\uFEFFfile,import_id,imported_at,line,field,reason,raw\r\n')).toBe(true);
    // the raw cell starts with = in the source; in the export it must start with an apostrophe
    expect(csv).toContain(`"'=HYPERLINK(""http://x""),ACME,api_calls,-1,2026-10-05T00:00:00Z"`);
    expect(csv).not.toMatch(/(^|,)=/m);
  });

  it('undoes an import, re-rates the drafts it fed, and allows importing the file again', () => {
    billingOk(['rate', '--period', '2026-10', '--db', db]);
    const before = JSON.parse(billingOk(['invoices', '--period', '2026-10', '--json', '--db', db])) as { total: string }[];
    // 100 + 5 (the formula account is not ACME) … only ACME rows are billed: 100 + 200 = 300 calls at 0.01
    expect(before.map((i) => i.total)).toEqual(['3.00']);

    const history = JSON.parse(billingOk(['imports', '--json', '--db', db])) as { batchId: number; file: string }[];
    const usage = history.find((b) => b.file.endsWith('usage.csv'));
    const out = billingOk(['undo', String(usage?.batchId), '--reason', 'wrong export', '--db', db]);
    expect(out).toMatch(/removed 3 usage records/);
    expect(out).toMatch(/Re-rated 2026-10/);
    const after = JSON.parse(billingOk(['invoices', '--period', '2026-10', '--json', '--db', db])) as { total: string }[];
    expect(after.map((i) => i.total)).toEqual(['0.00']);

    const again = billing(['undo', String(usage?.batchId), '--db', db]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already undone/);

    const reimport = JSON.parse(billingOk(['import', join(dir, 'usage.csv'), '--json', '--db', db])) as { imported: number }[];
    expect(reimport[0]?.imported).toBe(3);
  });

  it('refuses an import id that is not a number with a usage error', () => {
    const r = billing(['undo', '../etc', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not an import id/);
  });
});

describe('billing import with one bad file among good ones', () => {
  it('imports the good files, refuses the bad one alone with its reason, and exits non-zero', () => {
    const book = join(dir, 'mixed.db');
    const binary = join(dir, 'export.xlsx.csv');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    const r = billing(['import', join(dir, 'agreements.json'), binary, join(dir, 'usage.csv'), '--json', '--db', book]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'billing: export.xlsx.csv is not a text file (it looks like an Excel workbook or a ZIP archive; save it as CSV first). The other 2 files were imported.',
    ]);
    const files = JSON.parse(r.stdout) as { file: string; kind: string | null; imported: number; error?: string }[];
    expect(files.map((f) => [f.kind, f.imported, f.error ?? null])).toEqual([
      ['agreements', 1, null],
      ['usage', 3, null],
      [null, 0, expect.stringContaining('is not a text file')],
    ]);
    const history = JSON.parse(billingOk(['imports', '--json', '--db', book])) as { kind: string }[];
    expect(history.map((b) => b.kind).sort()).toEqual(['agreements', 'usage']);
  });
});
