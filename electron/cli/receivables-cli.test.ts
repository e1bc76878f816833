/**
 * receivables.md through the real `billing` command on a real database file:
 * payments and disputes imports, allocation, aging, the league table with
 * credit performance, statements and unapplied payments.
 *
 * The book (all invoices finalized; tax and discount 0):
 *   Dana Lee: ACME (AG-A1 1000.00 + AG-A4 50.00 USD, net 30), INITECH (300.00), UMBRELLA (200.00)
 *   Sam Roe:  GLOBEX (500.00 EUR, net 14)
 *   no owner: HOOLI (12000 JPY, due on receipt)
 *   =SUM(A1): STARK, starting 2027 (no invoice yet: a row with 0 customers)
 * Periods 2026-08 issued 2026-09-01 and 2026-09 issued 2026-10-01;
 * a credit note of 100.00 EUR on GLOBEX's September invoice issued 2026-10-25.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
/** invoice number by "<agreement>@<period>" */
const num: Record<string, string> = {};

const run = (...args: string[]) => billing([...args, '--db', db, '--as', 'rita']);
const ok = (...args: string[]) => billingOk([...args, '--db', db, '--as', 'rita']);
const json = <T>(...args: string[]) => JSON.parse(ok(...args, '--json')) as T;
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

interface ImportJson { file: string; kind: string; rows: number; imported: number; duplicates: number; rejected: number }
interface PaymentOut { payment_id: string; applied: { invoice_number: string; amount: string; rule: string }[]; unapplied: string; reason: string | null; exception: boolean; why: string | null }

const SLOW = 300_000;

function agreement(id: string, account: string, name: string, currency: string, owner: string | null, terms: number, amount: string, start = '2026-01-01') {
  return { agreement_id: id, account_id: account, account_name: name, currency, start_date: start, owner, payment_terms_days: terms, tax_rate: '0', discount_percent: '0', bill_to: `${name}\n1 Main St`, charges: [{ type: 'recurring', code: 'fee', description: 'Service fee', amount }] };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-recv-'));
  db = join(dir, 'book.db');
  const agreements = [
    agreement('AG-A1', 'ACME', 'Acme Corp', 'USD', 'Dana Lee', 30, '1000.00'),
    agreement('AG-A2', 'INITECH', 'Initech', 'USD', 'Dana Lee', 30, '300.00'),
    agreement('AG-A3', 'UMBRELLA', 'Umbrella', 'USD', 'Dana Lee', 30, '200.00'),
    agreement('AG-A4', 'ACME', 'Acme Corp', 'USD', 'Dana Lee', 30, '50.00'),
    agreement('AG-B1', 'GLOBEX', 'Globex Ελλάς 株式会社 Корп', 'EUR', 'Sam Roe', 14, '500.00'),
    agreement('AG-C1', 'HOOLI', 'Hooli', 'JPY', null, 0, '12000'),
    agreement('AG-D1', 'STARK', 'Stark', 'USD', '=SUM(A1)', 30, '10.00', '2027-01-01'),
  ];
  ok('import', file('agreements.json', JSON.stringify(agreements)));
  for (const [period, issued] of [['2026-08', '2026-09-01'], ['2026-09', '2026-10-01']] as const) {
    ok('rate', '--period', period);
    const ids = json<{ invoice_id: string }[]>('invoices', '--period', period).map((i) => i.invoice_id);
    ok('approve', ...ids, '--override', 'test book');
    ok('export', '--period', period, '--out', join(dir, 'out'), '--issue-date', issued);
    for (const i of json<{ agreement_id: string; invoice_number: string }[]>('invoices', '--period', period)) num[`${i.agreement_id}@${period}`] = i.invoice_number;
  }
  // 100.00 EUR credited on GLOBEX's September invoice, issued 2026-10-25.
  const lines = json<{ lines: { line_id: number }[] }>('credit-note', num['AG-B1@2026-09']!, '--list-lines').lines;
  ok('credit-note', num['AG-B1@2026-09']!, '--reason', 'goodwill', '--lines', String(lines[0]!.line_id), '--amount', '100.00');
  ok('approve', 'AG-B1@2026-09/CN1');
  ok('export', '--period', '2026-09', '--out', join(dir, 'out'), '--issue-date', '2026-10-25');
}, SLOW);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The two ACME invoices of a period, lower number first. */
const acmeAug = () => [num['AG-A1@2026-08']!, num['AG-A4@2026-08']!].sort();

describe('billing import of payments and disputes', () => {
  it('recognises the kinds by payment_id and dispute_id in CSV, NDJSON and JSON, keeps rejects and imports nothing new the second time', () => {
    const payments = file(
      'payments.csv',
      [
        'payment_id,date,account_id,amount,currency,invoice_number,method,reference',
        `P-01,2026-09-10,ACME,1000.00,USD,${num['AG-A1@2026-09']},wire,prepaid September`,
        'P-02,2026-10-05,ACME,30,USD,,card,',
        'P-03,2026-10-06,ACME,1100.00,USD,,wire,',
        'P-20,2026-09-15,GLOBEX,500.00,EUR,,sepa,',
        'P-bad1,2026-02-30,ACME,1.00,USD,,,',
        'P-bad2,2026-10-01,ACME,ten,USD,,,',
        'P-bad3,2026-10-01,ACME,1.001,USD,,,',
        'P-bad4,2026-10-01,ACME,0,USD,,,',
        'P-bad5,2026-10-01,ACME,1.00,usd,,,',
        'P-bad6,2026-10-01,ACME,1.00',
      ].join('\r\n'),
    );
    const ndjson = file(
      'initech.ndjson',
      [
        { payment_id: 'P-11', date: '2026-10-20', account_id: 'INITECH', amount: '300.00', currency: 'USD', invoice_number: num['AG-A2@2026-08'] },
        { payment_id: 'P-10', date: '2026-10-20', account_id: 'INITECH', amount: 250, currency: 'USD' },
        { payment_id: 'P-bad7', date: '2026-10-20', account_id: 'INITECH', amount: { value: 1 }, currency: 'USD' },
      ].map((o) => JSON.stringify(o)).join('\n'),
    );
    const exceptions = file('exceptions.json', JSON.stringify([
      { payment_id: 'P-30', date: '2026-10-01', account_id: 'WAYNE', amount: '10.00', currency: 'USD' },
      { payment_id: 'P-31', date: '2026-10-01', account_id: 'GLOBEX', amount: '10.00', currency: 'USD', reference: '=HYPERLINK("http://evil")' },
    ]));
    const disputes = file(
      'disputes.csv',
      ['dispute_id,invoice_number,opened_on,reason,amount,resolved_on', `D-1,${num['AG-A3@2026-08']},2026-09-20,"Seats, not users",,`, `D-2,${num['AG-B1@2026-09']},2026-10-20,Wrong rate,120.00,`, 'D-3,INV-0000-999999,2026-10-20,Unknown,,', `D-4,${num['AG-A3@2026-08']},2026-09-20,Early,,2026-09-01`].join('\n'),
    );
    const first = json<ImportJson[]>('import', payments, ndjson, exceptions, disputes);
    expect(first).toEqual([
      { file: 'payments.csv', kind: 'payments', rows: 10, imported: 4, duplicates: 0, rejected: 6, notes: [] },
      { file: 'initech.ndjson', kind: 'payments', rows: 3, imported: 2, duplicates: 0, rejected: 1, notes: [] },
      { file: 'exceptions.json', kind: 'payments', rows: 2, imported: 2, duplicates: 0, rejected: 0, notes: [] },
      { file: 'disputes.csv', kind: 'disputes', rows: 4, imported: 2, duplicates: 0, rejected: 2, notes: [] },
    ]);
    const again = json<ImportJson[]>('import', payments, ndjson, exceptions, disputes);
    expect(again.map((r) => [r.imported, r.duplicates, r.rejected])).toEqual([[0, 4, 6], [0, 2, 1], [0, 2, 0], [0, 2, 2]]);

    const rejected = json<{ file: string; line: number; field: string | null; reason: string }[]>('rejected');
    const reasons = rejected.filter((r) => r.file === 'payments.csv').slice(0, 6).map((r) => [r.line, r.field, r.reason]);
    expect(reasons).toEqual([
      [6, 'date', 'date "2026-02-30" is not a real calendar date YYYY-MM-DD'],
      [7, 'amount', 'amount "ten" is not a decimal number (expected digits with a "." separator, e.g. 1234.5)'],
      [8, 'amount', 'amount 1.001 has more decimals than USD has (2)'],
      [9, 'amount', 'amount 0 must be greater than 0'],
      [10, 'currency', 'currency "usd" is not an ISO 4217 code (e.g. USD, EUR)'],
      [11, null, 'has 4 fields but the header has 8'],
    ]);
    expect(rejected.find((r) => r.file === 'initech.ndjson')).toMatchObject({ line: 3, field: 'amount', reason: 'amount must be text, not a nested object' });
    // Each import keeps its own rejects: the first import's two, then the second's same two.
    expect(rejected.filter((r) => r.file === 'disputes.csv').slice(0, 2).map((r) => [r.line, r.field, r.reason])).toEqual([
      [4, 'invoice_number', 'invoice_number "INV-0000-999999" is not an invoice number of this book'],
      [5, 'resolved_on', 'resolved_on 2026-09-01 is before opened_on 2026-09-20'],
    ]);
  }, SLOW);

  it('allocates the named invoice first, then the oldest due (ties: lower number), in (date, payment_id) order, and keeps the rest as unapplied credit', () => {
    const all = new Map(json<PaymentOut[]>('payments').map((p) => [p.payment_id, p]));
    const [low, high] = acmeAug();
    expect(all.get('P-01')!.applied).toEqual([{ invoice_number: num['AG-A1@2026-09'], invoice_id: 'AG-A1@2026-09', amount: '1000.00', rule: 'named' }]);
    expect(all.get('P-02')!.applied.map((a) => [a.invoice_number, a.amount, a.rule])).toEqual([[low, '30.00', 'oldest_due']]);
    const lowAmount = low === num['AG-A1@2026-08'] ? '970.00' : '20.00';
    const highAmount = high === num['AG-A1@2026-08'] ? '1000.00' : '50.00';
    expect(all.get('P-03')!.applied.map((a) => [a.invoice_number, a.amount])).toEqual([[low, lowAmount], [high, highAmount], [num['AG-A4@2026-09'], '50.00']]);
    expect(all.get('P-03')).toMatchObject({ unapplied: '30.00', reason: 'no_open_invoice', exception: false });
    // Same day: P-10 before P-11 (payment_id), so P-10 goes to the oldest invoice before P-11 names it.
    expect(all.get('P-10')!.applied.map((a) => [a.invoice_number, a.amount, a.rule])).toEqual([[num['AG-A2@2026-08'], '250.00', 'oldest_due']]);
    expect(all.get('P-11')!.applied.map((a) => [a.invoice_number, a.amount, a.rule])).toEqual([
      [num['AG-A2@2026-08'], '50.00', 'named'],
      [num['AG-A2@2026-09'], '250.00', 'oldest_due'],
    ]);

    const unapplied = json<PaymentOut[]>('payments', '--unapplied');
    // In allocation order: (date, payment_id).
    expect(unapplied.map((p) => [p.payment_id, p.unapplied, p.reason, p.exception])).toEqual([
      ['P-30', '10.00', 'unknown_account', true],
      ['P-31', '10.00', 'foreign_currency', true],
      ['P-03', '30.00', 'no_open_invoice', false],
    ]);
    expect(unapplied.find((p) => p.payment_id === 'P-31')!.why).toBe('account GLOBEX has no finalized invoice in USD, so the payment cannot be applied');
  }, SLOW);

  it('ages open balances as of any day, bucket edges included', () => {
    const hooli = (asOf: string) => json<Record<string, unknown>[]>('aging', '--as-of', asOf).find((r) => r['account_id'] === 'HOOLI');
    const bucketsOf = (asOf: string) => {
      const r = hooli(asOf)!;
      return [r['current'], r['1-30'], r['31-60'], r['61-90'], r['90+'], r['total']];
    };
    // HOOLI's August invoice: issued and due 2026-09-01; September's on 2026-10-01 (JPY has no minor digits).
    expect(hooli('2026-08-31')).toBeUndefined();
    expect(bucketsOf('2026-09-01')).toEqual(['12000', '0', '0', '0', '0', '12000']);
    expect(bucketsOf('2026-09-02')).toEqual(['0', '12000', '0', '0', '0', '12000']);
    expect(bucketsOf('2026-10-01')).toEqual(['12000', '12000', '0', '0', '0', '24000']);
    expect(bucketsOf('2026-10-02')).toEqual(['0', '12000', '12000', '0', '0', '24000']);
    expect(bucketsOf('2026-11-30')).toEqual(['0', '0', '12000', '12000', '0', '24000']);
    expect(bucketsOf('2026-12-01')).toEqual(['0', '0', '0', '12000', '12000', '24000']);

    expect(json<unknown[]>('aging', '--as-of', '2026-11-15')).toEqual([
      { account_id: 'GLOBEX', currency: 'EUR', current: '0.00', '1-30': '0.00', '31-60': '400.00', '61-90': '0.00', '90+': '0.00', total: '400.00', in_dispute: true },
      { account_id: 'HOOLI', currency: 'JPY', current: '0', '1-30': '0', '31-60': '12000', '61-90': '12000', '90+': '0', total: '24000', in_dispute: false },
      { account_id: 'INITECH', currency: 'USD', current: '0.00', '1-30': '50.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00', total: '50.00', in_dispute: false },
      { account_id: 'UMBRELLA', currency: 'USD', current: '0.00', '1-30': '200.00', '31-60': '200.00', '61-90': '0.00', '90+': '0.00', total: '400.00', in_dispute: true },
    ]);
    // The credit note counts from its issue day: 500.00 open the day before, 400.00 on it.
    const globex = (asOf: string) => json<{ account_id: string; total: string }[]>('aging', '--as-of', asOf).find((r) => r.account_id === 'GLOBEX')!.total;
    expect([globex('2026-10-24'), globex('2026-10-25')]).toEqual(['500.00', '400.00']);
  }, SLOW);

  it('ranks owners by the credit performance of their customers as of a day', () => {
    expect(json<unknown[]>('league', '--as-of', '2026-11-15')).toEqual([
      { owner: 'Sam Roe', customers: 1, in_debt: 1, in_dispute: 1, debt_share: '100.0', dispute_share: '100.0', overdue: [{ currency: 'EUR', amount: '400.00' }], avg_days_to_pay: '14.0' },
      // ACME X' paid before it was issued (0 days), ACME's August pair on 10-06 (35 each), Y' on 10-06 (5), INITECH August on 10-20 (49): 124 / 5.
      { owner: 'Dana Lee', customers: 3, in_debt: 2, in_dispute: 1, debt_share: '66.7', dispute_share: '33.3', overdue: [{ currency: 'USD', amount: '450.00' }], avg_days_to_pay: '24.8' },
      { owner: null, customers: 1, in_debt: 1, in_dispute: 0, debt_share: '100.0', dispute_share: '0.0', overdue: [{ currency: 'JPY', amount: '24000' }], avg_days_to_pay: null },
      { owner: '=SUM(A1)', customers: 0, in_debt: 0, in_dispute: 0, debt_share: '0.0', dispute_share: '0.0', overdue: [], avg_days_to_pay: null },
    ]);
    // With the period: the period league's columns beside; CSV (formula-safe) and PDF carry the period and the day.
    const withPeriod = json<{ owner: string | null; invoices: number; error_share: string; adjustments: number }[]>('league', '--as-of', '2026-11-15', '--period', '2026-09');
    expect(withPeriod.find((r) => r.owner === 'Dana Lee')).toMatchObject({ invoices: 4, adjustments: 0 });
    const csv = join(dir, 'league.csv');
    const pdf = join(dir, 'league.pdf');
    ok('league', '--as-of', '2026-11-15', '--period', '2026-09', '--csv', csv, '--pdf', pdf);
    const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('as_of,period,owner,customers,in_debt,debt_share,in_dispute,dispute_share,overdue,avg_days_to_pay,invoices,error_share,adjustments,open_queries,median_days_to_answer');
    expect(lines[1]).toMatch(/^2026-11-15,2026-09,Sam Roe,1,1,100\.0,1,100\.0,EUR 400\.00,14\.0,1,/);
    expect(lines[4]).toMatch(/^2026-11-15,2026-09,'=SUM\(A1\),0,/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('LEAGUE TABLE');
    expect(text).toMatch(/As of\s+15 Nov 2026/);
    expect(text).toMatch(/Period\s+September 2026/);
    expect(text).toMatch(/Dana Lee\s+3\s+2\s+66\.7\s+1\s+33\.3\s+USD 450\.00\s+24\.8/);
  }, SLOW);

  it('writes a customer statement: open items with days overdue, payments and credits since the last zero balance, balance per currency', () => {
    const pdf = join(dir, 'globex.pdf');
    expect(ok('statement', 'GLOBEX', '--as-of', '2026-11-15', '--out', pdf)).toMatch(/^Wrote .*globex\.pdf \(\d+ bytes\)\.$/m);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Globex Ελλάς 株式会社 Корп');
    expect(text).toMatch(new RegExp(`${num['AG-B1@2026-09']} \\(disputed\\)\\s+1 Oct 2026\\s+15 Oct 2026\\s+31\\s+500\\.00\\s+400\\.00`));
    expect(text).toContain('since 15 Sep 2026, when the balance was last zero');
    expect(text).toMatch(/25 Oct 2026\s+Credit note\s+CN-/);
    expect(text).not.toContain('P-20');
    expect(text).toMatch(/Balance EUR\s+EUR 400\.00/);
    // The foreign-currency payment is the customer's money too: a USD credit balance.
    expect(text).toMatch(/Balance USD\s+USD −10\.00/);

    const s = json<{ currencies: { currency: string; balance: string; open_items: unknown[] }[] }>('statement', 'ACME', '--as-of', '2026-11-15');
    expect(s.currencies.map((c) => [c.currency, c.balance, c.open_items.length])).toEqual([['USD', '-30.00', 0]]);
    const missing = run('statement', 'NOBODY', '--as-of', '2026-11-15', '--out', join(dir, 'x.pdf'));
    expect([missing.code, missing.stderr]).toEqual([1, 'billing: There is no account NOBODY.\n']);
    const badDay = run('aging', '--as-of', '2026-13-01', '--json');
    expect([badDay.code, badDay.stderr]).toEqual([2, 'billing: "2026-13-01" is not a date; expected YYYY-MM-DD.\n']);
  }, SLOW);

  it('updates a dispute imported again with new content, audited with the old and new values', () => {
    const resolved = file('disputes-2.csv', `dispute_id,invoice_number,opened_on,reason,amount,resolved_on\nD-2,${num['AG-B1@2026-09']},2026-10-20,Wrong rate,120.00,2026-11-01\n`);
    expect(json<ImportJson[]>('import', resolved)).toEqual([
      { file: 'disputes-2.csv', kind: 'disputes', rows: 1, imported: 1, duplicates: 0, rejected: 0, notes: ["1 dispute already imported was updated with the file's newer content (audited with the old and new values)"] },
    ]);
    expect(json<ImportJson[]>('import', resolved, '--kind', 'disputes')[0]).toMatchObject({ imported: 0, duplicates: 1 });
    const book = new Database(db, { readonly: true });
    try {
      const entry = book.prepare("SELECT actor, entity_id, details FROM audit_log WHERE action = 'dispute.update'").all() as { actor: string; entity_id: string; details: string }[];
      expect(entry).toHaveLength(1);
      expect(entry[0]).toMatchObject({ actor: 'rita', entity_id: 'D-2' });
      expect(JSON.parse(entry[0]!.details)).toMatchObject({ old: { resolved_on: null }, new: { resolved_on: '2026-11-01' } });
    } finally {
      book.close();
    }
    const sam = (asOf: string) => json<{ owner: string | null; in_dispute: number }[]>('league', '--as-of', asOf).find((r) => r.owner === 'Sam Roe')!.in_dispute;
    expect([sam('2026-10-19'), sam('2026-10-31'), sam('2026-11-01')]).toEqual([0, 1, 0]);
    expect(ok('audit', 'verify')).toMatch(/^audit log intact/);
  }, SLOW);

  it("imports Stripe's payments export through the stripe profile: paid rows only, lower-case currencies, timestamps to days", () => {
    const stripe = file(
      'unified_payments.csv',
      [
        'id,Description,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Fee,Mode,Status,Customer ID,Customer Description,Customer Email,Card Brand,Invoice Number,account_id (metadata),invoice_number (metadata)',
        `ch_3Q1,Invoice ${num['AG-A3@2026-09']},2026-10-28 14:22:10,"1,000.00",0.00,usd,1000.00,29.30,Live,Paid,cus_Q1,Umbrella,ap@umbrella.test,Visa,,UMBRELLA,${num['AG-A3@2026-09']}`,
        'ch_3Q2,Retry,2026-10-28 15:01,25.00,0.00,usd,25.00,0.00,Live,Failed,cus_Q1,Umbrella,ap@umbrella.test,Visa,,UMBRELLA,',
      ].join('\n'),
    );
    const r = json<ImportJson[]>('import', stripe, '--profile', 'stripe')[0]!;
    expect(r).toMatchObject({ kind: 'payments', rows: 2, imported: 1, rejected: 1 });
    const rejected = json<{ file: string; field: string; reason: string }[]>('rejected').find((x) => x.file === 'unified_payments.csv');
    expect(rejected).toMatchObject({ field: 'status', reason: 'status "Failed" is not money received (only paid or succeeded payments are imported) (from column "Status")' });
    const p = json<(PaymentOut & { date: string; currency: string; amount: string })[]>('payments').find((x) => x.payment_id === 'ch_3Q1')!;
    expect(p).toMatchObject({ date: '2026-10-28', currency: 'USD', amount: '1000.00' });
    expect(p.applied.map((a) => [a.invoice_number, a.amount, a.rule])).toEqual([
      [num['AG-A3@2026-09'], '200.00', 'named'],
      [num['AG-A3@2026-08'], '200.00', 'oldest_due'],
    ]);
    expect(p.unapplied).toBe('600.00');
  }, SLOW);

  it('raises queries to owners from a dispute, an agreement and an anomaly, answers and resolves them (audited), packs them, and counts them in the league', () => {
    interface Q { query_id: number; owner: string | null; status: string; age_days: number; agreement_id: string; subject_kind: string }
    const fromDispute = json<Q>('query', 'raise', '--dispute', 'D-1', '--question', 'Were the seats agreed?');
    expect(fromDispute).toMatchObject({ owner: 'Dana Lee', agreement_id: 'AG-A3', status: 'open', age_days: 0, subject_kind: 'dispute' });
    const fromAgreement = json<Q>('query', 'raise', '--agreement', 'AG-C1', '--question', 'Who owns Hooli?');
    expect(fromAgreement).toMatchObject({ owner: null, agreement_id: 'AG-C1' });
    const anomaly = json<{ anomaly_id: string; agreement_id: string | null }[]>('anomalies', '--period', '2026-09').find((a) => a.agreement_id === 'AG-A1');
    expect(anomaly).toBeDefined();
    const fromAnomaly = json<Q>('query', 'raise', '--anomaly', anomaly!.anomaly_id, '--question', 'Is this right?');
    expect(fromAnomaly).toMatchObject({ owner: 'Dana Lee', agreement_id: 'AG-A1' });

    const unknown = run('query', 'raise', '--dispute', 'D-404', '--question', 'Anyone?');
    expect([unknown.code, unknown.stderr]).toEqual([1, 'billing: There is no dispute D-404.\n']);
    const two = run('query', 'raise', '--dispute', 'D-1', '--agreement', 'AG-A1', '--question', 'x?');
    expect([two.code, two.stderr]).toEqual([2, 'billing: Name exactly one of --anomaly ID, --agreement ID or --dispute ID.\n']);

    expect(json<Q>('query', 'answer', String(fromDispute.query_id), '--note', 'Yes, 40 seats in the order form')).toMatchObject({ status: 'answered' });
    expect(json<Q>('query', 'resolve', String(fromDispute.query_id), '--note', 'Customer agreed')).toMatchObject({ status: 'resolved' });
    const again = run('query', 'resolve', String(fromDispute.query_id), '--note', 'twice');
    expect([again.code, again.stderr]).toEqual([1, `billing: Query ${fromDispute.query_id} is already resolved.\n`]);

    const dana = json<Q[]>('queries', '--owner', 'Dana Lee');
    expect(dana.map((q) => [q.query_id, q.status])).toEqual([[fromDispute.query_id, 'resolved'], [fromAnomaly.query_id, 'open']]);
    expect(json<Q[]>('queries', '--open').map((q) => q.query_id)).toEqual([fromAnomaly.query_id, fromAgreement.query_id]);

    const pack = join(dir, 'pack');
    expect(ok('queries', '--owner', 'Dana Lee', '--pack', pack)).toMatch(/^Wrote queries\.csv and 1 \.eml drafts to /);
    expect(readFileSync(join(pack, 'queries.csv'), 'utf8').split('\r\n')[1]).toMatch(new RegExp(`^${fromAnomaly.query_id},Dana Lee,open,0,anomaly,`));
    const eml = readFileSync(join(pack, `query-${fromAnomaly.query_id}.eml`), 'utf8');
    expect(eml).toMatch(/^X-Unsent: 1\r\nFrom: rita\r\nTo: Dana Lee\r\nSubject: Query \d+: agreement AG-A1\r\n/);
    const body = Buffer.from(eml.split('\r\n\r\n')[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8');
    expect(body).toContain('Is this right?');

    const book = new Database(db, { readonly: true });
    try {
      expect(book.prepare("SELECT action FROM audit_log WHERE entity_type = 'owner_query' ORDER BY id").pluck().all()).toEqual(['query.raise', 'query.raise', 'query.raise', 'query.answer', 'query.resolve']);
    } finally {
      book.close();
    }
    const csv = join(dir, 'league-q.csv');
    ok('league', '--as-of', '2026-11-15', '--csv', csv);
    const rows = readFileSync(csv, 'utf8').trim().split('\r\n');
    // Dana: one open (the anomaly's), the answered one took 0 days; no owner: one open, none answered.
    expect(rows.find((r) => r.includes(',Dana Lee,'))).toMatch(/,1,0\.0$/);
    expect(rows.find((r) => r.includes(',(no owner),'))).toMatch(/,1,$/);
  }, SLOW);
});
