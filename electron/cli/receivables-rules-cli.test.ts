/**
 * receivables.md rule by rule through the real `billing` command on a real
 * database file, beside receivables-cli.test.ts: only finalized invoices are
 * receivables, allocation order, unapplied credit and exceptions,
 * recomputation after an undo, traceability both ways, aging per account and
 * currency, the league's order and rounding, open balances (invoice JSON,
 * register), and hostile payments and disputes files.
 *
 * The book (tax and discount 0), August 2026 finalized on 2026-09-01:
 *   Ann:   ALPHA AG-X 100.00 USD net 10 (due 09-11), AG-Y 100.00 USD net 30 (due 10-01),
 *          AG-W 50.00 EUR net 30; GAMMA AG-V 40.00 USD net 30
 *   Bob:   BETA AG-Z 80.00 EUR due on receipt (09-01)
 *   Aaron: ZETA AG-T 10.00 USD net 30;  Abe: EPS AG-U 10.00 USD net 30
 * September 2026: AG-X approved but not issued, the others drafts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
/** invoice number by agreement id (August) */
const num: Record<string, string> = {};

const run = (...args: string[]) => billing([...args, '--db', db, '--as', 'rita']);
const ok = (...args: string[]) => billingOk([...args, '--db', db, '--as', 'rita']);
const json = <T>(...args: string[]) => JSON.parse(ok(...args, '--json')) as T;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

interface ImportJson { file: string; kind: string; rows: number; imported: number; duplicates: number; rejected: number }
interface Applied { invoice_number: string; invoice_id: string; amount: string; rule: string }
interface PaymentOut { payment_id: string; date: string; account_id: string; currency: string; amount: string; reference: string | null; applied: Applied[]; unapplied: string; reason: string | null; exception: boolean }
interface Rejected { file: string; line: number; field: string | null; reason: string; raw: string }

const SLOW = 300_000;

function agreement(id: string, account: string, currency: string, owner: string, terms: number, amount: string) {
  return { agreement_id: id, account_id: account, account_name: account, currency, start_date: '2026-01-01', owner, payment_terms_days: terms, tax_rate: '0', discount_percent: '0', charges: [{ type: 'recurring', code: 'fee', description: 'Service fee', amount }] };
}

const paymentsOf = () => new Map(json<PaymentOut[]>('payments').map((p) => [p.payment_id, p]));
const appliedOf = (p: PaymentOut | undefined) => p!.applied.map((a) => [a.invoice_number, a.amount, a.rule]);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-recv-rules-'));
  db = join(dir, 'book.db');
  ok('import', file('agreements.json', JSON.stringify([
    agreement('AG-X', 'ALPHA', 'USD', 'Ann', 10, '100.00'),
    agreement('AG-Y', 'ALPHA', 'USD', 'Ann', 30, '100.00'),
    agreement('AG-W', 'ALPHA', 'EUR', 'Ann', 30, '50.00'),
    agreement('AG-V', 'GAMMA', 'USD', 'Ann', 30, '40.00'),
    agreement('AG-Z', 'BETA', 'EUR', 'Bob', 0, '80.00'),
    agreement('AG-T', 'ZETA', 'USD', 'Aaron', 30, '10.00'),
    agreement('AG-U', 'EPS', 'USD', 'Abe', 30, '10.00'),
  ])));
  ok('rate', '--period', '2026-08');
  ok('approve', ...json<{ invoice_id: string }[]>('invoices', '--period', '2026-08').map((i) => i.invoice_id), '--override', 'test book');
  ok('export', '--period', '2026-08', '--out', join(dir, 'out'), '--issue-date', '2026-09-01');
  for (const i of json<{ agreement_id: string; invoice_number: string }[]>('invoices', '--period', '2026-08')) num[i.agreement_id] = i.invoice_number;
  ok('rate', '--period', '2026-09');
  ok('approve', 'AG-X@2026-09', '--override', 'test book');
}, SLOW);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAYMENTS = () =>
  [
    'payment_id,date,account_id,amount,currency,invoice_number,method,reference',
    `Q-1,2026-09-01,ALPHA,100.00,USD,${num['AG-Y']},wire,names the younger invoice`,
    'Q-2,2026-09-02,ALPHA,50.00,EUR,,sepa,',
    'Q-4,2026-09-02,ALPHA,130.00,USD,,wire,',
    'Q-3,2026-09-04,GAMMA,40.00,USD,,card,',
    'Q-5,2026-09-03,ALPHA,5.00,GBP,,wire,',
    'Q-6,2026-09-03,NOBODY,5.00,USD,,wire,',
  ].join('\n');

describe('receivables.md rules through the CLI', () => {
  it('applies the named invoice first, then the oldest due; drafts and approved-but-unissued invoices take nothing; the rest is unapplied credit; unknown accounts and foreign currencies are exceptions', () => {
    expect(json<ImportJson[]>('import', file('payments.csv', PAYMENTS()))[0]).toMatchObject({ kind: 'payments', rows: 6, imported: 6, duplicates: 0, rejected: 0 });
    const all = paymentsOf();
    // Rule 1: Q-1 names AG-Y's invoice, due after AG-X's, and pays it.
    expect(appliedOf(all.get('Q-1'))).toEqual([[num['AG-Y'], '100.00', 'named']]);
    // Rule 2 then 3: AG-X's August invoice, then nothing (September's AG-X is approved, not issued; AG-Y's is a draft).
    expect(appliedOf(all.get('Q-4'))).toEqual([[num['AG-X'], '100.00', 'oldest_due']]);
    expect(all.get('Q-4')).toMatchObject({ unapplied: '30.00', reason: 'no_open_invoice', exception: false });
    // Per currency: the EUR payment goes to the EUR invoice of the same account.
    expect(appliedOf(all.get('Q-2'))).toEqual([[num['AG-W'], '50.00', 'oldest_due']]);
    expect(all.get('Q-5')).toMatchObject({ applied: [], unapplied: '5.00', reason: 'foreign_currency', exception: true });
    expect(all.get('Q-6')).toMatchObject({ applied: [], unapplied: '5.00', reason: 'unknown_account', exception: true });
    expect(json<PaymentOut[]>('payments', '--unapplied').map((p) => [p.payment_id, p.unapplied, p.reason])).toEqual([
      ['Q-4', '30.00', 'no_open_invoice'],
      ['Q-5', '5.00', 'foreign_currency'],
      ['Q-6', '5.00', 'unknown_account'],
    ]);
  }, SLOW);

  it('treats a payment_id imported again as a duplicate, even with different content', () => {
    const changed = file('payments-changed.csv', 'payment_id,date,account_id,amount,currency\nQ-1,2026-09-01,ALPHA,999.00,USD\nQ-7,2026-09-05,EPS,1.00,USD\nQ-7,2026-09-05,EPS,7.00,USD\n');
    // Q-1 was imported before; Q-7's second row repeats an id of the same file.
    expect(json<ImportJson[]>('import', changed)[0]).toMatchObject({ rows: 3, imported: 1, duplicates: 2, rejected: 0 });
    expect([paymentsOf().get('Q-1')?.amount, paymentsOf().get('Q-7')?.amount]).toEqual(['100.00', '1.00']);
    expect(json<ImportJson[]>('import', changed)[0]).toMatchObject({ rows: 3, imported: 0, duplicates: 3, rejected: 0 });
  }, SLOW);

  it('ages open balances per account and currency as of any day', () => {
    const row = (account: string, currency: string, current: string, total = current) => ({ account_id: account, currency, current, '1-30': currency === 'JPY' ? '0' : '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00', total, in_dispute: false });
    expect(json<unknown[]>('aging', '--as-of', '2026-08-31')).toEqual([]);
    // On 09-01 only Q-1 is in: ALPHA owes in two currencies, each its own row; BETA is due that day (0 days: current).
    expect(json<unknown[]>('aging', '--as-of', '2026-09-01')).toEqual([
      row('ALPHA', 'EUR', '50.00'),
      row('ALPHA', 'USD', '100.00'),
      row('BETA', 'EUR', '80.00'),
      row('EPS', 'USD', '10.00'),
      row('GAMMA', 'USD', '40.00'),
      row('ZETA', 'USD', '10.00'),
    ]);
    // On 09-10: ALPHA and GAMMA paid; BETA 9 days overdue. EPS's 1.00 of 09-05 is applied.
    expect(json<{ account_id: string; currency: string; current: string; '1-30': string; total: string }[]>('aging', '--as-of', '2026-09-10').map((r) => [r.account_id, r.currency, r.current, r['1-30'], r.total])).toEqual([
      ['BETA', 'EUR', '0.00', '80.00', '80.00'],
      ['EPS', 'USD', '9.00', '0.00', '9.00'],
      ['ZETA', 'USD', '10.00', '0.00', '10.00'],
    ]);
  }, SLOW);

  it('orders the league by worst shares, then more customers, then name, and rounds the days to pay half away from zero', () => {
    ok('import', file('disputes.csv', `dispute_id,invoice_number,opened_on,reason,amount,resolved_on\nR-1,${num['AG-Z']},2026-09-05,Price,,\n`));
    // Ann's four invoices were paid 0 (AG-Y), 1 (AG-W), 1 (AG-X) and 3 (AG-V) days after issue: 5 / 4 = 1.25 -> "1.3".
    expect(json<unknown[]>('league', '--as-of', '2026-09-10')).toEqual([
      { owner: 'Bob', customers: 1, in_debt: 1, in_dispute: 1, debt_share: '100.0', dispute_share: '100.0', overdue: [{ currency: 'EUR', amount: '80.00' }], avg_days_to_pay: null },
      { owner: 'Ann', customers: 2, in_debt: 0, in_dispute: 0, debt_share: '0.0', dispute_share: '0.0', overdue: [], avg_days_to_pay: '1.3' },
      { owner: 'Aaron', customers: 1, in_debt: 0, in_dispute: 0, debt_share: '0.0', dispute_share: '0.0', overdue: [], avg_days_to_pay: null },
      { owner: 'Abe', customers: 1, in_debt: 0, in_dispute: 0, debt_share: '0.0', dispute_share: '0.0', overdue: [], avg_days_to_pay: null },
    ]);
    // Before the dispute opened, Bob is in debt only.
    expect(json<{ owner: string; in_dispute: number; dispute_share: string }[]>('league', '--as-of', '2026-09-04')[0]).toMatchObject({ owner: 'Bob', in_dispute: 0, dispute_share: '0.0' });
  }, SLOW);

  it('shows the open balance of each finalized invoice in the invoice JSON and the register, and traces payments to invoices and back', () => {
    const invoices = json<{ agreement_id: string; status: string; amount_due: string; open_balance: string | null }[]>('invoices', '--period', '2026-08', '--as-of', '2026-09-10');
    expect(invoices.map((i) => [i.agreement_id, i.amount_due, i.open_balance])).toEqual([
      ['AG-X', '100.00', '0.00'], ['AG-Y', '100.00', '0.00'], ['AG-W', '50.00', '0.00'], ['AG-Z', '80.00', '80.00'], ['AG-U', '10.00', '9.00'], ['AG-V', '40.00', '0.00'], ['AG-T', '10.00', '10.00'],
    ].sort((a, b) => invoices.findIndex((i) => i.agreement_id === a[0]) - invoices.findIndex((i) => i.agreement_id === b[0])));
    // Not issued by then: no open balance yet. Drafts and approved invoices have none.
    expect(new Set(json<{ open_balance: string | null }[]>('invoices', '--period', '2026-08', '--as-of', '2026-08-31').map((i) => i.open_balance))).toEqual(new Set([null]));
    expect(new Set(json<{ open_balance: string | null }[]>('invoices', '--period', '2026-09').map((i) => i.open_balance))).toEqual(new Set([null]));

    const csv = join(dir, 'register.csv');
    expect(ok('register', '--period', '2026-08', '--as-of', '2026-09-10', '--out', csv)).toBe(`Wrote ${csv} (7 invoices).\n`);
    const lines = readFileSync(csv, 'utf8').split('\r\n');
    expect(lines[0]).toBe('as_of,period,invoice_number,invoice_id,account_id,agreement_id,currency,issue_date,due_date,amount_due,credited,paid,open_balance,days_overdue,in_dispute');
    expect(lines.find((l) => l.includes(',AG-Z,'))).toBe(`2026-09-10,2026-08,${num['AG-Z']},AG-Z@2026-08,BETA,AG-Z,EUR,2026-09-01,2026-09-01,80.00,0.00,0.00,80.00,9,yes`);
    expect(lines.find((l) => l.includes(',AG-U,'))).toBe(`2026-09-10,2026-08,${num['AG-U']},AG-U@2026-08,EPS,AG-U,USD,2026-09-01,2026-10-01,10.00,0.00,1.00,9.00,-21,no`);

    // Payment -> invoice (billing payments) and invoice -> payment (billing account) name each other.
    interface AccountView { items: { invoice_number: string; open_balance: string; allocations: { payment_id: string; amount: string; rule: string }[] }[]; payments: PaymentOut[] }
    const alpha = json<AccountView>('account', 'ALPHA', '--as-of', '2026-09-10');
    expect(alpha.items.map((i) => [i.invoice_number, i.open_balance, i.allocations.map((a) => [a.payment_id, a.amount, a.rule])])).toEqual([
      [num['AG-X'], '0.00', [['Q-4', '100.00', 'oldest_due']]],
      ...[[num['AG-W'], '0.00', [['Q-2', '50.00', 'oldest_due']]], [num['AG-Y'], '0.00', [['Q-1', '100.00', 'named']]]].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    ]);
    expect(alpha.payments.map((p) => [p.payment_id, p.applied.map((a) => a.invoice_number)])).toEqual([
      ['Q-1', [num['AG-Y']]], ['Q-2', [num['AG-W']]], ['Q-4', [num['AG-X']]], ['Q-5', []],
    ]);
    const nobody = run('account', 'NOBODY', '--json');
    expect([nobody.code, nobody.stderr]).toEqual([1, 'billing: There is no account NOBODY.\n']);
    const badDay = run('register', '--period', '2026-08', '--as-of', '2026-09-31');
    expect([badDay.code, badDay.stderr]).toEqual([2, 'billing: "2026-09-31" is not a date; expected YYYY-MM-DD.\n']);
  }, SLOW);

  it("writes a statement per currency: every open item with its days overdue, the payments since the last zero balance, unapplied credit and the balance", () => {
    interface S { currencies: { currency: string; open_items: { invoice_number: string; days_overdue: number; open_balance: string }[]; activity: { date: string; kind: string; reference: string; amount: string }[]; unapplied_credit: string; balance: string }[] }
    const alpha = json<S>('statement', 'ALPHA', '--as-of', '2026-09-01');
    // On 09-01: AG-X's invoice open (10 days before due), AG-Y's paid by Q-1 that day; the EUR invoice open.
    expect(alpha.currencies.map((c) => [c.currency, c.open_items.map((i) => [i.invoice_number, i.days_overdue, i.open_balance]), c.activity.map((a) => [a.kind, a.reference, a.amount]), c.balance])).toEqual([
      ['EUR', [[num['AG-W'], -30, '50.00']], [], '50.00'],
      ['USD', [[num['AG-X'], -10, '100.00']], [['payment', 'Q-1 · names the younger invoice', '100.00']], '100.00'],
    ]);
    const later = json<S>('statement', 'ALPHA', '--as-of', '2026-09-10');
    expect(later.currencies.map((c) => [c.currency, c.open_items.length, c.unapplied_credit, c.balance])).toEqual([
      ['EUR', 0, '0.00', '0.00'],
      ['GBP', 0, '5.00', '-5.00'],
      ['USD', 0, '30.00', '-30.00'],
    ]);
    const bad = run('statement', 'ALPHA', '--as-of', '2026-09-10');
    expect([bad.code, bad.stderr]).toEqual([2, 'billing: billing statement needs --out FILE.pdf (or --json).\n']);
  }, SLOW);

  it('recomputes the allocation from the rows: an earlier payment imported later takes the oldest invoice, and undoing its import gives the old allocation back', () => {
    const before = paymentsOf();
    json<ImportJson[]>('import', file('late.csv', 'payment_id,date,account_id,amount,currency\nQ-0,2026-09-01,ALPHA,100.00,USD\n'));
    const after = paymentsOf();
    expect(appliedOf(after.get('Q-0'))).toEqual([[num['AG-X'], '100.00', 'oldest_due']]);
    expect(appliedOf(after.get('Q-1'))).toEqual([[num['AG-Y'], '100.00', 'named']]);
    expect(after.get('Q-4')).toMatchObject({ applied: [], unapplied: '130.00', reason: 'no_open_invoice' });
    // AG-X now paid on its issue day: Ann's days to pay 0 + 1 + 0 + 3 = 4 / 4.
    expect(json<{ owner: string; avg_days_to_pay: string | null }[]>('league', '--as-of', '2026-09-10').find((r) => r.owner === 'Ann')!.avg_days_to_pay).toBe('1.0');

    const batch = json<{ batchId: number; file: string }[]>('imports').find((b) => b.file === 'late.csv')!.batchId;
    ok('undo', String(batch), '--reason', 'paid twice in the file');
    expect(json<PaymentOut[]>('payments')).toEqual([...before.values()]);
    expect(json<{ owner: string; avg_days_to_pay: string | null }[]>('league', '--as-of', '2026-09-10').find((r) => r.owner === 'Ann')!.avg_days_to_pay).toBe('1.3');
  }, SLOW);

  it('undoing the import that updated a dispute puts the earlier row back; undoing the one that created it removes it', () => {
    const bob = () => json<{ owner: string; in_dispute: number }[]>('league', '--as-of', '2026-09-10').find((r) => r.owner === 'Bob')!.in_dispute;
    const disputes = () => json<{ items: { disputes: { dispute_id: string; resolved_on: string | null; reason: string }[] }[] }>('account', 'BETA', '--as-of', '2026-09-10').items[0]!.disputes;
    const update = file('disputes-resolved.csv', `dispute_id,invoice_number,opened_on,reason,amount,resolved_on\nR-1,${num['AG-Z']},2026-09-05,Price agreed,,2026-09-08\n`);
    expect(json<ImportJson[]>('import', update)[0]).toMatchObject({ imported: 1, duplicates: 0 });
    expect([bob(), disputes()]).toEqual([0, [{ dispute_id: 'R-1', opened_on: '2026-09-05', resolved_on: '2026-09-08', reason: 'Price agreed', amount: null }]]);
    const batchOf = (name: string) => json<{ batchId: number; file: string }[]>('imports').find((b) => b.file === name)!.batchId;
    ok('undo', String(batchOf('disputes-resolved.csv')), '--reason', 'resolved too early');
    expect([bob(), disputes()]).toEqual([1, [{ dispute_id: 'R-1', opened_on: '2026-09-05', resolved_on: null, reason: 'Price', amount: null }]]);
    // The same file imports as an update again; undoing the first import too leaves no dispute.
    expect(json<ImportJson[]>('import', update)[0]).toMatchObject({ imported: 1 });
    ok('undo', String(batchOf('disputes-resolved.csv')), '--reason', 'again');
    ok('undo', String(batchOf('disputes.csv')), '--reason', 'wrong file');
    expect([bob(), disputes()]).toEqual([0, []]);
    expect(ok('audit', 'verify')).toMatch(/^audit log intact/);
    // Put R-1 back as it was for the tests below.
    expect(json<ImportJson[]>('import', join(dir, 'disputes.csv'))[0]).toMatchObject({ imported: 1 });
  }, SLOW);
});

describe('hostile payments and disputes files through the CLI', () => {
  const rejectedOf = (name: string) => json<Rejected[]>('rejected').filter((r) => r.file === name).sort((a, b) => a.line - b.line);
  const HEADER = 'payment_id,date,account_id,amount,currency,invoice_number,method,reference';

  it('reads UTF-16 with a byte-order mark and Latin-1 files as the text they are', () => {
    const text = `${HEADER}\r\nH-1,2026-09-06,EPS,1.00,USD,,virement,Zahlung für Rechnung ÄÖÜ ß\r\n`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace('H-1', 'H-16'), 'utf16le')]);
    const latin1 = Buffer.from(text.replace('H-1', 'H-L1'), 'latin1');
    expect(json<ImportJson[]>('import', file('utf16.csv', utf16), file('latin1.csv', latin1)).map((r) => [r.kind, r.imported, r.rejected])).toEqual([['payments', 1, 0], ['payments', 1, 0]]);
    const all = paymentsOf();
    expect([all.get('H-16')?.reference, all.get('H-L1')?.reference]).toEqual(['Zahlung für Rechnung ÄÖÜ ß', 'Zahlung für Rechnung ÄÖÜ ß']);
    const disputes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`dispute_id,invoice_number,opened_on,reason\r\nR-16,${num['AG-T']},2026-09-06,Überhöhter Preis 価格\r\n`, 'utf16le')]);
    expect(json<ImportJson[]>('import', file('disputes-utf16.csv', disputes))[0]).toMatchObject({ kind: 'disputes', imported: 1, rejected: 0 });
  }, SLOW);

  it('rejects malformed, truncated and wrongly typed rows with file, line, field and reason, and keeps the good rows', () => {
    const malformed = file('malformed.csv', `${HEADER}\nH-2,2026-09-06,EPS,1.00,USD,,,fine\nH-3,2026-09-06,EPS,1.00,USD,,,"never closed\n`);
    const truncated = file('truncated.csv', `${HEADER}\nH-4,2026-09-06,EPS,1.00,USD,,,\nH-5,2026-09-0`);
    const types = file('types.ndjson', [
      { payment_id: 'H-6', date: '2026-09-06', account_id: 'EPS', amount: true, currency: 'USD' },
      { payment_id: 'H-7', date: 20260906, account_id: 'EPS', amount: '1.00', currency: 'USD' },
      { payment_id: ['H-8'], date: '2026-09-06', account_id: 'EPS', amount: '1.00', currency: 'USD' },
      { payment_id: 'H-9', date: '2026-09-06', account_id: 'EPS', amount: '-1.00', currency: 'USD' },
      { payment_id: 'H-10', date: '2026-09-06', account_id: 'EPS', amount: '1.00', currency: 'USD' },
    ].map((o) => JSON.stringify(o)).join('\n') + '\n{"payment_id": "H-11", "date":');
    const disputes = file('disputes-bad.csv', `dispute_id,invoice_number,opened_on,reason,amount,resolved_on\nR-2,${num['AG-T']},2026-09-06,,,\nR-3,${num['AG-T']},06/09/2026,Late,,\nR-4,${num['AG-T']},2026-09-06,Late,lots,\nR-7,${num['AG-T']},2026-09-06,Cents,1.005,\nR-5,${num['AG-T']},2026-09-06,Late`);
    const results = json<ImportJson[]>('import', malformed, truncated, types, disputes);
    expect(results.map((r) => [r.file, r.rows, r.imported, r.rejected])).toEqual([
      ['malformed.csv', 2, 1, 1], ['truncated.csv', 2, 1, 1], ['types.ndjson', 6, 1, 5], ['disputes-bad.csv', 5, 0, 5],
    ]);
    const brief = (name: string) => rejectedOf(name).map((r) => [r.line, r.field]);
    expect(rejectedOf('malformed.csv').map((r) => [r.line, r.reason])).toEqual([[3, 'not valid CSV: a quoted field opened on this line is never closed (is the file cut short?)']]);
    expect(rejectedOf('truncated.csv').map((r) => [r.line, r.reason])).toEqual([[3, 'has 2 fields but the header has 8']]);
    expect(brief('types.ndjson')).toEqual([[1, 'amount'], [2, 'date'], [3, 'payment_id'], [4, 'amount'], [6, null]]);
    expect(brief('disputes-bad.csv')).toEqual([[2, 'reason'], [3, 'opened_on'], [4, 'amount'], [5, 'amount'], [6, null]]);
    expect(rejectedOf('disputes-bad.csv')[3]!.reason).toBe('amount 1.005 has more decimals than USD has (2)');
    for (const r of [...rejectedOf('types.ndjson'), ...rejectedOf('disputes-bad.csv')]) expect(r.reason).toMatch(/^\S.*[^.]$/);
  }, SLOW);

  it('keeps formula text inert: stored and printed as written, neutralised in every CSV written', () => {
    const formula = "=cmd|' /C calc'!A0";
    const payments = file('formula.csv', `${HEADER}\nH-12,2026-09-06,EPS,1.00,USD,,"${formula}","${formula}"\n${formula},2026-09-06,EPS,oops,USD,,,\n`);
    const disputes = file('formula-disputes.csv', `dispute_id,invoice_number,opened_on,reason\nR-6,${num['AG-U']},2026-09-06,"${formula}"\n`);
    expect(json<ImportJson[]>('import', payments, disputes).map((r) => [r.imported, r.rejected])).toEqual([[1, 1], [1, 0]]);
    expect(paymentsOf().get('H-12')).toMatchObject({ reference: formula });
    const out = join(dir, 'rejects.csv');
    ok('rejected', '--search', 'oops', '--out', out);
    const csv = readFileSync(out, 'utf8');
    // The raw row starts with the formula: its cell starts with a quote mark instead.
    expect(csv.split('\r\n')[1]!.endsWith(`,"'${formula},2026-09-06,EPS,oops,USD,,,"`)).toBe(true);
    expect(csv).not.toMatch(/(^|,|")=cmd/m);
  }, SLOW);

  it('imports a payments file of 100,000 rows and refuses a record over the size limit', () => {
    const rows = [HEADER];
    for (let i = 0; i < 100_000; i++) rows.push(`B-${i},2026-09-07,BULK,1.00,USD,,,`);
    rows.push(`B-huge,2026-09-07,EPS,1.00,USD,,,${'x'.repeat(2 * 1024 * 1024)}`);
    const r = json<ImportJson[]>('import', file('bulk.csv', `${rows.join('\n')}\n`))[0]!;
    expect(r).toMatchObject({ rows: 100_001, imported: 100_000, duplicates: 0, rejected: 1 });
    expect(rejectedOf('bulk.csv').map((x) => [x.line, x.reason])).toEqual([[100_002, 'not valid CSV: the line is 2.0 MiB long, over the 1.0 MiB limit for one record']]);
    const unknown = json<PaymentOut[]>('payments', '--unapplied').filter((p) => p.account_id === 'BULK');
    expect([unknown.length, unknown.every((p) => p.reason === 'unknown_account')]).toEqual([100_000, true]);
  }, SLOW);
});
