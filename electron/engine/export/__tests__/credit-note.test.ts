/**
 * Credit notes on a real database: full and partial credits with hand-computed
 * amounts, the refusals, immutability once finalized, gapless numbering across
 * invoices and credit notes, the PDF read back, register and journal rows,
 * re-rating that never touches them, and a cancelled export job.
 */
import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Opened } from '../../../../db/open';
import { Decimal } from '../../../../shared/money';
import { createJobContext } from '../../job-context';
import { runCommand } from '../../commands/run-command';
import { billPeriod } from '../../commands/rate-period';
import { approveInvoices } from '../../review/approve';
import { invoiceJson, periodInvoicesJson } from '../../review/invoice-queries';
import { createCreditNote, creditableLines, discardCreditNote } from '../../credit-notes/credit-note';
import { exportPeriod } from '../export-period';
import { lineId, loadBook, testCtx as ctx } from './helpers';

let dir: string;
let opened: Opened;
const ACME = 'AG-1@2026-10';
const GLOBEX = 'AG-2@2026-10';

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-credit-'));
  opened = openDatabase(join(dir, 'c.db'));
  await loadBook(dir, opened);
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

async function finalizeAcme(): Promise<void> {
  approveInvoices(opened.sqlite, [ACME], 'test');
  await exportPeriod(opened.sqlite, { period: '2026-10', outDir: join(dir, 'first'), issueDate: '2026-11-02' }, ctx);
}

const amounts = (id: string) => {
  const j = invoiceJson(opened.sqlite, id);
  return { lines: j.lines.map((l) => [l.kind, l.quantity, l.unit_price, l.amount]), subtotal: j.subtotal, discount: j.discount, tax: j.tax, total: j.total, deposit_applied: j.deposit_applied, amount_due: j.amount_due };
};

describe('createCreditNote', () => {
  it('the hand-computed book is what the rating stored', () => {
    expect(amounts(ACME)).toEqual({
      lines: [['recurring', '1', '1000.00', '1000.00'], ['usage', '123456', '0.002', '246.91'], ['one_time', '1', '333.33', '333.33'], ['discount', '1', '-158.02', '-158.02']],
      subtotal: '1580.24', discount: '158.02', tax: '117.33', total: '1539.55', deposit_applied: '100.00', amount_due: '1439.55',
    });
  });

  it('credits a whole invoice with the exact negatives of its stored figures and finalizes it with its own number', async () => {
    await finalizeAcme();
    const original = invoiceJson(opened.sqlite, ACME);
    const cn = createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'Billed the wrong entity', actor: 'dana' });
    expect(cn.credit_note_id).toBe(`${ACME}/CN1`);
    expect(cn.invoice).toMatchObject({ invoice_id: `${ACME}/CN1`, invoice_number: null, status: 'draft', agreement_id: 'AG-1', account_id: 'ACME', period: '2026-10', currency: 'USD' });
    expect(amounts(cn.credit_note_id)).toEqual({
      lines: [['recurring', '-1', '1000.00', '-1000.00'], ['usage', '-123456', '0.002', '-246.91'], ['one_time', '-1', '333.33', '-333.33'], ['discount', '-1', '-158.02', '158.02']],
      subtotal: '-1580.24', discount: '-158.02', tax: '-117.33', total: '-1539.55', deposit_applied: '0.00', amount_due: '-1539.55',
    });
    // total = subtotal − discount + tax holds for the credit note too
    expect(new Decimal('-1580.24').minus('-158.02').plus('-117.33').toFixed(2)).toBe('-1539.55');
    const audit = opened.sqlite.prepare("SELECT actor, reason FROM audit_log WHERE action = 'create_credit_note' AND entity_id = ?").get(cn.credit_note_id);
    expect(audit).toEqual({ actor: 'dana', reason: 'Billed the wrong entity' });
    approveInvoices(opened.sqlite, [cn.credit_note_id], 'erin');

    const result = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: join(dir, 'out'), issueDate: '2026-11-20' }, ctx);
    expect(result.invoices.map((i) => [i.invoice_number, i.document_type, i.file, i.newly_finalized])).toEqual([
      ['INV-2026-000001', 'invoice', 'INV-2026-000001_ACME.pdf', false],
      ['CN-2026-000001', 'credit_note', 'CN-2026-000001_ACME.pdf', true],
    ]);
    const finalized = invoiceJson(opened.sqlite, cn.credit_note_id);
    expect(finalized).toMatchObject({ status: 'finalized', invoice_number: 'CN-2026-000001' });
    expect(opened.sqlite.prepare('SELECT issue_date, due_date, credits_invoice_id FROM invoices WHERE id = ?').get(cn.credit_note_id)).toEqual({ issue_date: '2026-11-20', due_date: null, credits_invoice_id: ACME });
    expect(invoiceJson(opened.sqlite, ACME)).toEqual(original);
  });

  it('credits chosen lines with a proportional discount and tax, and the last credit takes exactly what remains', async () => {
    await finalizeAcme();
    // api_calls 246.91: discount round(−24.691) = −24.69, tax round(−222.22 × 0.0825 = −18.33315) = −18.33, total −240.55
    const api = createCreditNote(opened.sqlite, { invoiceId: 'INV-2026-000001', reason: 'Usage double counted', lines: [lineId(opened, ACME, 'api_calls')], actor: 'dana' });
    expect(amounts(api.credit_note_id)).toEqual({
      lines: [['usage', '-123456', '0.002', '-246.91'], ['discount', '-1', '-24.69', '24.69']],
      subtotal: '-246.91', discount: '-24.69', tax: '-18.33', total: '-240.55', deposit_applied: '0.00', amount_due: '-240.55',
    });
    // onboarding 333.33: discount round(−33.333) = −33.33, tax −300.00 × 0.0825 = −24.75, total −324.75
    const onboarding = createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'Onboarding waived', lines: [lineId(opened, ACME, 'onboarding')], actor: 'dana' });
    expect(onboarding.credit_note_id).toBe(`${ACME}/CN2`);
    expect(amounts(onboarding.credit_note_id)).toMatchObject({ subtotal: '-333.33', discount: '-33.33', tax: '-24.75', total: '-324.75' });
    // the last line: discount 158.02 − 24.69 − 33.33 = 100.00, tax 117.33 − 18.33 − 24.75 = 74.25, total −974.25
    const platform = createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'Contract cancelled', lines: [lineId(opened, ACME, 'platform')], actor: 'dana' });
    expect(amounts(platform.credit_note_id)).toMatchObject({ subtotal: '-1000.00', discount: '-100.00', tax: '-74.25', total: '-974.25' });
    const credited = [api, onboarding, platform].reduce((s, c) => s.plus(c.invoice.total), new Decimal(0));
    expect(credited.toFixed(2)).toBe('-1539.55');
    expect(creditableLines(opened.sqlite, ACME).lines.map((l) => l.credited_by)).toEqual([platform.credit_note_id, api.credit_note_id, onboarding.credit_note_id]);
  });

  it('refuses drafts, approved invoices, credit notes, double credits and over-credits with one sentence', async () => {
    const sentence = /^[^\n]+\.$/;
    expect(() => createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'x', actor: 't' })).toThrow(/^Invoice AG-1@2026-10 is a draft; only finalized invoices get credit notes/);
    approveInvoices(opened.sqlite, [GLOBEX], 'test');
    expect(() => createCreditNote(opened.sqlite, { invoiceId: GLOBEX, reason: 'x', actor: 't' })).toThrow(/is approved; only finalized/);
    expect(() => createCreditNote(opened.sqlite, { invoiceId: 'NOPE', reason: 'x', actor: 't' })).toThrow('There is no invoice NOPE.');
    await finalizeAcme();
    expect(() => createCreditNote(opened.sqlite, { invoiceId: ACME, reason: '  ', actor: 't' })).toThrow('A credit note needs a reason.');
    const api = lineId(opened, ACME, 'api_calls');
    const first = createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'usage', lines: [api], actor: 't' });
    const errors: string[] = [];
    for (const request of [
      { lines: 'all' as const },
      { lines: [api] },
      { lines: [999999] },
      { lines: [lineId(opened, ACME, 'discount')] },
    ]) {
      try {
        createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'again', actor: 't', ...request });
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    expect(errors).toEqual([
      `Invoice INV-2026-000001 already has USD 240.55 of USD 1,539.55 credited (${first.credit_note_id}); credit only the remaining lines.`,
      `Line ${api} of invoice INV-2026-000001 (API calls) is already fully credited (${first.credit_note_id}); nothing of it is left to credit.`,
      expect.stringMatching(/^Invoice INV-2026-000001 has no line 999999; its lines are \d+ \(Platform fee\), \d+ \(API calls\), \d+ \(Onboarding\)\.$/),
      expect.stringMatching(/is the discount; it is credited in proportion/),
    ]);
    for (const e of errors) expect(e).toMatch(sentence);
    expect(() => createCreditNote(opened.sqlite, { invoiceId: first.credit_note_id, reason: 'x', actor: 't' })).toThrow(/is a credit note; only invoices can be credited/);
    // Nothing was written by the refusals.
    expect(opened.sqlite.prepare("SELECT count(*) FROM invoices WHERE document_type = 'credit_note'").pluck().get()).toBe(1);
  });

  it('never credits more than remains: a discarded draft frees its lines, and a total past the remainder is refused', async () => {
    await finalizeAcme();
    const draft = createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'oops', actor: 't' });
    expect(() => createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'twice', lines: [lineId(opened, ACME, 'platform')], actor: 't' })).toThrow(/already fully credited/);
    discardCreditNote(opened.sqlite, draft.credit_note_id, 't', 'created by mistake');
    expect(createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'again', actor: 't' }).invoice.total).toBe('-1539.55');
    expect(() => createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'third', lines: [lineId(opened, ACME, 'platform')], actor: 't' })).toThrow(/already fully credited/);
  });

  it('a finalized credit note is immutable in the database', async () => {
    await finalizeAcme();
    const cn = createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'wrong', actor: 't' });
    approveInvoices(opened.sqlite, [cn.credit_note_id], 't');
    await exportPeriod(opened.sqlite, { period: '2026-10', outDir: join(dir, 'out'), issueDate: '2026-11-20' }, ctx);
    const db = opened.sqlite;
    expect(() => db.prepare("UPDATE invoices SET total = '0.00' WHERE id = ?").run(cn.credit_note_id)).toThrow(/finalized invoices are immutable/);
    expect(() => db.prepare("UPDATE invoice_lines SET amount = '0.00' WHERE invoice_id = ?").run(cn.credit_note_id)).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM invoices WHERE id = ?').run(cn.credit_note_id)).toThrow(/immutable/);
    expect(() => db.prepare("INSERT INTO invoice_lines (invoice_id, position, kind, code, description, quantity, unit_price, amount, detail) VALUES (?, 99, 'adjustment', 'x', 'x', '1', '1.00', '1.00', '{}')").run(cn.credit_note_id)).toThrow(/immutable/);
    expect(() => discardCreditNote(db, cn.credit_note_id, 't', 'too late')).toThrow(/is finalized/);
  });

  it('re-rating the period never touches credit notes, draft or finalized', async () => {
    await finalizeAcme();
    const cn = createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'wrong', lines: [lineId(opened, ACME, 'platform')], actor: 't' });
    const before = invoiceJson(opened.sqlite, cn.credit_note_id);
    billPeriod(opened.sqlite, '2026-10', ctx);
    expect(invoiceJson(opened.sqlite, cn.credit_note_id)).toEqual(before);
    expect(periodInvoicesJson(opened.sqlite, '2026-10').map((i) => i.invoice_id)).toEqual([ACME, cn.credit_note_id, GLOBEX]);
    approveInvoices(opened.sqlite, [cn.credit_note_id], 't');
    await exportPeriod(opened.sqlite, { period: '2026-10', outDir: join(dir, 'out'), issueDate: '2026-11-20' }, ctx);
    const finalized = invoiceJson(opened.sqlite, cn.credit_note_id);
    billPeriod(opened.sqlite, '2026-10', ctx);
    expect(invoiceJson(opened.sqlite, cn.credit_note_id)).toEqual(finalized);
  });
});

describe('exporting credit notes', () => {
  it('numbers invoices and credit notes gaplessly, each in its own sequence', async () => {
    await finalizeAcme();
    createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'usage', lines: [lineId(opened, ACME, 'api_calls')], actor: 't' });
    createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'onboarding', lines: [lineId(opened, ACME, 'onboarding')], actor: 't' });
    approveInvoices(opened.sqlite, [GLOBEX, `${ACME}/CN1`, `${ACME}/CN2`], 'test');
    const result = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: join(dir, 'out'), issueDate: '2026-11-20' }, ctx);
    expect(result.invoices.map((i) => [i.invoice_id, i.invoice_number])).toEqual([
      [ACME, 'INV-2026-000001'],
      [GLOBEX, 'INV-2026-000002'],
      [`${ACME}/CN1`, 'CN-2026-000001'],
      [`${ACME}/CN2`, 'CN-2026-000002'],
    ]);
    approveInvoices(opened.sqlite, [createCreditNote(opened.sqlite, { invoiceId: GLOBEX, reason: 'cancelled', actor: 't' }).credit_note_id], 'test');
    const next = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: join(dir, 'out'), issueDate: '2026-11-21' }, ctx);
    expect(next.invoices.filter((i) => i.newly_finalized).map((i) => i.invoice_number)).toEqual(['CN-2026-000003']);
    expect(opened.sqlite.prepare('SELECT name, next FROM number_sequences ORDER BY name').all()).toEqual([
      { name: 'CN-2026-', next: 4 },
      { name: 'INV-2026-', next: 3 },
    ]);
  });

  it('prints a real credit note: number, corrected invoice, reason and every figure of its JSON', async () => {
    await finalizeAcme();
    const cn = createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'API usage was double counted on 3 Oct', lines: [lineId(opened, ACME, 'api_calls')], actor: 't' });
    approveInvoices(opened.sqlite, [cn.credit_note_id], 't');
    const out = join(dir, 'out');
    await exportPeriod(opened.sqlite, { period: '2026-10', outDir: out, issueDate: '2026-11-20' }, ctx);
    const json = invoiceJson(opened.sqlite, cn.credit_note_id);
    const text = execFileSync('pdftotext', ['-layout', join(out, 'CN-2026-000001_ACME.pdf'), '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
    expect(text).toContain('CREDIT NOTE');
    expect(text).toContain('Credit note number CN-2026-000001');
    expect(text).toContain('Corrects invoice INV-2026-000001');
    expect(text).toContain('This credit note corrects invoice INV-2026-000001.');
    expect(text).toContain('Reason: API usage was double counted on 3 Oct');
    expect(text).toContain('Issue date 20 Nov 2026');
    expect(text).toContain(`USD ${json.total.slice(1)} credited`);
    expect(text).not.toMatch(/Due date|DRAFT|IBAN/);
    const printed = (amount: string) => amount.replace('-', '−').replace(/\B(?=(\d{3})+(?!\d))/, ',');
    expect(text).toContain(`Subtotal USD ${printed(json.subtotal)}`);
    expect(text).toContain(`Discount 10% USD ${printed(json.discount.replace('-', ''))}`);
    expect(text).toContain(`Tax (8.25 %) USD ${printed(json.tax)}`);
    expect(text).toContain(`Total USD ${printed(json.total)}`);
    expect(text).toContain(`Amount credited USD ${printed(json.amount_due)}`);
    const usage = json.lines.find((l) => l.kind === 'usage')!;
    expect(text).toContain(`API calls ${printed(usage.quantity)} ${usage.unit_price} ${printed(usage.amount)}`);
  });

  it('writes register rows with the document type and credited invoice, and a balanced journal reversing the invoice', async () => {
    await finalizeAcme();
    approveInvoices(opened.sqlite, [createCreditNote(opened.sqlite, { invoiceId: ACME, reason: 'wrong entity', actor: 't' }).credit_note_id], 't');
    const result = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: join(dir, 'out'), issueDate: '2026-11-20' }, ctx);
    const register = parse<Record<string, string>>(readFileSync(result.register, 'utf8'), { columns: true });
    expect(register.map((r) => [r.invoice_number, r.document_type, r.credits_invoice_number, r.total, r.amount_due, r.due_date, r.file])).toEqual([
      ['INV-2026-000001', 'invoice', '', '1539.55', '1439.55', '2026-12-02', 'INV-2026-000001_ACME.pdf'],
      ['CN-2026-000001', 'credit_note', 'INV-2026-000001', '-1539.55', '-1539.55', '', 'CN-2026-000001_ACME.pdf'],
    ]);
    const journal = parse(readFileSync(result.journal, 'utf8')).slice(1);
    const cnRows = journal.filter((r) => r[0] === 'CN-2026-000001').map((r) => [r[3], r[4], r[6], r[7]]);
    expect(cnRows).toEqual([
      ['Accounts receivable', 'Amount credited (credits INV-2026-000001)', '', '1539.55'],
      ['Sales discounts', 'Discount (credits INV-2026-000001)', '', '158.02'],
      ['Revenue: subscriptions', 'recurring lines (credits INV-2026-000001)', '1000.00', ''],
      ['Revenue: usage', 'usage lines (credits INV-2026-000001)', '246.91', ''],
      ['Revenue: one-time fees', 'one_time lines (credits INV-2026-000001)', '333.33', ''],
      ['Tax payable', 'Tax (credits INV-2026-000001)', '117.33', ''],
    ]);
    for (const number of ['INV-2026-000001', 'CN-2026-000001']) {
      const rows = journal.filter((r) => r[0] === number);
      const debit = rows.reduce((s, r) => s.plus(r[6] || '0'), new Decimal(0));
      const credit = rows.reduce((s, r) => s.plus(r[7] || '0'), new Decimal(0));
      expect(debit.equals(credit), `${number} balances`).toBe(true);
    }
  });

  it('as a command: reports progress per document, and a cancel mid-way finalizes nothing and leaves no file', async () => {
    approveInvoices(opened.sqlite, [ACME, GLOBEX], 'test');
    const out = join(dir, 'out');
    const phases: [string, number, number][] = [];
    let checks = 0;
    const cancelling = createJobContext({ actor: 'test', intervalMs: 0, onProgress: (p, d, t) => phases.push([p, d, t]), isCancelled: () => ++checks > 1 });
    await expect(runCommand(opened.sqlite, { name: 'export.period', args: { period: '2026-10', outDir: out, issueDate: '2026-11-02' } }, cancelling)).rejects.toThrow(/cancelled/);
    // the first invoice was numbered and its PDF written under a temporary name before the cancel arrived
    expect(phases).toEqual([['Finalizing invoices', 0, 2]]);
    expect(periodInvoicesJson(opened.sqlite, '2026-10').map((i) => [i.status, i.invoice_number])).toEqual([['approved', null], ['approved', null]]);
    expect(opened.sqlite.prepare('SELECT count(*) FROM number_sequences').pluck().get()).toBe(0);
    expect(readdirSync(out)).toEqual([]);

    const done = await runCommand(opened.sqlite, { name: 'export.period', args: { period: '2026-10', outDir: out, issueDate: '2026-11-02' } }, ctx);
    expect(done.invoices.map((i) => i.invoice_number)).toEqual(['INV-2026-000001', 'INV-2026-000002']);
    expect(readdirSync(out).sort()).toEqual(['INV-2026-000001_ACME.pdf', 'INV-2026-000002_GLOBEX.pdf', 'invoice-register_2026-10.csv', 'journal_2026-10.csv']);
  });
});
