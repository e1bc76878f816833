/**
 * The demo's agreements.json: contract-valid and a realistic book.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { agreementSchema, type Agreement, type Charge } from '../../../../shared/domain';
import { fileOf, generatedDemoBook } from './demo-files';

const demo = generatedDemoBook();

describe('agreements.json', () => {
  let raw: unknown[];
  let agreements: Agreement[];
  beforeAll(() => {
    raw = JSON.parse(readFileSync(fileOf(demo.main, 'agreements.json'), 'utf8')) as unknown[];
    agreements = raw.map((a) => agreementSchema.parse(a));
  });

  it('every agreement parses with agreementSchema; ids are AG-nnnn and account ids short upper-case codes', () => {
    expect(agreements).toHaveLength(demo.main.agreements);
    for (const a of agreements) {
      expect(a.agreement_id).toMatch(/^AG-\d{4}$/);
      expect(a.account_id).toMatch(/^[A-Z]{2,12}$/);
    }
    expect(new Set(agreements.map((a) => a.agreement_id)).size).toBe(agreements.length);
  });

  it('has at least 60 accounts, at least 60 agreements active in 2026-10, and a few accounts with two', () => {
    const accounts = new Set(agreements.map((a) => a.account_id));
    expect(accounts.size).toBeGreaterThanOrEqual(60);
    const activeOct = agreements.filter((a) => a.start_date <= '2026-10-31' && (a.end_date === null || a.end_date >= '2026-10-01'));
    expect(activeOct.length).toBeGreaterThanOrEqual(60);
    const twice = [...accounts].filter((c) => agreements.filter((a) => a.account_id === c).length === 2);
    expect(twice.sort()).toEqual(['SILVERLINE', 'THAMES']);
    const names = agreements.map((a) => a.account_name ?? '');
    expect(names).toContain('Müller Logistik GmbH');
    expect(names).toContain("Société Générale d'Outillage");
    expect(names).toContain('Åkesson & Dotter AB');
    expect(names.some((n) => n.includes(',') && n.includes('"'))).toBe(true);
  });

  it('covers every charge type, model and aggregation, with allowances, roles and increments', () => {
    const charges: Charge[] = agreements.flatMap((a) => a.charges);
    expect(new Set(charges.map((c) => c.type))).toEqual(new Set(['recurring', 'one_time', 'usage', 'hours']));
    const usage = charges.flatMap((c) => (c.type === 'usage' ? [c] : []));
    expect(new Set(usage.map((c) => c.model))).toEqual(new Set(['per_unit', 'graduated', 'volume', 'package', 'percentage']));
    expect(new Set(usage.map((c) => c.aggregation))).toEqual(new Set(['sum', 'max', 'last', 'count']));
    expect(new Set(usage.map((c) => c.metric))).toEqual(new Set(['api_calls', 'storage_gb', 'seats', 'sms', 'compute_hours', 'payments']));
    // bill cycles (rating.md): a quarterly and an annual term, term usage, a prepaid block, a commitment
    const terms = charges.flatMap((c) => (c.type === 'recurring' || c.type === 'usage' ? [[c.type, c.interval ?? 'month', c.align ?? 'calendar', c.timing ?? 'advance'].join(' ')] : []));
    expect(new Set(terms)).toEqual(new Set(['recurring month calendar advance', 'usage month calendar advance', 'recurring quarter calendar arrears', 'recurring year anniversary advance', 'usage quarter calendar advance']));
    expect(agreements.filter((a) => a.prepaid?.length).map((a) => a.account_id)).toEqual(['WAYNE']);
    expect(agreements.filter((a) => a.commitment).map((a) => [a.account_id, a.commitment?.amount])).toEqual([['HARBOR', '75000.00']]);
    expect(usage.some((c) => c.included !== '0')).toBe(true);
    expect(usage.some((c) => c.model === 'graduated' && c.tiers.some((t) => t.flat_fee !== '0'))).toBe(true);
    const hours = charges.flatMap((c) => (c.type === 'hours' ? [c] : []));
    expect(hours.some((c) => c.role)).toBe(true);
    expect(hours.some((c) => !c.role)).toBe(true);
    expect(new Set(hours.map((c) => c.increment_minutes))).toEqual(new Set([15, 6]));
    expect(hours.some((c) => c.included_hours !== '0')).toBe(true);
    const oneTime = charges.flatMap((c) => (c.type === 'one_time' ? [c] : []));
    expect(oneTime.some((c) => c.bill_on >= '2026-05-01' && c.bill_on <= '2026-10-31')).toBe(true);
  });

  it('has a realistic commercial mix', () => {
    const count = (values: string[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());
    const currencies = count(agreements.map((a) => a.currency));
    expect(currencies.get('USD')).toBeGreaterThanOrEqual(20);
    expect(currencies.get('EUR')).toBeGreaterThanOrEqual(15);
    expect(currencies.get('GBP')).toBeGreaterThanOrEqual(3);
    expect(currencies.get('JPY')).toBeGreaterThanOrEqual(2);
    expect(currencies.get('BHD')).toBe(1);
    for (const rate of ['0', '0.0825', '0.19', '0.2']) expect(agreements.some((a) => a.tax_rate === rate)).toBe(true);
    for (const d of ['0', '5', '10']) expect(agreements.some((a) => a.discount_percent === d)).toBe(true);
    expect(new Set(agreements.map((a) => a.payment_terms_days))).toEqual(new Set([15, 30, 45]));
    expect(agreements.some((a) => a.minimum_commitment !== '0')).toBe(true);
    expect(agreements.some((a) => a.deposit !== '0')).toBe(true);
    const owners = new Set(agreements.flatMap((a) => (a.owner ? [a.owner] : [])));
    expect(owners.size).toBe(6);
    expect(agreements.some((a) => a.start_date > '2026-05-01' && a.start_date <= '2026-10-31')).toBe(true);
    expect(agreements.filter((a) => a.end_date !== null && a.end_date >= '2026-05-01' && a.end_date < '2026-10-31').length).toBeGreaterThanOrEqual(2);
    // Money in the currency's digits: JPY whole, BHD three places.
    for (const a of agreements.filter((x) => x.currency === 'JPY')) expect(a.charges.find((c) => c.type === 'recurring')).toMatchObject({ amount: expect.stringMatching(/^\d+$/) as string });
    for (const a of agreements.filter((x) => x.currency === 'BHD')) expect(a.charges.find((c) => c.type === 'recurring')).toMatchObject({ amount: expect.stringMatching(/^\d+\.\d{3}$/) as string });
  });
});
