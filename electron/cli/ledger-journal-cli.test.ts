/**
 * Ledger files through the real `billing` command on a real database file
 * (e-invoicing.md "Ledger files"): one book, built once, with a discount, a
 * deposit, tax, a credit note, EUR, USD, JPY and a BHD invoice, customer
 * names in Greek, Japanese and Polish and one written as a formula. Each
 * journal is parsed back (DATEV decoded from Windows-1252) and every document
 * balances, with its receivables equal to the stored amount due.
 */
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceJson } from '../../shared/domain';
import { Decimal } from '../../shared/money';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
/** the period's finalized documents by number */
let docs: Map<string, InvoiceJson>;

const INJECTION = "=cmd|' /C calc'!A0";
const GREEK = 'Αθηναϊκή Λογιστική Α.Ε.';
const JAPANESE = '東京データ株式会社';
const POLISH = 'Łódź Zażółć Sp. z o.o.';

const run = (...args: string[]) => billing([...args, '--db', db, '--as', 'dana']);
const ok = (...args: string[]) => billingOk([...args, '--db', db, '--as', 'dana']);

function expectRefused(args: string[], message: RegExp): void {
  const r = run(...args);
  expect(r.code, r.stdout).not.toBe(0);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(message);
}

/** No cell a spreadsheet would run: text starting with = + - @ carries the apostrophe (plain numbers stay numbers). */
function expectNoFormula(rows: string[][]): void {
  for (const row of rows) for (const cell of row) if (/^\s*[=+\-@]/.test(cell)) expect(cell, row.join('|')).toMatch(/^-\d+(\.\d+)?$/);
}

/** CSV text to rows of cells. */
function rowsOf(text: string | Buffer, delimiter = ','): string[][] {
  return parse(text, { delimiter });
}

const agreement = (id: string, account: string, name: string, currency: string, extra: Record<string, unknown>, amount: string) => ({
  agreement_id: id, account_id: account, account_name: name, currency, start_date: '2026-01-01', tax_rate: '0', discount_percent: '0', deposit: '0',
  payment_terms_days: 30, charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount }], ...extra,
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-ledger-'));
  db = join(dir, 'book.db');
  writeFileSync(join(dir, 'agreements.json'), JSON.stringify([
    {
      ...agreement('AG-1', 'ACME', INJECTION, 'EUR', { tax_rate: '0.19', discount_percent: '10', deposit: '100.00' }, '1000.00'),
      charges: [
        { type: 'recurring', code: 'platform', description: 'Platform fee', amount: '1000.00' },
        { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.002' },
        { type: 'one_time', code: 'onboarding', description: 'Onboarding', amount: '333.33', bill_on: '2026-10-05' },
      ],
    },
    agreement('AG-2', 'ATHENS', GREEK, 'EUR', { tax_rate: '0.24' }, '500.00'),
    agreement('AG-3', 'TOKYO', JAPANESE, 'JPY', { tax_rate: '0.10' }, '120000'),
    agreement('AG-4', 'LODZ', POLISH, 'USD', {}, '250.00'),
    agreement('AG-5', 'MANAMA', 'Manama Trading W.L.L.', 'BHD', { start_date: '2026-11-01' }, '95.125'),
  ]));
  writeFileSync(join(dir, 'usage.csv'), 'event_id,account_id,metric,quantity,timestamp\ne1,ACME,api_calls,123456,2026-10-03T00:00:00Z\n');
  billingOk(['import', join(dir, 'agreements.json'), join(dir, 'usage.csv'), '--db', db]);
  ok('rate', '--period', '2026-10');
  ok('approve', 'AG-1@2026-10', 'AG-2@2026-10', 'AG-3@2026-10', 'AG-4@2026-10', '--override', 'ledger test book');
  ok('export', '--period', '2026-10', '--out', join(dir, 'pdf'), '--issue-date', '2026-11-02');
  const greek = (JSON.parse(ok('invoices', '--period', '2026-10', '--json')) as InvoiceJson[]).find((i) => i.account_id === 'ATHENS')!;
  ok('credit-note', greek.invoice_number!, '--reason', 'contract cancelled');
  ok('approve', 'AG-2@2026-10/CN1');
  ok('export', '--period', '2026-10', '--out', join(dir, 'pdf'), '--issue-date', '2026-11-20');
  docs = new Map((JSON.parse(ok('invoices', '--period', '2026-10', '--json')) as InvoiceJson[]).map((i) => [i.invoice_number!, i]));
  // November: only the BHD invoice (three decimals) is finalized.
  ok('rate', '--period', '2026-11');
  ok('approve', 'AG-5@2026-11', '--override', 'ledger test book');
  ok('export', '--period', '2026-11', '--out', join(dir, 'pdf'), '--issue-date', '2026-12-01');
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SLOW = 240_000;
const byNumber = (account: string) => [...docs.values()].find((d) => d.account_id === account && d.invoice_id.indexOf('/CN') < 0)!;
const creditNote = () => [...docs.values()].find((d) => d.invoice_id === 'AG-2@2026-10/CN1')!;

/** Sums per document: debits, credits and the receivables account's balance. */
function balances(legs: { doc: string; account: string; debit: Decimal; credit: Decimal }[], receivables: string) {
  const out = new Map<string, { debit: Decimal; credit: Decimal; receivables: Decimal }>();
  for (const l of legs) {
    const b = out.get(l.doc) ?? { debit: new Decimal(0), credit: new Decimal(0), receivables: new Decimal(0) };
    b.debit = b.debit.plus(l.debit);
    b.credit = b.credit.plus(l.credit);
    if (l.account === receivables) b.receivables = b.receivables.plus(l.debit).minus(l.credit);
    out.set(l.doc, b);
  }
  return out;
}

function expectBalanced(legs: { doc: string; account: string; debit: Decimal; credit: Decimal }[], receivables: string, numbers: string[]): void {
  const sums = balances(legs, receivables);
  expect([...sums.keys()].sort()).toEqual([...numbers].sort());
  for (const [number, b] of sums) {
    expect(b.debit.toFixed(), number).toBe(b.credit.toFixed());
    expect(b.debit.isZero(), number).toBe(false);
    expect(b.receivables.toFixed(), `${number} receivables`).toBe(new Decimal(docs.get(number)!.amount_due).toFixed());
  }
}

describe('billing journal', () => {
  it('writes a DATEV EXTF batch in Windows-1252 with decimal commas; every document balances, the credit note on the other side', () => {
    ok('settings', 'accounts', '--format', 'datev', '--receivables', '12000', '--revenue-usage', '8338', '--consultant-number', '29098', '--client-number', '55003');
    const out = join(dir, 'datev-eur.csv');
    const said = ok('journal', '--period', '2026-10', '--format', 'datev', '--currency', 'eur', '--out', out);
    expect(said).toMatch(/^Wrote the DATEV journal of 2026-10 \(3 documents, 10 lines, EUR\)/);
    expect(said).toContain(`texts of ${byNumber('ATHENS').invoice_number}, ${creditNote().invoice_number}:`);

    const bytes = readFileSync(out);
    expect(bytes.includes(Buffer.from('Gegenkonto (ohne BU-Schl\u00fcssel)', 'latin1'))).toBe(true); // ü as the one byte 0xFC
    expect(bytes.includes(Buffer.from('ü', 'utf8'))).toBe(false);
    const text = new TextDecoder('windows-1252').decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    const [headerLine, ...rest] = text.split('\r\n');
    const header = rowsOf(headerLine!, ';')[0]!;
    expect(header).toHaveLength(31);
    expect(header.slice(0, 5)).toEqual(['EXTF', '700', '21', 'Buchungsstapel', '13']);
    expect(header.slice(10, 16)).toEqual(['29098', '55003', '20260101', '4', '20261102', '20261120']);
    expect(header[21]).toBe('EUR');
    const [columns, ...rows] = rowsOf(rest.join('\r\n'), ';');
    expect(columns).toHaveLength(125);
    expect(columns!.slice(-3)).toEqual(['EU-Land u. UStID (Ursprung)', 'EU-Steuersatz (Ursprung)', 'Abw. Skontokonto']);
    expect(columns!.slice(0, 14)).toEqual([
      'Umsatz (ohne Soll/Haben-Kz)', 'Soll/Haben-Kennzeichen', 'WKZ Umsatz', 'Kurs', 'Basis-Umsatz', 'WKZ Basis-Umsatz', 'Konto', 'Gegenkonto (ohne BU-Schlüssel)',
      'BU-Schlüssel', 'Belegdatum', 'Belegfeld 1', 'Belegfeld 2', 'Skonto', 'Buchungstext',
    ]);
    expect(rows.every((r) => r.length === 125)).toBe(true);
    expect(rows.every((r) => /^\d+,\d{2}$/.test(r[0]!) && ['S', 'H'].includes(r[1]!) && r[2] === 'EUR' && r[6] === '12000')).toBe(true);
    expectNoFormula(rows);

    // Each booking is a double entry: S debits Konto and credits Gegenkonto, H the other way round.
    const legs = rows.flatMap((r) => {
      const amount = new Decimal(r[0]!.replace(',', '.'));
      const zero = new Decimal(0);
      const [debited, credited] = r[1] === 'S' ? [r[6]!, r[7]!] : [r[7]!, r[6]!];
      return [{ doc: r[10]!, account: debited, debit: amount, credit: zero }, { doc: r[10]!, account: credited, debit: zero, credit: amount }];
    });
    const acme = byNumber('ACME');
    const athens = byNumber('ATHENS');
    const cn = creditNote();
    expectBalanced(legs, '12000', [acme.invoice_number!, athens.invoice_number!, cn.invoice_number!]);

    const acmeRows = rows.filter((r) => r[10] === acme.invoice_number);
    expect(acmeRows.map((r) => [r[0], r[1], r[7], r[9]])).toEqual([
      ['100,00', 'H', '1718', '0211'], // deposit
      ['158,02', 'H', '8700', '0211'], // discount
      ['1000,00', 'S', '8400', '0211'],
      ['246,91', 'S', '8338', '0211'], // usage, on the account set above
      ['333,33', 'S', '8400', '0211'],
      ['270,22', 'S', '1776', '0211'],
    ]);
    // The formula-like name is text; the Greek name (outside Windows-1252) gives way to the account id.
    expect(acmeRows[0]![13]).toBe(`'${INJECTION}: Deposit applied`);
    expect(rows.filter((r) => r[10] === athens.invoice_number).map((r) => [r[1], r[13]])).toEqual([['S', 'ATHENS: Revenue: subscriptions'], ['S', 'ATHENS: Tax']]);
    // The credit note reverses it: receivables credited (H), naming the invoice it credits, on its own date.
    expect(rows.filter((r) => r[10] === cn.invoice_number).map((r) => [r[0], r[1], r[9], r[13]])).toEqual([
      ['500,00', 'H', '2011', `ATHENS: Revenue: subscriptions (credits ${athens.invoice_number})`],
      ['120,00', 'H', '2011', `ATHENS: Tax (credits ${athens.invoice_number})`],
    ]);

    // Polish letters fold into Windows-1252 (ó stays, ł ż ź ć lose their marks).
    const usd = join(dir, 'datev-usd.csv');
    ok('journal', '--period', '2026-10', '--format', 'datev', '--currency', 'USD', '--out', usd);
    const usdRow = rowsOf(new TextDecoder('windows-1252').decode(readFileSync(usd)).split('\r\n').slice(2).join('\r\n'), ';')[0]!;
    expect([usdRow[0], usdRow[2], usdRow[13]]).toEqual(['250,00', 'USD', 'Lódz Zazólc Sp. z o.o.: Revenue: subscriptions']);
  }, SLOW);

  it('writes Xero manual journals, one currency per file, each journal summing to zero', () => {
    expectRefused(['journal', '--period', '2026-10', '--format', 'xero', '--out', join(dir, 'x.csv')],
      /^billing: 2026-10 has documents in EUR, JPY, USD, and a Xero manual journal holds one currency; write one file per currency with --currency EUR\.$/);
    for (const currency of ['EUR', 'JPY']) {
      const out = join(dir, `xero-${currency}.csv`);
      ok('journal', '--period', '2026-10', '--format', 'xero', '--currency', currency, '--out', out);
      const [head, ...rows] = rowsOf(readFileSync(out, 'utf8'));
      expect(head).toEqual(['*Narration', '*Date', 'Description', '*AccountCode', '*TaxRate', '*Amount', 'TrackingName1', 'TrackingOption1', 'TrackingName2', 'TrackingOption2']);
      expectNoFormula(rows);
      const legs = rows.map((r) => {
        const amount = new Decimal(r[5]!);
        return { doc: r[0]!.split(' ')[0]!, account: r[3]!, debit: amount.isPositive() ? amount : new Decimal(0), credit: amount.isNegative() ? amount.negated() : new Decimal(0) };
      });
      const expected = [...docs.values()].filter((d) => d.currency === currency).map((d) => d.invoice_number!);
      expectBalanced(legs, '610', expected);
      expect(rows.every((r) => r[4] === 'Tax Exempt' && /^\d{2}\/\d{2}\/2026$/.test(r[1]!))).toBe(true);
      if (currency === 'JPY') {
        // Japanese kept (UTF-8), amounts without decimals.
        expect(rows.map((r) => [r[0], r[1], r[5]])).toEqual([
          [`${byNumber('TOKYO').invoice_number} ${JAPANESE} (JPY)`, '02/11/2026', '132000'],
          [`${byNumber('TOKYO').invoice_number} ${JAPANESE} (JPY)`, '02/11/2026', '-120000'],
          [`${byNumber('TOKYO').invoice_number} ${JAPANESE} (JPY)`, '02/11/2026', '-12000'],
        ]);
      } else {
        expect(rows.some((r) => r[0] === `${byNumber('ATHENS').invoice_number} ${GREEK} (EUR)`)).toBe(true);
        expect(rows.filter((r) => r[0]!.startsWith(creditNote().invoice_number!)).map((r) => [r[3], r[5]])).toEqual([['610', '-620.00'], ['200', '500.00'], ['820', '120.00']]);
      }
    }
  }, SLOW);

  it('writes QuickBooks Online journal entries for every currency in one file, each entry balanced', () => {
    ok('settings', 'accounts', '--format', 'quickbooks', '--receivables', 'Accounts Receivable (A/R)', '--revenue', 'Sales:Subscriptions', '--tax', 'VAT Payable');
    const out = join(dir, 'qbo.csv');
    expect(ok('journal', '--period', '2026-10', '--format', 'quickbooks', '--out', out)).toMatch(/^Wrote the QuickBooks Online journal of 2026-10 \(5 documents, 18 lines, EUR, JPY, USD\)/);
    const [head, ...rows] = rowsOf(readFileSync(out, 'utf8'));
    expect(head).toEqual(['Journal No', 'Journal Date', 'Account Name', 'Debits', 'Credits', 'Description', 'Name', 'Currency']);
    expectNoFormula(rows);
    const legs = rows.map((r) => ({ doc: r[0]!, account: r[2]!, debit: new Decimal(r[3] || '0'), credit: new Decimal(r[4] || '0') }));
    expectBalanced(legs, 'Accounts Receivable (A/R)', [...docs.keys()]);
    expect(rows.every((r) => r[3] === '' || r[4] === '')).toBe(true);
    const names = new Map(rows.map((r) => [r[0], [r[6], r[7]]]));
    expect(names.get(byNumber('ACME').invoice_number!)).toEqual([`'${INJECTION}`, 'EUR']);
    expect(names.get(byNumber('ATHENS').invoice_number!)).toEqual([GREEK, 'EUR']);
    expect(names.get(byNumber('TOKYO').invoice_number!)).toEqual([JAPANESE, 'JPY']);
    expect(names.get(byNumber('LODZ').invoice_number!)).toEqual([POLISH, 'USD']);
    expect(rows.find((r) => r[0] === byNumber('ACME').invoice_number && r[5] === 'Tax')!.slice(1, 5)).toEqual(['11/02/2026', 'VAT Payable', '', '270.22']);
  }, SLOW);

  it('reads and checks the account mapping, and refuses what no journal can hold, each in one sentence', () => {
    const datev = JSON.parse(ok('settings', 'accounts', '--format', 'datev', '--json')) as { consultant_number: number; accounts: Record<string, string> };
    expect(datev).toMatchObject({ consultant_number: 29098, client_number: 55003, accounts: { receivables: '12000', revenue_usage: '8338', revenue_recurring: '8400', tax: '1776' } });
    expect(JSON.parse(ok('settings', 'accounts', '--json'))).toHaveProperty('xero.accounts.receivables', '610');
    expectRefused(['settings', 'accounts', '--format', 'datev', '--tax', '17a6'], /^billing: DATEV accounts are numbers of 1 to 9 digits \(no leading zero\); "17a6" for tax is not one\.$/);
    expectRefused(['settings', 'accounts', '--format', 'quickbooks', '--tax', '=HYPERLINK("x")'], /^billing: QuickBooks account names are 1 to 100 characters/);
    expectRefused(['settings', 'accounts', '--format', 'xero', '--consultant-number', '1234'], /^billing: The consultant and client numbers belong to the DATEV mapping/);
    expectRefused(['settings', 'accounts', '--tax', '1776'], /^billing: Say which system the accounts are for/);
    expect(JSON.parse(ok('settings', 'accounts', '--format', 'datev', '--json'))).toMatchObject({ accounts: { tax: '1776' } });

    expectRefused(['journal', '--period', '2026-11', '--format', 'quickbooks', '--out', join(dir, 'bhd.csv')],
      /^billing: INV-2026-\d+ is in BHD, whose amounts have 3 decimals; QuickBooks Online journals take at most 2, so its journal has to be entered by hand\.$/);
    expectRefused(['journal', '--period', '2026-12', '--format', 'datev', '--out', join(dir, 'none.csv')], /^billing: 2026-12 has no finalized invoices or credit notes; export the period first/);
    expectRefused(['journal', '--period', '2026-10', '--format', 'datev', '--currency', 'GBP', '--out', join(dir, 'none.csv')], /^billing: 2026-10 has no finalized documents in GBP\.$/);
    expectRefused(['journal', '--period', '2026-10', '--format', 'sage', '--out', join(dir, 'none.csv')], /Allowed choices are datev, xero, quickbooks/);
  }, SLOW);
});
