/**
 * Controls around finalizing, through the real `billing` command on a real
 * database file: a credit note is approved on its own before the export
 * finalizes it (a draft is left alone and can be discarded with a reason), an
 * amount of one line can be credited several times but never past the line,
 * a document whose currency is not ISO 4217 stops the export before anything
 * is written, and `billing export --preview` prints the bill-run summary and
 * changes nothing.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSummary } from '../../shared/api';
import type { InvoiceJson } from '../../shared/domain';
import { Decimal } from '../../shared/money';
import { writeBookFiles } from '../engine/export/__tests__/helpers';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
const ACME = 'AG-1@2026-10';
const GLOBEX = 'AG-2@2026-10';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-controls-'));
  db = join(dir, 'book.db');
  billingOk(['import', ...writeBookFiles(dir), '--db', db]);
  billingOk(['rate', '--period', '2026-10', '--db', db]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => billing([...args, '--db', db, '--as', 'dana']);
const ok = (...args: string[]) => billingOk([...args, '--db', db, '--as', 'dana']);

function refused(args: string[], message: RegExp, code = 1): void {
  const r = run(...args);
  expect(r.code, r.stdout).toBe(code);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(message);
}

const documents = () => JSON.parse(ok('invoices', '--period', '2026-10', '--json')) as InvoiceJson[];
const documentOf = (id: string) => documents().find((i) => i.invoice_id === id);
const lines = (invoice: string) =>
  (JSON.parse(ok('credit-note', invoice, '--list-lines', '--json')) as { lines: { line_id: number; description: string; amount: string; credited: string; remaining: string; credited_by: string | null }[] }).lines;
const lineOf = (invoice: string, description: string) => lines(invoice).find((l) => l.description === description)!;
const creditNote = (...args: string[]) => JSON.parse(ok('credit-note', ...args, '--json')) as InvoiceJson;

/** Every row of every table of a database file, read without writing to it. */
function everyRow(path: string): string {
  const reader = new Database(path, { readonly: true });
  try {
    const tables = reader.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return JSON.stringify(tables.map((t) => [t, reader.prepare(`SELECT * FROM "${t}"`).raw().all()]));
  } finally {
    reader.close();
  }
}

// Each command is a fresh Node process (about a second of CPU); give the long flows room on a busy 2-core machine.
const SLOW = 480_000;

describe('credit notes are documents with their own approval', () => {
  it('the export leaves a draft credit note alone and says so; approved, it is finalized; a draft is discarded with a reason', () => {
    ok('approve', ACME, GLOBEX);
    ok('export', '--period', '2026-10', '--out', join(dir, 'first'), '--issue-date', '2026-11-02');
    const api = lineOf('INV-2026-000001', 'API calls').line_id;
    const cn = creditNote('INV-2026-000001', '--lines', String(api), '--reason', 'API calls double counted');
    expect(cn).toMatchObject({ invoice_id: `${ACME}/CN1`, status: 'draft', total: '-240.55' });

    // A draft credit note is not finalized by the export, and the export says it left it.
    const out = join(dir, 'second');
    const exported = ok('export', '--period', '2026-10', '--out', out, '--issue-date', '2026-11-20');
    expect(exported).toContain('Nothing to finalize in 2026-10');
    expect(exported).toContain(`Left as drafts, not finalized: 1 draft credit note (${ACME}/CN1); approve them to finalize them.`);
    expect(exported).toMatch(/Exported 2 invoices of 2026-10 \(0 newly finalized\)/);
    expect(documentOf(`${ACME}/CN1`)).toMatchObject({ status: 'draft', invoice_number: null });
    expect(readdirSync(out).filter((f) => f.startsWith('CN-'))).toEqual([]);

    // Approved like an invoice (once), then the export finalizes it.
    expect(ok('approve', `${ACME}/CN1`)).toBe(`Approved ${ACME}/CN1.\n`);
    refused(['approve', `${ACME}/CN1`], /^billing: Credit note AG-1@2026-10\/CN1 is already approved\.$/);
    refused(['credit-note', 'discard', `${ACME}/CN1`, '--reason', 'changed my mind'], /^billing: Credit note AG-1@2026-10\/CN1 is already approved; only a draft credit note can be discarded\.$/);
    const third = ok('export', '--period', '2026-10', '--out', out, '--issue-date', '2026-11-20');
    expect(third).toContain('To finalize in 2026-10: 0 invoices and 1 credit note.');
    expect(third).toContain('credit notes in USD: 1, total −USD 240.55');
    expect(third).toMatch(/Exported 2 invoices and 1 credit note of 2026-10 \(1 newly finalized\)/);
    expect(documentOf(`${ACME}/CN1`)).toMatchObject({ status: 'finalized', invoice_number: 'CN-2026-000001' });
    expect(existsSync(join(out, 'CN-2026-000001_ACME.pdf'))).toBe(true);

    // A draft is discarded with a reason (audited on the credited invoice too), and its line can be credited again.
    const onboarding = lineOf(ACME, 'Onboarding').line_id;
    creditNote(ACME, '--lines', String(onboarding), '--reason', 'Onboarding waived');
    expect(lineOf(ACME, 'Onboarding')).toMatchObject({ credited: '333.33', remaining: '0.00', credited_by: `${ACME}/CN2` });
    const noReason = run('credit-note', 'discard', `${ACME}/CN2`);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason');
    expect(ok('credit-note', 'discard', `${ACME}/CN2`, '--reason', 'Waiver not signed yet')).toBe(
      `Discarded draft credit note ${ACME}/CN2; what it credited of ${ACME} can be credited again.\n`,
    );
    expect(documentOf(`${ACME}/CN2`)).toBeUndefined();
    expect(lineOf(ACME, 'Onboarding')).toMatchObject({ credited: '0.00', remaining: '333.33', credited_by: null });
    const audit = new Database(db, { readonly: true });
    expect(audit.prepare("SELECT actor, reason, json_extract(details, '$.credits_invoice_id') FROM audit_log WHERE action = 'discard_credit_note'").raw().all()).toEqual([
      ['dana', 'Waiver not signed yet', ACME],
    ]);
    audit.close();
    refused(['credit-note', 'discard', `${ACME}/CN1`, '--reason', 'too late'], /^billing: Credit note AG-1@2026-10\/CN1 is finalized; it can only be corrected by an invoice\.$/);
    refused(['credit-note', 'discard', ACME, '--reason', 'not a credit note'], /^billing: AG-1@2026-10 is an invoice, not a credit note\.$/);
  }, SLOW);

  it('credits an amount of one line several times, never past what is left of it; the last credit takes the remaining discount and tax', () => {
    const platform = lineOf(ACME, 'Platform fee').line_id;
    // 400.00 of the platform fee: discount round(−40.00), tax round(−360.00 × 0.0825 = −29.70), total −389.70
    const first = creditNote(ACME, '--lines', String(platform), '--amount', '400', '--reason', 'Service credit for the outage');
    expect(first).toMatchObject({ subtotal: '-400.00', discount: '-40.00', tax: '-29.70', total: '-389.70' });
    expect(first.lines.map((l) => [l.kind, l.description, l.quantity, l.unit_price, l.amount])).toEqual([
      ['recurring', 'Platform fee', '-1', '400.00', '-400.00'],
      ['discount', 'Discount 10%', '-1', '-40.00', '40.00'],
    ]);
    expect(lineOf(ACME, 'Platform fee')).toMatchObject({ amount: '1000.00', credited: '400.00', remaining: '600.00' });

    refused(['credit-note', ACME, '--lines', String(platform), '--amount', '600.01', '--reason', 'too much'],
      new RegExp(`^billing: USD 600\\.01 is more than the USD 600\\.00 of line ${platform} of invoice INV-2026-000001 \\(Platform fee\\) that is left to credit\\.$`));
    refused(['credit-note', ACME, '--lines', String(platform), '--amount', '0.001', '--reason', 'cents'], /^billing: USD amounts have at most 2 decimals, so 0\.001 cannot be credited\.$/);
    refused(['credit-note', ACME, '--lines', String(platform), '--amount', '0', '--reason', 'nothing'], /^billing: The amount to credit must be more than zero\.$/);
    refused(['credit-note', ACME, '--lines', String(platform), '--amount', '1,000', '--reason', 'comma'], /is not an amount to credit; write it like 12\.34/);
    refused(['credit-note', ACME, '--lines', `${platform},${lineOf(ACME, 'Onboarding').line_id}`, '--amount', '5', '--reason', 'two'], /--amount credits part of one line: give exactly one line id/, 2);
    refused(['credit-note', ACME, '--amount', '5', '--reason', 'no line'], /--amount credits part of one line/, 2);

    // The rest of the line, as an amount: 600.00, discount −60.00, tax round(−540.00 × 0.0825 = −44.55), total −584.55.
    const second = creditNote(ACME, '--lines', String(platform), '--amount', '600.00', '--reason', 'Contract ended early');
    expect(second).toMatchObject({ invoice_id: `${ACME}/CN4`, subtotal: '-600.00', discount: '-60.00', tax: '-44.55', total: '-584.55' });
    expect(lineOf(ACME, 'Platform fee')).toMatchObject({ credited: '1000.00', remaining: '0.00', credited_by: `${ACME}/CN3, ${ACME}/CN4` });
    refused(['credit-note', ACME, '--lines', String(platform), '--amount', '0.01', '--reason', 'one more cent'], /is already fully credited \(AG-1@2026-10\/CN3, AG-1@2026-10\/CN4\); nothing of it is left to credit\.$/);
    refused(['credit-note', ACME, '--lines', String(platform), '--reason', 'whole line again'], /is already fully credited/);

    // The last line left: exactly the remaining discount 158.02 − 24.69 − 40.00 − 60.00 = 33.33 and tax 117.33 − 18.33 − 29.70 − 44.55 = 24.75.
    const last = creditNote(ACME, '--lines', String(lineOf(ACME, 'Onboarding').line_id), '--reason', 'Onboarding waived');
    expect(last).toMatchObject({ subtotal: '-333.33', discount: '-33.33', tax: '-24.75', total: '-324.75' });
    const credited = documents().filter((d) => d.invoice_id.startsWith(`${ACME}/CN`)).reduce((s, d) => s.plus(d.total), new Decimal(0));
    expect(credited.toFixed(2)).toBe('-1539.55');

    // Globex (EUR, no tax or discount): 0.50 twice adds up on the line.
    const globexLine = lineOf('INV-2026-000002', 'Platform fee').line_id;
    creditNote('INV-2026-000002', '--lines', String(globexLine), '--amount', '0.50', '--reason', 'Rounding goodwill');
    creditNote('INV-2026-000002', '--lines', String(globexLine), '--amount', '0.5', '--reason', 'Rounding goodwill again');
    expect(lineOf('INV-2026-000002', 'Platform fee')).toMatchObject({ credited: '1.00', remaining: '499.00' });
    expect(ok('credit-note', 'INV-2026-000002', '--list-lines')).toContain(`EUR 1.00 credited by ${GLOBEX}/CN1, ${GLOBEX}/CN2; EUR 499.00 left`);
  }, SLOW);
});

describe('billing export --preview', () => {
  it('prints what the export would finalize, per currency, with the overridden errors and the drafts left, and changes nothing', () => {
    // From the previous test: CN3, CN4 and CN5 of ACME and CN1, CN2 of Globex are drafts. Approve some.
    ok('approve', `${ACME}/CN3`, `${ACME}/CN4`, `${GLOBEX}/CN1`);
    const before = everyRow(db);
    const out = join(dir, 'preview-out');
    const printed = ok('export', '--period', '2026-10', '--out', out, '--preview');
    expect(printed.split('\n')).toEqual([
      'To finalize in 2026-10: 0 invoices and 3 credit notes.',
      '  credit notes in EUR: 1, total −EUR 0.50',
      '  credit notes in USD: 2, total −USD 974.25',
      `Left as drafts, not finalized: 2 draft credit notes (${ACME}/CN5, ${GLOBEX}/CN2); approve them to finalize them.`,
      'Already finalized: 3 documents (missing files are written again).',
      'Goes out as: PDF 3.',
      'Preview only: nothing was finalized or written.',
      '',
    ]);
    const json = (JSON.parse(ok('export', '--period', '2026-10', '--dry-run', '--json')) as { summary: ExportSummary }).summary;
    expect(json).toMatchObject({
      to_finalize: 3,
      invoices: [],
      credit_notes: [
        { currency: 'EUR', count: 1, total: '-0.50', amount_due: '-0.50' },
        { currency: 'USD', count: 2, total: '-974.25', amount_due: '-974.25' },
      ],
      drafts_left: { invoices: 0, on_hold: 0, credit_notes: [`${ACME}/CN5`, `${GLOBEX}/CN2`] },
      overridden: [],
      blocked: [],
    });
    expect(everyRow(db)).toBe(before);
    expect(existsSync(out)).toBe(false);
    refused(['export', '--period', '2026-10'], /^billing: billing export needs --out DIR \(or --preview to see what it would finalize\)\.$/, 2);
  }, SLOW);
});

describe('a currency that is not ISO 4217', () => {
  it('leaves a document it cannot send approved and named while the rest of the period is finalized; the preview says so and lists overridden errors', () => {
    const other = join(dir, 'xyz');
    rmSync(other, { recursive: true, force: true });
    const book = join(dir, 'xyz.db');
    const agreements = join(dir, 'xyz-agreements.json');
    writeFileSync(
      agreements,
      JSON.stringify([
        { agreement_id: 'AG-9', account_id: 'ODD', account_name: 'Oddball Ltd', currency: 'XYZ', start_date: '2026-01-01', tax_rate: '0', discount_percent: '0', deposit: '0', payment_terms_days: 30,
          charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount: '100.00' }] },
        { agreement_id: 'AG-8', account_id: 'FINE', account_name: 'Fine Co', currency: 'GBP', start_date: '2026-01-01', tax_rate: '0', discount_percent: '0', deposit: '0', payment_terms_days: 30,
          po_number: 'PO-1', bill_to: 'Fine Co', owner: 'sam', charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount: '250.00' }] },
      ]),
    );
    const cli = (...args: string[]) => billing([...args, '--db', book, '--as', 'dana']);
    const cliOk = (...args: string[]) => billingOk([...args, '--db', book, '--as', 'dana']);
    cliOk('import', agreements);
    // The finding on the odd currency is an error here, so approving it takes an override (which the summary then names).
    cliOk('rule', 'agreement_incomplete', '--severity', 'error');
    cliOk('rate', '--period', '2026-10');
    const refusal = cli('approve', 'AG-9@2026-10');
    expect(refusal.stderr.trim()).toMatch(/^billing: Invoice AG-9@2026-10 has \d+ open error anomal(y|ies); resolve them or approve with an override reason\.$/);
    cliOk('approve', 'AG-9@2026-10', 'AG-8@2026-10', '--override', 'Currency being corrected with sales');
    const before = everyRow(book);

    const preview = cliOk('export', '--period', '2026-10', '--preview').split('\n');
    expect(preview).toEqual([
      'To finalize in 2026-10: 2 invoices and 0 credit notes.',
      '  invoices in GBP: 1, total GBP 250.00, amount due GBP 250.00',
      '  invoices in XYZ: 1, total XYZ 100.00, amount due XYZ 100.00',
      expect.stringMatching(/^Approved over \d+ open errors? by dana: AG-9@2026-10 \(Oddball Ltd\), override reason: Currency being corrected with sales\.$/),
      'Left approved, not finalized: Invoice AG-9@2026-10 is in "XYZ", which is not an ISO 4217 currency code, so it cannot be finalized.',
      'Goes out as: PDF 1, left out 1.',
      'Preview only: nothing was finalized or written.',
      '',
    ]);

    const r = cli('export', '--period', '2026-10', '--out', other, '--issue-date', '2026-11-02');
    // The rest of the period is finalized; the invoice that cannot be sent stays approved, unnumbered, and is named.
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('billing: Invoice AG-9@2026-10 is in "XYZ", which is not an ISO 4217 currency code, so it cannot be finalized. It was left approved; the rest of the period was exported.\n');
    expect(r.stdout).toMatch(/Exported 1 invoice of 2026-10 \(1 newly finalized\)/);
    const statuses = JSON.parse(cliOk('invoices', '--period', '2026-10', '--json')) as { invoice_id: string; status: string; invoice_number: string | null }[];
    expect(statuses.map((i) => [i.invoice_id, i.status, i.invoice_number === null])).toEqual([
      ['AG-8@2026-10', 'finalized', false],
      ['AG-9@2026-10', 'approved', true],
    ]);
    expect(everyRow(book)).not.toBe(before);
  }, SLOW);
});
