/**
 * Export paths never leave the chosen folder, whatever the account and
 * agreement ids: hostile ids through the file-name rules, and through a real
 * import → rate → approve → export on a database.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Opened } from '../../db/open';
import { exportPeriod } from '../engine/export/export-period';
import { invoicePdfFileName } from '../engine/export/file-name';
import { shortInvoice } from '../engine/export/__tests__/sample-documents';
import { importFiles } from '../engine/import/import-files';
import { createJobContext } from '../engine/job-context';
import { billPeriod } from '../engine/commands/rate-period';
import { approveInvoices } from '../engine/review/approve';

const HOSTILE = [
  '../../x', '..\\..\\x', '/etc/passwd', 'C:\\Windows\\win.ini', '\\\\server\\share\\x', 'CON', 'con', 'NUL', 'nul.txt', 'COM1', 'LPT9', 'AUX.pdf', 'PRN ',
  'a\u0000b', '\u0000', '..', '.', '...', '.hidden', '-rf', 'x/../../y', 'trailing.', 'trailing ', 'émoji 🧾', '\u202Egnp.exe', 'a:b', 'a|b>c<d*e?f"g', '\r\n',
];

function named(account: string, number: string | null = 'INV-2026-000001', agreement = 'AG-1'): string {
  const base = shortInvoice();
  return invoicePdfFileName({ ...base, draft: number === null, invoice: { ...base.invoice, account_id: account, agreement_id: agreement, invoice_number: number } });
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

function expectSafeName(name: string): void {
  expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*\.pdf$/);
  expect(name).not.toMatch(/\.\.|[/\\:]/);
  expect(name).not.toContain('\u0000');
  expect(name).not.toMatch(WINDOWS_DEVICE);
  expect(name.length).toBeLessThanOrEqual(120);
}

describe('invoice file names from hostile ids', () => {
  it('are plain names for every hostile account, number and agreement', () => {
    for (const bad of HOSTILE) {
      expectSafeName(named(bad));
      expectSafeName(named('ACME', bad));
      expectSafeName(named(bad, bad));
      expectSafeName(named(bad, null, bad));
    }
    expect(named('../../x')).toBe('INV-2026-000001_x.pdf');
    expect(named('ACME', 'CON')).toBe('CON_ACME.pdf'); // only the whole stem is a device name
    expect(named('', 'CON')).toBe('file_CON.pdf');
    expect(named('', 'nul.txt')).toBe('file_nul.txt.pdf');
    expect(named('a\u0000b')).toBe('INV-2026-000001_a_b.pdf');
  });

  it('are plain names for any string, NUL bytes and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.option(fc.string({ unit: 'binary' })), fc.string({ unit: 'grapheme' }), (account, number, agreement) => {
        expectSafeName(named(account, number, agreement));
      }),
      { numRuns: 500 },
    );
  });
});

describe('a real export with hostile account ids', () => {
  let dir: string;
  let opened: Opened;
  const accounts = ['../../escaped', '..\\..\\escaped', '/tmp/escaped', 'CON', 'nul', 'x/../../../y', '.hidden'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billing-export-paths-'));
    opened = openDatabase(join(dir, 'e.db'));
    const ctx = createJobContext({ actor: 'test' });
    const agreements = accounts.map((account, i) => ({
      agreement_id: i % 2 ? `../AG-${i}` : `AG-${i}`, account_id: account, account_name: `${account} Ltd`, currency: 'USD', start_date: '2026-01-01',
      owner: 'Dana Lee', po_number: `PO-${i}`, bill_to: 'Somewhere 1', tax_rate: '0', payment_terms_days: 30,
      charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount: '100.00' }],
    }));
    writeFileSync(join(dir, 'agreements.json'), JSON.stringify(agreements));
    await importFiles(opened.sqlite, { files: [{ path: join(dir, 'agreements.json') }] }, ctx);
    billPeriod(opened.sqlite, '2026-10', ctx);
  });
  afterAll(() => {
    opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every PDF and CSV inside the chosen folder and nowhere else', async () => {
    const ids = opened.sqlite.prepare("SELECT id FROM invoices WHERE period = '2026-10'").pluck().all() as string[];
    expect(ids.length).toBe(accounts.length);
    approveInvoices(opened.sqlite, ids, 'test', 'hostile ids are expected in this test');
    const base = join(dir, 'a', 'b', 'c');
    mkdirSync(base, { recursive: true });
    const out = join(base, 'out');
    const result = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: out, issueDate: '2026-11-02' }, createJobContext({ actor: 'test' }));
    expect(result.invoices).toHaveLength(accounts.length);
    const written = readdirSync(out).sort();
    expect(written).toHaveLength(accounts.length + 2);
    for (const file of written.filter((f) => f.endsWith('.pdf'))) expectSafeName(file);
    expect(readdirSync(base)).toEqual(['out']);
    expect(readdirSync(join(dir, 'a'))).toEqual(['b']);
    expect(readdirSync(dir).sort()).toEqual(['a', 'agreements.json', 'e.db', 'e.db-shm', 'e.db-wal']);
  });
});
