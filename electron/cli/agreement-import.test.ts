/**
 * Agreements that must not get in as they are (issue 13), through the real
 * `billing` command on a real SQLite file: each file is written by the test,
 * imported, rated, and the invoices, anomalies and rejected rows read back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-agreements-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let dbs = 0;
const newDb = () => join(dir, `book-${++dbs}.db`);
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

interface ImportResult {
  file: string;
  kind: string;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
}
interface Rejected {
  file: string;
  line: number;
  field: string | null;
  reason: string;
}
interface Invoice {
  invoice_id: string;
  agreement_id: string;
  total: string;
  lines: { kind: string; code: string; amount: string }[];
}
interface Anomaly {
  rule: string;
  severity: string;
  message: string;
  account_id: string | null;
  agreement_id: string | null;
  invoice_id: string | null;
}

const importJson = (db: string, ...paths: string[]) => JSON.parse(billingOk(['import', ...paths, '--json', '--db', db])) as ImportResult[];
const rejectedRows = (db: string) => JSON.parse(billingOk(['rejected', '--json', '--db', db])) as Rejected[];
const rate = (db: string) => billingOk(['rate', '--period', '2026-10', '--db', db]);
const invoices = (db: string) => JSON.parse(billingOk(['invoices', '--period', '2026-10', '--json', '--db', db])) as Invoice[];
const anomalies = (db: string) => JSON.parse(billingOk(['anomalies', '--period', '2026-10', '--json', '--db', db])) as Anomaly[];

/** A complete agreement (PO, bill-to, owner) in USD; fields override. */
const agreement = (fields: Record<string, unknown>) => ({
  account_name: `${String(fields.account_id)} Ltd`,
  currency: 'USD',
  start_date: '2026-01-01',
  end_date: null,
  owner: 'Dana Lee',
  po_number: `PO-${String(fields.agreement_id)}`,
  bill_to: `${String(fields.account_id)} Ltd, 1 Main St`,
  charges: [{ type: 'recurring', code: 'platform', amount: '100.00' }],
  ...fields,
});

/** What a validator says when nobody wrote a message for people. */
const RAW_VALIDATOR = /expected .* received|Too small|Too big|Invalid input|Invalid option|Invalid discriminator|Invalid string|expected string|expected number/i;

describe('an agreement pricing one metric or hours kind and role twice', () => {
  it('is rejected on import in JSON, NDJSON and CSV, so nothing is billed twice and the usage shows as unbilled', () => {
    const db = newDb();
    const json = file(
      'twice.json',
      JSON.stringify([
        agreement({
          agreement_id: 'AG-TWICE',
          account_id: 'TWICE',
          charges: [
            { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' },
            { type: 'usage', metric: 'storage_gb', model: 'per_unit', unit_price: '0.10' },
            { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' },
          ],
        }),
        // Two hours charges of one kind with different roles (and one without) are fine: the spec's own example.
        agreement({
          agreement_id: 'AG-ROLES',
          account_id: 'ROLES',
          charges: [
            { type: 'hours', kind: 'professional_services', role: 'architect', rate: '220.00' },
            { type: 'hours', kind: 'professional_services', rate: '180.00' },
          ],
        }),
      ]),
    );
    const ndjson = file(
      'hours.ndjson',
      [
        agreement({ agreement_id: 'AG-HRS', account_id: 'HRS', charges: [{ type: 'hours', kind: 'support', rate: '100.00' }, { type: 'hours', kind: 'support', role: ' ', rate: '120.00' }] }),
        agreement({
          agreement_id: 'AG-ROLE2',
          account_id: 'ROLE2',
          charges: [{ type: 'hours', kind: 'professional_services', role: 'Architect', rate: '200.00' }, { type: 'hours', kind: 'professional_services', role: 'architect ', rate: '220.00' }],
        }),
      ]
        .map((a) => JSON.stringify(a))
        .join('\n'),
    );
    const csv = file(
      'crm.csv',
      'agreement_id,account_id,currency,start_date,owner,po_number,bill_to,type,code,amount,metric,model,unit_price,tiers\n' +
        'AG-CSV,CSV,USD,2026-01-01,Dana Lee,PO-1,"CSV Ltd",recurring,platform,100.00,,,,\n' +
        'AG-CSV,CSV,USD,2026-01-01,Dana Lee,PO-1,"CSV Ltd",usage,,,sms,graduated,,0:0|inf:0.05\n' +
        'AG-CSV,CSV,USD,2026-01-01,Dana Lee,PO-1,"CSV Ltd",usage,,,sms,per_unit,0.05,\n' +
        'AG-OK,OK,USD,2026-01-01,Dana Lee,PO-2,"OK Ltd",recurring,platform,100.00,,,,\n',
    );
    const usage = file(
      'usage.csv',
      'event_id,account_id,metric,quantity,timestamp\n' +
        'u1,TWICE,api_calls,1000,2026-10-03T10:00:00Z\n' +
        'u2,TWICE,storage_gb,5,2026-10-03T10:00:00Z\n' +
        'u3,CSV,sms,200,2026-10-04T10:00:00Z\n',
    );
    const hours = file('hours.csv', 'entry_id,date,account_id,person,kind,role,hours,billable\nh1,2026-10-05,HRS,Ann Berg,support,,2,yes\nh2,2026-10-05,ROLE2,Ann Berg,professional_services,architect,3,yes\n');

    const results = importJson(db, json, ndjson, csv, usage, hours);
    expect(results.map((r) => [r.file, r.rows, r.imported, r.rejected])).toEqual([
      ['twice.json', 2, 1, 1],
      ['hours.ndjson', 2, 0, 2],
      ['crm.csv', 4, 1, 3],
      ['usage.csv', 3, 3, 0],
      ['hours.csv', 2, 2, 0],
    ]);

    const rejected = rejectedRows(db);
    const of = (name: string) => rejected.filter((r) => r.file === name).sort((a, b) => a.line - b.line);
    expect(of('twice.json')).toEqual([
      expect.objectContaining({
        line: 1,
        field: 'charges.2.metric',
        reason: 'charge 3 (usage api_calls): the metric api_calls is already priced by charge 1, so its usage would be billed twice; keep one charge per metric',
      }),
    ]);
    expect(of('hours.ndjson').map((r) => [r.line, r.field, r.reason])).toEqual([
      [1, 'charges.1.kind', 'charge 2 (hours support): support hours with no role are already priced by charge 1, so which rate applies is ambiguous; keep one charge per hours kind and role'],
      [
        2,
        'charges.1.role',
        'charge 2 (hours professional_services architect): professional_services hours for the role architect are already priced by charge 1, so which rate applies is ambiguous; keep one charge per hours kind and role',
      ],
    ]);
    // CSV: every row of the agreement is rejected; the row at fault is the second charge's (line 4).
    expect(of('crm.csv').map((r) => [r.line, r.field, r.reason])).toEqual([
      [2, null, expect.stringMatching(/^the whole agreement AG-CSV is rejected because of line 4 \(the metric sms is already priced/)],
      [3, null, expect.stringMatching(/^the whole agreement AG-CSV is rejected because of line 4 /)],
      [4, 'metric', 'the metric sms is already priced by the charge on line 3, so its usage would be billed twice; keep one charge per metric'],
    ]);

    rate(db);
    const bills = invoices(db);
    expect(bills.map((i) => i.agreement_id).sort()).toEqual(['AG-OK', 'AG-ROLES']);
    expect(bills.flatMap((i) => i.lines).filter((l) => l.kind === 'usage')).toEqual([]);

    const found = anomalies(db);
    const unbilled = found.filter((a) => a.rule === 'unbilled_usage' || a.rule === 'unbilled_hours').map((a) => [a.rule, a.account_id, a.severity]);
    expect(unbilled.sort()).toEqual([
      ['unbilled_hours', 'HRS', 'error'],
      ['unbilled_hours', 'ROLE2', 'error'],
      ['unbilled_usage', 'CSV', 'error'],
      ['unbilled_usage', 'TWICE', 'error'],
      ['unbilled_usage', 'TWICE', 'error'],
    ]);
  });
});

describe('tax and discount that cannot be meant', () => {
  it('rejects a tax_rate above 1, negative tax or discount and a discount over 100 %, saying why', () => {
    const db = newDb();
    const path = file(
      'terms.json',
      JSON.stringify([
        agreement({ agreement_id: 'AG-PCT', account_id: 'PCT', tax_rate: '8.25' }),
        agreement({ agreement_id: 'AG-NEGTAX', account_id: 'NEGTAX', tax_rate: '-0.1' }),
        agreement({ agreement_id: 'AG-NEGDISC', account_id: 'NEGDISC', discount_percent: '-5' }),
        agreement({ agreement_id: 'AG-BIGDISC', account_id: 'BIGDISC', discount_percent: '120' }),
        agreement({ agreement_id: 'AG-FINE', account_id: 'FINE', tax_rate: '0.0825', discount_percent: '100' }),
      ]),
    );
    expect(importJson(db, path)[0]).toMatchObject({ rows: 5, imported: 1, rejected: 4 });
    expect(rejectedRows(db).sort((a, b) => a.line - b.line).map((r) => [r.field, r.reason])).toEqual([
      ['tax_rate', 'tax_rate "8.25" is more than 1, but tax_rate is a fraction: 0.0825 means 8.25 % (for 8.25 % write 0.0825)'],
      ['tax_rate', 'tax_rate "-0.1" must not be negative'],
      ['discount_percent', 'discount_percent "-5" must not be negative'],
      ['discount_percent', 'discount_percent "120" must be at most 100 (it is a percentage: 10 means 10 %)'],
    ]);
  });

  it('rejects a tax_rate above 1 in the CSV form on every row, pointing at the line', () => {
    const db = newDb();
    const path = file('tax.csv', 'agreement_id,account_id,currency,start_date,tax_rate,type,code,amount\nAG-1,A,USD,2026-01-01,,recurring,a,10\nAG-1,A,USD,2026-01-01,19,recurring,b,20\n');
    expect(importJson(db, path)[0]).toMatchObject({ rows: 2, imported: 0, rejected: 2 });
    expect(rejectedRows(db).sort((a, b) => a.line - b.line).map((r) => [r.line, r.field, r.reason])).toEqual([
      [2, null, expect.stringMatching(/because of line 3 \(tax_rate "19" is more than 1/)],
      [3, 'tax_rate', 'tax_rate "19" is more than 1, but tax_rate is a fraction: 0.0825 means 8.25 % (for 19 % write 0.19)'],
    ]);
  });
});

describe('money amounts finer than the currency', () => {
  it('rejects amounts with more decimals than the minor unit, never rounding them, and keeps fine unit prices', () => {
    const db = newDb();
    const path = file(
      'money.json',
      JSON.stringify([
        agreement({ agreement_id: 'AG-MIN', account_id: 'MIN', minimum_commitment: '2500.005' }),
        agreement({ agreement_id: 'AG-DEP', account_id: 'DEP', deposit: '10.001' }),
        agreement({ agreement_id: 'AG-JPY', account_id: 'JPY', currency: 'JPY', charges: [{ type: 'recurring', code: 'platform', amount: '1200.5' }] }),
        agreement({ agreement_id: 'AG-ONE', account_id: 'ONE', charges: [{ type: 'one_time', code: 'setup', amount: '99.999', bill_on: '2026-10-01' }] }),
        agreement({ agreement_id: 'AG-PKG', account_id: 'PKG', charges: [{ type: 'usage', metric: 'sms', model: 'package', package_size: '1000', package_price: '8.125' }] }),
        agreement({
          agreement_id: 'AG-FLAT',
          account_id: 'FLAT',
          charges: [{ type: 'usage', metric: 'seats', model: 'volume', tiers: [{ up_to: '10', unit_price: '30', flat_fee: '0' }, { up_to: null, unit_price: '25', flat_fee: '50.505' }] }],
        }),
        // An unknown currency is held to 2 decimals (anomalies.md).
        agreement({ agreement_id: 'AG-XXX', account_id: 'XXX', currency: 'USDX', charges: [{ type: 'recurring', code: 'platform', amount: '10.005' }] }),
        agreement({ agreement_id: 'AG-BHD', account_id: 'BHD', currency: 'BHD', charges: [{ type: 'recurring', code: 'platform', amount: '1.2345' }] }),
        // Fine: whole yen written with zeros, three-decimal dinars, unit prices and an hourly rate finer than a cent.
        agreement({
          agreement_id: 'AG-OK',
          account_id: 'OK',
          currency: 'JPY',
          minimum_commitment: '1200.00',
          charges: [
            { type: 'recurring', code: 'platform', amount: '100000' },
            { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.35' },
            { type: 'hours', kind: 'support', rate: '97.125' },
          ],
        }),
        agreement({
          agreement_id: 'AG-OK2',
          account_id: 'OK2',
          currency: 'KWD',
          charges: [
            { type: 'recurring', code: 'platform', amount: '1.250' },
            { type: 'usage', metric: 'api_calls', model: 'graduated', tiers: [{ up_to: '100000', unit_price: '0' }, { up_to: null, unit_price: '0.00002', flat_fee: '0.005' }] },
          ],
        }),
      ]),
    );
    expect(importJson(db, path)[0]).toMatchObject({ rows: 10, imported: 2, rejected: 8 });
    expect(rejectedRows(db).sort((a, b) => a.line - b.line).map((r) => [r.field, r.reason])).toEqual([
      ['minimum_commitment', 'minimum_commitment "2500.005" has 3 decimal places, but USD amounts have at most 2; correct the amount (it is never rounded silently)'],
      ['deposit', 'deposit "10.001" has 3 decimal places, but USD amounts have at most 2; correct the amount (it is never rounded silently)'],
      ['charges.0.amount', 'charge 1 (recurring platform): amount "1200.5" has 1 decimal place, but JPY amounts have none; correct the amount (it is never rounded silently)'],
      ['charges.0.amount', 'charge 1 (one_time setup): amount "99.999" has 3 decimal places, but USD amounts have at most 2; correct the amount (it is never rounded silently)'],
      ['charges.0.package_price', 'charge 1 (usage sms): package_price "8.125" has 3 decimal places, but USD amounts have at most 2; correct the amount (it is never rounded silently)'],
      ['charges.0.tiers.1.flat_fee', 'charge 1 (usage seats): tier 2 flat_fee "50.505" has 3 decimal places, but USD amounts have at most 2; correct the amount (it is never rounded silently)'],
      [
        'charges.0.amount',
        'charge 1 (recurring platform): amount "10.005" has 3 decimal places, but amounts in USDX (not an ISO 4217 code, so treated as 2 decimals) have at most 2; correct the amount (it is never rounded silently)',
      ],
      ['charges.0.amount', 'charge 1 (recurring platform): amount "1.2345" has 4 decimal places, but BHD amounts have at most 3; correct the amount (it is never rounded silently)'],
    ]);
    rate(db);
    expect(invoices(db).map((i) => [i.agreement_id, i.total]).sort()).toEqual([
      ['AG-OK', '100000'],
      ['AG-OK2', '1.250'],
    ]);
  });
});

describe('blank owner, PO number and bill-to in JSON', () => {
  it('imports them as missing and flags the agreement, as the CSV form does', () => {
    const db = newDb();
    const path = file(
      'blank.json',
      JSON.stringify([
        agreement({ agreement_id: 'AG-EMPTY', account_id: 'EMPTY', owner: '', po_number: '', bill_to: '' }),
        agreement({ agreement_id: 'AG-SPACE', account_id: 'SPACE', owner: '   ', po_number: '\t', bill_to: ' \n ', account_name: ' ' }),
      ]),
    );
    expect(importJson(db, path)[0]).toMatchObject({ rows: 2, imported: 2, rejected: 0 });
    rate(db);
    const flagged = anomalies(db)
      .filter((a) => a.rule === 'agreement_incomplete')
      .map((a) => [a.agreement_id, a.severity, a.message])
      .sort();
    expect(flagged).toEqual([
      ['AG-EMPTY', 'warning', 'Agreement AG-EMPTY for EMPTY has no PO number, no bill-to address and no owner.'],
      ['AG-SPACE', 'warning', 'Agreement AG-SPACE for SPACE has no PO number, no bill-to address and no owner.'],
    ]);
  });
});

describe('reasons a finance person can read', () => {
  it('names the field and what is wrong for every kind of wrong agreement field, never in a validator\'s words', () => {
    const db = newDb();
    const base = agreement({ agreement_id: 'X', account_id: 'X' });
    const wrong: [string, Record<string, unknown>, string, RegExp][] = [
      ['AG-1', { agreement_id: 12 }, 'agreement_id', /^agreement_id 12 must be text in quotes$/],
      ['AG-2', { agreement_id: '' }, 'agreement_id', /^agreement_id is missing$/],
      ['AG-3', { account_id: undefined }, 'account_id', /^account_id is missing$/],
      ['AG-4', { account_id: '   ' }, 'account_id', /^account_id is missing$/],
      ['AG-5', { currency: '' }, 'currency', /^currency is missing$/],
      ['AG-6', { start_date: '2026-02-30' }, 'start_date', /^start_date "2026-02-30" is not a real calendar date/],
      ['AG-7', { start_date: 20260101 }, 'start_date', /^start_date 20260101 must be a date written YYYY-MM-DD/],
      ['AG-8', { end_date: '2025-01-01' }, 'end_date', /^end_date "2025-01-01" is before start_date 2026-01-01$/],
      ['AG-9', { owner: 42 }, 'owner', /^owner 42 must be text in quotes$/],
      ['AG-10', { payment_terms_days: '30' }, 'payment_terms_days', /^payment_terms_days "30" must be a whole number of days written without quotes, such as 30$/],
      ['AG-11', { payment_terms_days: 30.5 }, 'payment_terms_days', /^payment_terms_days 30\.5 must be a whole number of days$/],
      ['AG-12', { payment_terms_days: -1 }, 'payment_terms_days', /^payment_terms_days -1 must be at least 0$/],
      ['AG-13', { tax_rate: 0.08 }, 'tax_rate', /^tax_rate 0\.08 must be a decimal written as text in quotes/],
      ['AG-14', { tax_rate: '8,25' }, 'tax_rate', /^tax_rate "8,25" is not a decimal number/],
      ['AG-15', { minimum_commitment: '1,000.00' }, 'minimum_commitment', /^minimum_commitment "1,000\.00" is not a decimal number/],
      ['AG-16', { charges: 'platform' }, 'charges', /^charges "platform" must be a list of charges$/],
      ['AG-17', { charges: undefined }, 'charges', /^charges is missing$/],
      ['AG-18', { charges: [{ type: 'subscription', code: 'p', amount: '1' }] }, 'charges.0.type', /^charge 1 \(subscription p\): type "subscription" is not one of recurring, one_time, usage, hours$/],
      ['AG-19', { charges: [{ code: 'p', amount: '1' }] }, 'charges.0.type', /^charge 1 \(p\): type is missing \(one of recurring, one_time, usage, hours\)$/],
      ['AG-20', { charges: ['platform'] }, 'charges.0', /^charge 1: the charge must be an object with the charge's fields$/],
      ['AG-21', { charges: [{ type: 'recurring', amount: '1' }] }, 'charges.0.code', /^charge 1 \(recurring\): code is missing$/],
      ['AG-22', { charges: [{ type: 'recurring', code: 'p' }] }, 'charges.0.amount', /^charge 1 \(recurring p\): amount is missing$/],
      ['AG-23', { charges: [{ type: 'usage', metric: 'm', model: 'flat' }] }, 'charges.0.model', /^charge 1 \(usage m\): model "flat" is not one of per_unit, graduated, volume, package, percentage$/],
      ['AG-24', { charges: [{ type: 'usage', metric: 'm' }] }, 'charges.0.model', /^charge 1 \(usage m\): model is missing \(one of per_unit, graduated, volume, package, percentage\)$/],
      ['AG-25', { charges: [{ type: 'usage', metric: 'm', model: 'per_unit' }] }, 'charges.0.unit_price', /^charge 1 \(usage m\): unit_price is missing$/],
      ['AG-26', { charges: [{ type: 'usage', metric: 'm', model: 'per_unit', unit_price: '-1' }] }, 'charges.0.unit_price', /^charge 1 \(usage m\): unit_price "-1" must not be negative$/],
      ['AG-27', { charges: [{ type: 'usage', metric: 'm', model: 'per_unit', unit_price: '1', aggregation: 'avg' }] }, 'charges.0.aggregation', /^charge 1 \(usage m\): aggregation "avg" must be one of sum, max, last, count$/],
      ['AG-28', { charges: [{ type: 'usage', metric: 'm', model: 'graduated', tiers: [] }] }, 'charges.0.tiers', /^charge 1 \(usage m\): tiers needs at least one tier$/],
      ['AG-29', { charges: [{ type: 'usage', metric: 'm', model: 'graduated', tiers: [{ up_to: '10', unit_price: '1' }] }] }, 'charges.0.tiers.0.up_to', /^charge 1 \(usage m\): tier 1 up_to "10" must be open-ended in the last tier/],
      ['AG-30', { charges: [{ type: 'usage', metric: 'm', model: 'graduated', tiers: [{ up_to: '10', unit_price: '1' }, { up_to: '5', unit_price: '1' }, { up_to: null, unit_price: '1' }] }] }, 'charges.0.tiers.1.up_to', /^charge 1 \(usage m\): tier 2 up_to "5" must be above the previous tier's up_to \(10\)/],
      ['AG-31', { charges: [{ type: 'usage', metric: 'm', model: 'graduated', tiers: [{ unit_price: '1' }] }] }, 'charges.0.tiers.0.up_to', /^charge 1 \(usage m\): tier 1 up_to is missing$/],
      ['AG-32', { charges: [{ type: 'usage', metric: 'm', model: 'package', package_size: '0', package_price: '8' }] }, 'charges.0.package_size', /^charge 1 \(usage m\): package_size "0" must be greater than zero$/],
      ['AG-33', { charges: [{ type: 'hours', kind: 'consulting', rate: '100' }] }, 'charges.0.kind', /^charge 1 \(hours consulting\): kind "consulting" must be one of professional_services, support$/],
      ['AG-34', { charges: [{ type: 'hours', kind: 'support', rate: '100', increment_minutes: 0 }] }, 'charges.0.increment_minutes', /^charge 1 \(hours support\): increment_minutes 0 must be at least 1$/],
      ['AG-35', { charges: [{ type: 'hours', kind: 'support', rate: '100', increment_minutes: '15' }] }, 'charges.0.increment_minutes', /^charge 1 \(hours support\): increment_minutes "15" must be a whole number of minutes/],
      ['AG-36', { charges: [{ type: 'one_time', code: 'setup', amount: '10' }] }, 'charges.0.bill_on', /^charge 1 \(one_time setup\): bill_on is missing$/],
      ['AG-37', { charges: [{ type: 'usage', metric: 'm', model: 'per_unit', unit_price: '1', included: 'lots' }] }, 'charges.0.included', /^charge 1 \(usage m\): included "lots" is not a decimal number/],
      ['AG-38', { charges: [{ type: 'usage', metric: 'm', model: 'graduated', tiers: 'x' }] }, 'charges.0.tiers', /^charge 1 \(usage m\): tiers "x" must be a list of tiers$/],
      ['AG-39', { charges: [{ type: 'usage', metric: 'm', model: 'graduated', tiers: [5] }] }, 'charges.0.tiers.0', /^charge 1 \(usage m\): tier 1 must be an object with up_to and unit_price$/],
    ];
    const docs = wrong.map(([id, fields]) => ({ ...base, agreement_id: id, account_id: id, ...fields }));
    const path = file('wrong.ndjson', docs.map((d) => JSON.stringify(d)).join('\n'));
    const [result] = importJson(db, path);
    expect(result).toMatchObject({ rows: wrong.length, imported: 0, rejected: wrong.length });
    const rejected = rejectedRows(db).sort((a, b) => a.line - b.line);
    wrong.forEach(([id, , field, reason], i) => {
      expect([id, rejected[i]!.field], id).toEqual([id, field]);
      expect(rejected[i]!.reason, id).toMatch(reason);
    });
    for (const r of rejected) expect(r.reason).not.toMatch(RAW_VALIDATOR);
  });

  it('words CSV-form, usage and hours rejections in plain words too', () => {
    const db = newDb();
    const agreements = file(
      'wrong.csv',
      'agreement_id,account_id,currency,start_date,type,code,amount,metric,model,unit_price,kind,rate\n' +
        'AG-1,A,USD,2026-01-01,subscription,p,1,,,,,\n' +
        'AG-2,B,,2026-01-01,recurring,p,1,,,,,\n' +
        'AG-3,C,USD,2026-01-01,usage,,,m,flat,,,\n' +
        'AG-4,D,USD,2026-01-01,usage,,,m,per_unit,,,\n' +
        'AG-5,E,USD,2026-01-01,hours,,,,,,consulting,100\n' +
        'AG-6,F,USD,2026-01-01,recurring,,1,,,,,\n',
    );
    const usage = file('usage.csv', 'event_id,account_id,metric,quantity,timestamp\ne1,,m,1,2026-10-01\ne2,A,m,x,2026-10-01\ne3,A,m,1,yesterday\n');
    const hours = file('hours.csv', 'date,account_id,person,kind,hours,billable\n2026-10-01,A,Ann,consulting,1,yes\n2026-10-01,A,Ann,support,25,yes\n2026-10-01,A,Ann,support,1,maybe\n');
    const results = importJson(db, agreements, usage, hours);
    expect(results.map((r) => r.rejected)).toEqual([6, 3, 3]);
    const rejected = rejectedRows(db);
    const csv = rejected.filter((r) => r.file === 'wrong.csv').sort((a, b) => a.line - b.line);
    expect(csv.map((r) => [r.field, r.reason])).toEqual([
      ['type', 'type "subscription" is not one of recurring, one_time, usage, hours'],
      ['currency', 'currency is missing'],
      ['model', 'model "flat" is not one of per_unit, graduated, volume, package, percentage'],
      ['unit_price', 'unit_price is missing'],
      ['kind', 'kind "consulting" must be one of professional_services, support'],
      ['code', 'code is missing'],
    ]);
    for (const r of rejected) expect(r.reason, r.reason).not.toMatch(RAW_VALIDATOR);
  });
});

describe('an agreement in a currency that is not an ISO 4217 code', () => {
  it('is imported and flagged as an error, so its invoice cannot be approved without an override', () => {
    const db = newDb();
    const path = file('usdx.json', JSON.stringify([agreement({ agreement_id: 'AG-X', account_id: 'PACRIM', currency: 'USDX' })]));
    expect(importJson(db, path)[0]).toMatchObject({ imported: 1, rejected: 0 });
    rate(db);
    const flagged = anomalies(db).filter((a) => a.rule === 'agreement_incomplete');
    expect(flagged.map((a) => [a.agreement_id, a.invoice_id, a.severity])).toEqual([['AG-X', 'AG-X@2026-10', 'error']]);
    expect(flagged[0]!.message).toMatch(/"USDX", which is not an ISO 4217 code/);

    const refused = billing(['approve', 'AG-X@2026-10', '--db', db]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/agreement_incomplete|error|override/i);
    expect(invoices(db)[0]).toMatchObject({ invoice_id: 'AG-X@2026-10', status: 'draft' });

    billingOk(['approve', 'AG-X@2026-10', '--override', 'currency confirmed with the customer', '--db', db]);
    expect(invoices(db)[0]).toMatchObject({ invoice_id: 'AG-X@2026-10', status: 'approved' });
  });
});

describe('an agreements CSV with a row that cannot be read', () => {
  it('rejects the agreement that row belonged to as a whole, instead of importing it one charge short', () => {
    const db = newDb();
    const header = 'agreement_id,account_id,currency,start_date,owner,po_number,bill_to,type,code,amount,metric,model,unit_price\n';
    const csv = file(
      'crm-broken.csv',
      header +
        'AG-A,ACME,USD,2026-01-01,Dana,PO-1,Acme,recurring,platform,100.00,,,\n' +
        // Text after a closing quote: the CSV reader rejects this row before it is grouped with AG-A.
        'AG-A,ACME,USD,2026-01-01,Dana,PO-1,"Acme"x,usage,,,api_calls,per_unit,0.01\n' +
        'AG-B,BETA,USD,2026-01-01,Dana,PO-2,Beta,recurring,platform,50.00,,,\n',
    );
    const [result] = importJson(db, csv);
    expect(result).toMatchObject({ rows: 3, imported: 1, rejected: 2 });
    const reasons = rejectedRows(db).map((r) => [r.line, r.reason]);
    expect(reasons).toContainEqual([2, expect.stringMatching(/^the whole agreement AG-A is rejected because line 3 of the file could not be read/)]);
    expect(reasons).toContainEqual([3, expect.stringMatching(/not valid CSV/)]);
    rate(db);
    expect(invoices(db).map((i) => i.agreement_id)).toEqual(['AG-B']);
  });

  it('rejects every agreement of the file when the unreadable row does not say which one it belonged to', () => {
    const db = newDb();
    const header = 'agreement_id,account_id,currency,start_date,type,code,amount\n';
    const csv = file('crm-anonymous.csv', header + 'AG-A,ACME,USD,2026-01-01,recurring,platform,100.00\n,ACME,USD,2026-01-01,recurring,support,20.00\nAG-B,BETA,USD,2026-01-01,recurring,platform,50.00\n');
    expect(importJson(db, csv)[0]).toMatchObject({ rows: 3, imported: 0, rejected: 3 });
  });
});
