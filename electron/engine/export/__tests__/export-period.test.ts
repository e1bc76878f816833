/**
 * Finalize and export on a real database: gapless numbers, immutable in the
 * database, PDFs whose text carries the stored figures, balanced journal,
 * formula-safe CSVs, and a cancelled export that changes nothing.
 */
import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Opened } from '../../../../db/open';
import { Decimal } from '../../../../shared/money';
import { importFiles } from '../../import/import-files';
import { createJobContext } from '../../job-context';
import { billPeriod } from '../../commands/rate-period';
import { approveInvoices } from '../../review/approve';
import { invoiceJson } from '../../review/invoice-queries';
import { exportPeriod } from '../export-period';

let dir: string;
let opened: Opened;
const ctx = createJobContext({ actor: 'test' });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-export-'));
  opened = openDatabase(join(dir, 'e.db'));
  const agreements = ['ACME', 'GLOBEX', '=HYPERLINK("http://x")'].map((account, i) => ({
    agreement_id: `AG-${i + 1}`, account_id: account, account_name: `${account} Ltd`, currency: i === 1 ? 'JPY' : 'USD', start_date: '2026-01-01',
    tax_rate: '0.1', discount_percent: '5', deposit: i === 0 ? '100.00' : '0', payment_terms_days: 30,
    charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount: i === 1 ? '120000' : '1234.56' }, { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.002' }],
  }));
  writeFileSync(join(dir, 'agreements.json'), JSON.stringify(agreements));
  writeFileSync(join(dir, 'usage.csv'), 'event_id,account_id,metric,quantity,timestamp\ne1,ACME,api_calls,123456,2026-10-03T00:00:00Z\n');
  await importFiles(opened.sqlite, { files: [{ path: join(dir, 'agreements.json') }, { path: join(dir, 'usage.csv') }] }, ctx);
  billPeriod(opened.sqlite, '2026-10', ctx);
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exportPeriod', () => {
  it('numbers approved invoices gaplessly, writes PDFs with the stored figures, and freezes them in the database', async () => {
    approveInvoices(opened.sqlite, ['AG-1@2026-10', 'AG-2@2026-10'], 'test');
    const out = join(dir, 'out');
    const result = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: out, issueDate: '2026-11-02' }, ctx);
    expect(result.invoices.map((i) => [i.invoice_number, i.file])).toEqual([
      ['INV-2026-000001', 'INV-2026-000001_ACME.pdf'],
      ['INV-2026-000002', 'INV-2026-000002_GLOBEX.pdf'],
    ]);
    const acme = invoiceJson(opened.sqlite, 'AG-1@2026-10');
    expect(acme).toMatchObject({ status: 'finalized', invoice_number: 'INV-2026-000001' });
    const text = execFileSync('pdftotext', ['-layout', join(out, 'INV-2026-000001_ACME.pdf'), '-'], { encoding: 'utf8' });
    for (const amount of [acme.subtotal, acme.tax, acme.total, acme.amount_due, ...acme.lines.map((l) => l.amount.replace('-', ''))]) {
      const grouped = amount.replace(/\B(?=(\d{3})+(?!\d))/, ',');
      expect(text.includes(amount) || text.includes(grouped), `PDF shows ${amount}`).toBe(true);
    }
    expect(text).toContain('INV-2026-000001');
    expect(text).not.toMatch(/DRAFT/);
    expect(() => opened.sqlite.prepare("UPDATE invoices SET total = '0.00' WHERE id = 'AG-1@2026-10'").run()).toThrow(/immutable/);
    expect(() => billPeriod(opened.sqlite, '2026-10', ctx)).not.toThrow();
    expect(invoiceJson(opened.sqlite, 'AG-1@2026-10')).toEqual(acme);
  });

  it('writes a register and a balanced journal, both safe against formula injection', async () => {
    approveInvoices(opened.sqlite, ['AG-1@2026-10', 'AG-3@2026-10'], 'test');
    const result = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: join(dir, 'out'), issueDate: '2026-11-02' }, ctx);
    const register = readFileSync(result.register, 'utf8');
    expect(register.split('\n')[0]).toMatch(/^invoice_number,invoice_id,issue_date,due_date,/);
    expect(register).toContain("'=HYPERLINK");
    expect(register).not.toMatch(/(^|,)=HYPERLINK/m);
    const journal = parse(readFileSync(result.journal, 'utf8')).slice(1);
    for (const number of ['INV-2026-000001', 'INV-2026-000002']) {
      const rows = journal.filter((r) => r[0] === number);
      const debit = rows.reduce((s, r) => s.plus(r[6] || '0'), new Decimal(0));
      const credit = rows.reduce((s, r) => s.plus(r[7] || '0'), new Decimal(0));
      expect(debit.equals(credit), `${number} balances`).toBe(true);
      expect(debit.isZero()).toBe(false);
    }
  });

  it('is idempotent: a second export finalizes nothing new and restores a missing PDF byte for byte', async () => {
    approveInvoices(opened.sqlite, ['AG-1@2026-10'], 'test');
    const out = join(dir, 'out');
    await exportPeriod(opened.sqlite, { period: '2026-10', outDir: out, issueDate: '2026-11-02' }, ctx);
    const original = readFileSync(join(out, 'INV-2026-000001_ACME.pdf'));
    rmSync(join(out, 'INV-2026-000001_ACME.pdf'));
    const again = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: out, issueDate: '2026-12-01' }, ctx);
    expect(again.invoices.map((i) => [i.invoice_number, i.newly_finalized])).toEqual([['INV-2026-000001', false]]);
    expect(readFileSync(join(out, 'INV-2026-000001_ACME.pdf')).equals(original)).toBe(true);
  });

  it('changes nothing and leaves no gap or partial file when cancelled', async () => {
    approveInvoices(opened.sqlite, ['AG-1@2026-10', 'AG-2@2026-10'], 'test');
    const out = join(dir, 'out');
    let checks = 0;
    const cancelling = createJobContext({ actor: 'test', isCancelled: () => ++checks > 1 });
    await expect(exportPeriod(opened.sqlite, { period: '2026-10', outDir: out }, cancelling)).rejects.toThrow(/cancelled/);
    expect(invoiceJson(opened.sqlite, 'AG-1@2026-10').status).toBe('approved');
    expect(readdirSync(out)).toEqual([]);
    const result = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: out, issueDate: '2026-11-02' }, ctx);
    expect(result.invoices[0]!.invoice_number).toBe('INV-2026-000001');
  });
});
