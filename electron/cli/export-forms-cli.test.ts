/**
 * `billing export --preview` names the form each approved document goes out in (e-invoicing.md), through the real
 * command on a real database file: the same engine read (export/export-forms.ts) as the export page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentForm } from '../../shared/api';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
const P = '2026-10';
const ok = (...args: string[]) => billingOk([...args, '--db', db, '--as', 'dana']);
const SLOW = 300_000;
const base = { start_date: '2026-01-01', payment_terms_days: 30, discount_percent: '0', charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount: '100.00' }] };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-forms-'));
  db = join(dir, 'book.db');
  writeFileSync(join(dir, 'agreements.json'), JSON.stringify([
    { ...base, agreement_id: 'AG-U', account_id: 'UBLCO', currency: 'EUR', tax_rate: '0.19', buyer_country: 'DE', buyer_reference: 'R-1', e_invoice: 'ubl' },
    { ...base, agreement_id: 'AG-B', account_id: 'GULF', currency: 'BHD', tax_rate: '0.10', buyer_country: 'BH', buyer_reference: 'R-2', e_invoice: 'cii', charges: [{ ...base.charges[0], amount: '100.125' }] },
    { ...base, agreement_id: 'AG-X', account_id: 'VAGUE', currency: 'EUR', tax_rate: '0', e_invoice: 'facturx' },
    { ...base, agreement_id: 'AG-P', account_id: 'PLAIN', currency: 'USD', tax_rate: '0' },
  ]));
  ok('import', join(dir, 'agreements.json'));
  ok('settings', 'branding', '--seller-country', 'DE', '--seller-vat-id', 'DE123456789');
  ok('rate', '--period', P);
  ok('approve', 'AG-U@2026-10', 'AG-B@2026-10', 'AG-X@2026-10', 'AG-P@2026-10', '--override', 'checked by hand');
}, SLOW);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing export --preview', () => {
  it('prints and returns the form of each approved document, and the sentence where it is not the one asked for', () => {
    const text = ok('export', '--period', P, '--preview');
    expect(text).toContain('Goes out as: PDF 2, UBL + PDF 1, left out 1.');
    expect(text).toContain('  AG-U@2026-10: UBL + PDF\n');
    expect(text).toMatch(/ {2}AG-B@2026-10: PDF \(asks for CII \+ PDF\): BHD amounts have 3 decimals, which EN 16931 e-invoices cannot express/);
    expect(text).toMatch(/ {2}AG-X@2026-10: left approved, not finalized \(asks for Factur-X\): AG-X@2026-10 cannot be an e-invoice: it lacks the agreement's buyer_country/);
    expect(text).not.toContain('AG-P@2026-10:');

    const { forms } = JSON.parse(ok('export', '--period', P, '--preview', '--json')) as { forms: DocumentForm[] };
    expect(forms.map((f) => [f.invoice_id, f.status, f.agreement_form, f.form])).toEqual([
      ['AG-B@2026-10', 'approved', 'cii', 'pdf'],
      ['AG-P@2026-10', 'approved', null, 'pdf'],
      ['AG-U@2026-10', 'approved', 'ubl', 'ubl'],
      ['AG-X@2026-10', 'approved', 'facturx', null],
    ]);

    // After the export (which fails naming the document it left out): what was issued, by number; the incomplete one still waits.
    const exported = billing(['export', '--period', P, '--out', join(dir, 'out'), '--issue-date', '2026-11-02', '--db', db, '--as', 'dana']);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('It was left approved; the rest of the period was exported.');
    const after = (JSON.parse(ok('export', '--period', P, '--preview', '--json')) as { forms: DocumentForm[] }).forms;
    expect(after.filter((f) => f.status === 'finalized').map((f) => [f.invoice_id, f.form, f.invoice_number !== null])).toEqual(
      expect.arrayContaining([['AG-U@2026-10', 'ubl', true], ['AG-B@2026-10', 'pdf', true], ['AG-P@2026-10', 'pdf', true]]),
    );
    expect(after.find((f) => f.invoice_id === 'AG-B@2026-10')!.refusal).toMatch(/^BHD amounts have 3 decimals/);
    expect(after.filter((f) => f.status === 'approved').map((f) => f.invoice_id)).toEqual(['AG-X@2026-10']);
    expect(ok('export', '--period', P, '--preview')).toContain('Goes out as: left out 1.');
  }, SLOW);
});
