/**
 * Credit notes, branding and numbering through the real `billing` command on a
 * real database file: create → export → PDF and CSVs, refusals as one line on
 * stderr with a non-zero exit, and branding visible in the next PDF.
 */
import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceJsonSchema, type InvoiceJson } from '../../shared/domain';
import { Decimal } from '../../shared/money';
import { makePng, writeBookFiles } from '../engine/export/__tests__/helpers';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
const ACME = 'AG-1@2026-10';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-credit-'));
  db = join(dir, 'book.db');
  billingOk(['import', ...writeBookFiles(dir), '--db', db]);
  billingOk(['rate', '--period', '2026-10', '--db', db]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => billing([...args, '--db', db, '--as', 'dana']);
const ok = (...args: string[]) => billingOk([...args, '--db', db, '--as', 'dana']);
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');

function expectRefused(args: string[], message: RegExp): void {
  const r = run(...args);
  expect(r.code, r.stdout).not.toBe(0);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(message);
}

// Each command is a fresh Node process (about a second of CPU); give the long flows room on a busy 2-core machine.
const SLOW = 240_000;

describe('billing credit-note, export and settings', () => {
  it('refuses a credit note for an invoice that is not finalized', () => {
    expectRefused(['credit-note', ACME, '--reason', 'wrong'], /^billing: Invoice AG-1@2026-10 is a draft; only finalized invoices get credit notes/);
    expectRefused(['credit-note', ACME], /--reason/);
  }, SLOW);

  it('brands, numbers and exports invoices, then credits part of one and exports the credit note', () => {
    const logo = join(dir, 'logo.png');
    writeFileSync(logo, makePng(160, 64, [0x0f, 0x76, 0x6e]));
    const branded = JSON.parse(ok('settings', 'branding', '--company-name', 'Tealstone Data Ltd', '--accent', '#0F766E', '--logo', logo, '--address', '4 Quay Road\\nLeith EH6 6LX', '--json')) as Record<string, unknown>;
    expect(branded).toMatchObject({ company_name: 'Tealstone Data Ltd', accent_color: '#0F766E', company_address: '4 Quay Road\nLeith EH6 6LX' });
    expect(branded['logo']).toMatch(/^\d+ bytes$/);
    expectRefused(['settings', 'branding', '--accent', 'teal'], /^billing: Invalid branding: the accent colour is written #RRGGBB/);
    expectRefused(['settings', 'branding', '--logo', join(dir, 'usage.csv')], /is not a PNG or JPEG image\.$/);
    expect(JSON.parse(ok('settings', 'numbering', '--json'))).toEqual({ invoice_format: 'INV-{YYYY}-{SEQ:6}', credit_note_format: 'CN-{YYYY}-{SEQ:6}' });

    ok('approve', ACME, 'AG-2@2026-10');
    const out = join(dir, 'out');
    expect(ok('export', '--period', '2026-10', '--out', out, '--issue-date', '2026-11-02')).toMatch(/^Exported 2 invoices of 2026-10 \(2 newly finalized\)/m);
    const invoicePdf = join(out, 'INV-2026-000001_ACME.pdf');
    expect(pdfText(invoicePdf)).toContain('Tealstone Data Ltd');
    expect(execFileSync('pdfimages', ['-list', invoicePdf], { encoding: 'utf8' })).toMatch(/image\s+160\s+64\s+rgb/);

    // The line ids, then a credit for the usage line.
    const listing = JSON.parse(ok('credit-note', 'INV-2026-000001', '--list-lines', '--json')) as { lines: { line_id: number; description: string; credited_by: string | null }[] };
    expect(listing.lines.map((l) => l.description)).toEqual(['Platform fee', 'API calls', 'Onboarding']);
    const api = listing.lines[1]!.line_id;
    const cn = invoiceJsonSchema.strict().parse(JSON.parse(ok('credit-note', 'INV-2026-000001', '--reason', 'API calls double counted', '--lines', String(api), '--json')));
    expect(cn).toMatchObject({ invoice_id: `${ACME}/CN1`, invoice_number: null, status: 'draft', subtotal: '-246.91', discount: '-24.69', tax: '-18.33', total: '-240.55', deposit_applied: '0.00', amount_due: '-240.55' });
    expect(cn.lines.map((l) => [l.kind, l.amount])).toEqual([['usage', '-246.91'], ['discount', '24.69']]);
    expect(new Decimal(cn.subtotal).minus(cn.discount).plus(cn.tax).equals(cn.total)).toBe(true);

    expectRefused(['credit-note', ACME, '--reason', 'again', '--lines', String(api)], /is already fully credited \(AG-1@2026-10\/CN1\); nothing of it is left to credit\.$/);
    expectRefused(['credit-note', ACME, '--reason', 'all of it'], /^billing: Invoice INV-2026-000001 already has USD 240\.55 of USD 1,539\.55 credited/);
    expectRefused(['credit-note', ACME, '--reason', 'x', '--lines', '1,a'], /--lines takes line ids/);

    // The period's JSON lists the credit note after the invoice it corrects.
    const period = JSON.parse(ok('invoices', '--period', '2026-10', '--json')) as InvoiceJson[];
    expect(period.map((i) => [i.invoice_id, i.invoice_number, i.status])).toEqual([
      [ACME, 'INV-2026-000001', 'finalized'],
      [`${ACME}/CN1`, null, 'draft'],
      ['AG-2@2026-10', 'INV-2026-000002', 'finalized'],
    ]);

    ok('approve', `${ACME}/CN1`);
    expect(ok('export', '--period', '2026-10', '--out', out, '--issue-date', '2026-11-20')).toMatch(/^Exported 2 invoices and 1 credit note of 2026-10 \(1 newly finalized\)/m);
    const final = (JSON.parse(ok('invoices', '--period', '2026-10', '--json')) as InvoiceJson[]).find((i) => i.invoice_id === `${ACME}/CN1`)!;
    expect(final).toMatchObject({ invoice_number: 'CN-2026-000001', status: 'finalized', total: '-240.55' });
    const text = pdfText(join(out, 'CN-2026-000001_ACME.pdf'));
    for (const expected of ['CREDIT NOTE', 'Credit note number CN-2026-000001', 'Corrects invoice INV-2026-000001', 'Reason: API calls double counted', 'Tealstone Data Ltd',
      'Subtotal USD −246.91', 'Discount 10% USD 24.69', 'Tax (8.25 %) USD −18.33', 'Total USD −240.55', 'Amount credited USD −240.55', 'API calls −123,456 0.002 −246.91']) {
      expect(text).toContain(expected);
    }
    const register = parse<Record<string, string>>(readFileSync(join(out, 'invoice-register_2026-10.csv'), 'utf8'), { columns: true });
    expect(register.map((r) => [r.invoice_number, r.document_type, r.credits_invoice_number, r.total])).toEqual([
      ['INV-2026-000001', 'invoice', '', '1539.55'],
      ['INV-2026-000002', 'invoice', '', '500.00'],
      ['CN-2026-000001', 'credit_note', 'INV-2026-000001', '-240.55'],
    ]);
    const journal = parse(readFileSync(join(out, 'journal_2026-10.csv'), 'utf8')).filter((r) => r[0] === 'CN-2026-000001');
    const side = (col: number) => journal.reduce((s, r) => s.plus(r[col] || '0'), new Decimal(0)).toFixed(2);
    expect([side(6), side(7)]).toEqual(['265.24', '265.24']); // debit usage 246.91 + tax 18.33; credit receivables 240.55 + discount 24.69

    // Finalized: the database refuses to change it, whatever the door.
    expect(() => execFileSync('sqlite3', [db, `UPDATE invoices SET total = '0.00' WHERE id = '${ACME}/CN1'`], { stdio: 'pipe' })).toThrow(/immutable/);
  }, SLOW);

  it('changes the numbering; a bad format is refused', () => {
    // CN-2026-000001 was issued: a new credit-note format starts a new sequence, so it needs --confirm.
    expectRefused(
      ['settings', 'numbering', '--credit-note-format', 'CR-{YYYY}-{SEQ:5}'],
      /^billing: 1 credit note number was already issued with CN-\{YYYY\}-\{SEQ:6\}; a new format starts a new sequence that does not follow on from those numbers, so confirm the change \(add --confirm\) to go ahead\.$/,
    );
    expect(JSON.parse(ok('settings', 'numbering', '--json'))).toEqual({ invoice_format: 'INV-{YYYY}-{SEQ:6}', credit_note_format: 'CN-{YYYY}-{SEQ:6}' });
    expect(JSON.parse(ok('settings', 'numbering', '--credit-note-format', 'CR-{YYYY}-{SEQ:5}', '--confirm', '--json'))).toEqual({
      invoice_format: 'INV-{YYYY}-{SEQ:6}',
      credit_note_format: 'CR-{YYYY}-{SEQ:5}',
    });
    // Numbers name the PDF files: no path characters, whatever else is confirmed.
    expectRefused(['settings', 'numbering', '--invoice-format', '../INV-{SEQ:6}', '--confirm'], /^billing: The invoice number format cannot contain \/ or \\: numbers name the PDF files/);
    expectRefused(['settings', 'numbering', '--invoice-format', 'INV..{SEQ:6}', '--confirm'], /^billing: The invoice number format cannot contain "\.\."/);
    expectRefused(['settings', 'numbering', '--credit-note-format', 'CN\\{SEQ:6}', '--confirm'], /^billing: The credit note number format cannot contain \/ or \\/);
    expectRefused(['settings', 'numbering', '--invoice-format', 'INV\t{SEQ:6}', '--confirm'], /^billing: The invoice number format cannot contain control characters/);
    expectRefused(['settings', 'numbering', '--invoice-format', 'INV 2026', '--confirm'], /^billing: Invalid numbering: invoice_format: the format needs a \{SEQ\}/);
    ok('credit-note', 'INV-2026-000002', '--reason', 'contract cancelled');
    ok('approve', 'AG-2@2026-10/CN1');
    ok('export', '--period', '2026-10', '--out', join(dir, 'out'), '--issue-date', '2026-11-21');
    const period = JSON.parse(ok('invoices', '--period', '2026-10', '--json')) as InvoiceJson[];
    expect(period.find((i) => i.invoice_id === 'AG-2@2026-10/CN1')).toMatchObject({ invoice_number: 'CR-2026-00001', total: '-500.00' });
  }, SLOW);
});
