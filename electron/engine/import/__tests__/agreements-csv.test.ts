import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agreement } from '../../../../shared/domain';
import { importFiles } from '../import-files';
import { count, ctx, rows, scratch, type Scratch } from './helpers';

let s: Scratch;
beforeEach(() => {
  s = scratch();
});
afterEach(() => s.cleanup());

const run = (name: string, content: string) => importFiles(s.opened.sqlite, { files: [{ path: s.file(name, content) }] }, ctx()).then((r) => r.files);

const HEADER =
  'agreement_id,account_id,account_name,currency,start_date,end_date,owner,po_number,bill_to,payment_terms_days,tax_rate,discount_percent,minimum_commitment,deposit,' +
  'type,code,description,amount,metric,aggregation,model,unit_price,included,tiers,package_size,package_price,kind,role,rate,increment_minutes,included_hours,bill_on';

/** The agreement of data-formats.md, as a CRM would export it: one row per charge, rows of two agreements interleaved. */
const AG = 'AG-1001,ACME,Acme Corp,USD,2026-01-15,,Dana Lee,PO-7788,"Acme Corp\n1 Main St\nSpringfield",30,0.0825,10,1000.00,5000.00';
const EXAMPLE_CSV =
  `${HEADER}\n` +
  `${AG},recurring,platform,Platform fee,2500.00,,,,,,,,,,,,,,\n` +
  `${AG},usage,,,,api_calls,sum,graduated,,,100000:0|1000000:0.002|inf:0.001,,,,,,,,\n` +
  `AG-2,BETA,Beta Ltd,EUR,2026-03-01,,,,,,,,,,recurring,base,Base,100,,,,,,,,,,,,,,\n` +
  `${AG},usage,,,,storage_gb,max,per_unit,0.10,500,,,,,,,,,\n` +
  `${AG},usage,,,,seats,last,volume,,,10:30:0|inf:25:50,,,,,,,,\n` +
  `${AG},usage,,,,sms,,package,,,,1000,8.00,,,,,,\n` +
  `${AG},hours,,,,,,,,,,,,professional_services,architect,220.00,15,,\n` +
  `${AG},hours,,,,,,,,,,,,professional_services,,180.00,15,,\n` +
  `${AG},hours,,,,,,,,,,,,support,,120.00,,10,\n` +
  `${AG},one_time,onboarding,Onboarding,1500.00,,,,,,,,,,,,,,2026-01-15\n`;

const EXAMPLE_JSON = {
  agreement_id: 'AG-1001', account_id: 'ACME', account_name: 'Acme Corp', currency: 'USD', start_date: '2026-01-15', end_date: null,
  owner: 'Dana Lee', po_number: 'PO-7788', bill_to: 'Acme Corp\n1 Main St\nSpringfield', payment_terms_days: 30, tax_rate: '0.0825',
  discount_percent: '10', minimum_commitment: '1000.00', deposit: '5000.00',
  charges: [
    { type: 'recurring', code: 'platform', description: 'Platform fee', amount: '2500.00' },
    { type: 'usage', metric: 'api_calls', aggregation: 'sum', model: 'graduated', tiers: [{ up_to: '100000', unit_price: '0' }, { up_to: '1000000', unit_price: '0.002' }, { up_to: null, unit_price: '0.001' }] },
    { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: '0.10', included: '500' },
    { type: 'usage', metric: 'seats', aggregation: 'last', model: 'volume', tiers: [{ up_to: '10', unit_price: '30', flat_fee: '0' }, { up_to: null, unit_price: '25', flat_fee: '50' }] },
    { type: 'usage', metric: 'sms', model: 'package', package_size: '1000', package_price: '8.00' },
    { type: 'hours', kind: 'professional_services', role: 'architect', rate: '220.00', increment_minutes: 15 },
    { type: 'hours', kind: 'professional_services', rate: '180.00', increment_minutes: 15 },
    { type: 'hours', kind: 'support', rate: '120.00', included_hours: '10' },
    { type: 'one_time', code: 'onboarding', description: 'Onboarding', amount: '1500.00', bill_on: '2026-01-15' },
  ],
};

const documentOf = (id: string) => JSON.parse(rows<{ document: string }>(s, 'SELECT document FROM agreements WHERE id = ?', id)[0]!.document) as Agreement;

describe('agreements in the CSV form', () => {
  it('groups rows of one agreement wherever they are into the same document as the JSON form', async () => {
    const [r] = await run('agreements.csv', EXAMPLE_CSV);
    expect(r).toMatchObject({ kind: 'agreements', rows: 10, imported: 10, duplicates: 0, rejected: 0 });
    const fromCsv = documentOf('AG-1001');
    expect(documentOf('AG-2')).toMatchObject({ agreement_id: 'AG-2', currency: 'EUR', charges: [{ type: 'recurring', code: 'base', amount: '100' }] });

    const other = scratch();
    try {
      await importFiles(other.opened.sqlite, { files: [{ path: other.file('a.json', JSON.stringify([EXAMPLE_JSON])) }] }, ctx());
      const fromJson = JSON.parse(rows<{ document: string }>(other, 'SELECT document FROM agreements')[0]!.document) as Agreement;
      expect(fromCsv).toEqual(fromJson);
    } finally {
      other.cleanup();
    }
    expect(count(s, 'charges')).toBe(10);
    expect(count(s, 'charge_tiers')).toBe(5);
    expect(rows(s, "SELECT line FROM agreements WHERE id = 'AG-1001'")[0]).toEqual({ line: 2 });
  });

  it('counts every row of an agreement seen before as a duplicate', async () => {
    await run('agreements.csv', EXAMPLE_CSV);
    const [again] = await run('agreements.csv', EXAMPLE_CSV);
    expect(again).toMatchObject({ rows: 10, imported: 0, duplicates: 10, rejected: 0 });
    expect(again!.notes).toEqual([]);
  });

  it('makes an agreement imported again with different terms a new version, and says so', async () => {
    await run('agreements.csv', EXAMPLE_CSV);
    const [again] = await run('changed.csv', EXAMPLE_CSV.replace('Base,100', 'Base,120'));
    expect(again!.notes).toEqual(['1 agreement already imported with different terms became a new version (AG-2 v2); the earlier terms are kept in the version history']);
    expect(again).toMatchObject({ rows: 10, imported: 1, duplicates: 9 });
    expect(s.opened.sqlite.prepare("SELECT count(*) FROM agreement_versions WHERE agreement_id = 'AG-2'").pluck().get()).toBe(2);
    expect(s.opened.sqlite.prepare("SELECT amount FROM charges WHERE agreement_id = 'AG-2'").pluck().all()).toEqual(['120']);
    expect(count(s, 'charges')).toBe(10);
  });

  it('rejects the whole agreement for one bad charge row, naming its line and field, and imports the others', async () => {
    const bad = EXAMPLE_CSV.replace('10:30:0|inf:25:50', '10:30:0|20:25:50');
    const [r] = await run('agreements.csv', bad);
    expect(r).toMatchObject({ rows: 10, imported: 1, duplicates: 0, rejected: 9 });
    expect(count(s, 'agreements')).toBe(1);
    const rejected = rows<{ line: number; field: string | null; reason: string }>(s, 'SELECT line, field, reason FROM rejected_rows ORDER BY line');
    expect(rejected).toHaveLength(9);
    const atFault = rejected.find((x) => x.field !== null)!;
    // bill_to holds two line breaks, so each AG-1001 row spans three physical lines: the seats row starts on line 12.
    expect(atFault).toMatchObject({ line: 12, field: 'tiers' });
    expect(atFault.reason).toMatch(/^tier 2 up_to "20" must be open-ended in the last tier/);
    expect(rejected.filter((x) => x.field === null).every((x) => x.reason.startsWith('the whole agreement AG-1001 is rejected because of line 12 (tier 2 up_to'))).toBe(true);
  });

  it('rejects tiers that are not written up_to:unit_price[:flat_fee]', async () => {
    await run('agreements.csv', EXAMPLE_CSV.replace('10:30:0|inf:25:50', '10-30|inf:25'));
    expect(rows(s, 'SELECT field, reason FROM rejected_rows WHERE field IS NOT NULL')[0]).toEqual({
      field: 'tiers',
      reason: 'tiers: tier 1 "10-30" is not written up_to:unit_price[:flat_fee] (use inf for the open top tier)',
    });
  });

  it('rejects an agreement whose repeated fields disagree, and accepts blanks as not repeated', async () => {
    const csv =
      'agreement_id,account_id,currency,start_date,charge_type,code,amount\n' +
      'AG-1,A,USD,2026-01-01,recurring,a,1\n' +
      'AG-1,,,,recurring,b,2\n' +
      'AG-2,B,USD,2026-01-01,recurring,a,1\n' +
      'AG-2,B,EUR,2026-01-01,recurring,b,2\n';
    const [r] = await run('agreements.csv', csv);
    expect(r).toMatchObject({ rows: 4, imported: 2, rejected: 2 });
    expect(documentOf('AG-1').charges).toHaveLength(2);
    expect(rows(s, 'SELECT line, field, reason FROM rejected_rows WHERE field IS NOT NULL')[0]).toEqual({
      line: 5,
      field: 'currency',
      reason: 'currency differs between rows of agreement AG-2: "USD" on line 4, "EUR" on line 5',
    });
  });

  it('rejects a row without agreement_id, and with it the agreements it may have belonged to; keeps unknown columns as extras', async () => {
    const orphan = 'agreement_id,account_id,currency,start_date,type,code,amount,crm_stage\n,A,USD,2026-01-01,recurring,a,1,won\nAG-1,A,USD,2026-01-01,recurring,a,1,won\nAG-1,A,USD,2026-01-01,recurring,b,2,won\n';
    const [r] = await run('agreements.csv', orphan);
    // The orphan row may be one of AG-1's charges: AG-1 without it could bill too little.
    expect(r).toMatchObject({ rows: 3, imported: 0, rejected: 3 });
    expect(rows(s, 'SELECT line, field FROM rejected_rows ORDER BY line')[0]).toEqual({ line: 2, field: 'agreement_id' });
    const [clean] = await run('clean.csv', orphan.replace('\n,A,USD,2026-01-01,recurring,a,1,won', ''));
    expect(clean).toMatchObject({ rows: 2, imported: 2, rejected: 0 });
    expect(rows(s, 'SELECT extra FROM agreements')[0]).toEqual({ extra: '{"crm_stage":"won"}' });
  });

  it('rejects non-numeric whole-number fields with their line', async () => {
    const csv = 'agreement_id,account_id,currency,start_date,payment_terms_days,type,kind,rate,increment_minutes\nAG-1,A,USD,2026-01-01,30,hours,support,100,quarter\n';
    await run('agreements.csv', csv);
    expect(rows(s, 'SELECT line, field, reason FROM rejected_rows')[0]).toEqual({ line: 2, field: 'increment_minutes', reason: 'increment_minutes "quarter" is not a whole number' });
  });
});
