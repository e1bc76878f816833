/**
 * The demo book: reproducible bytes, contract-valid files, a realistic book,
 * and exactly the planted problems (checked with a small reference reading of
 * anomalies.md, so an accidental anomaly elsewhere in the book fails a test).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIsoCurrency } from '../../../shared/currencies';
import { agreementSchema, type Agreement, type Charge, type HoursKind } from '../../../shared/domain';
import { Decimal } from '../../../shared/money';
import { isValidDate, normalizeTimestamp, previousPeriod } from '../../../shared/period';
import { DEMO_PROBLEMS, generateDemo, type GenerateDemoResult } from './generate-demo';
import { HOURS_HEADER } from './hours';
import { USAGE_HEADER } from './usage';

let dir: string;
let main: GenerateDemoResult;
let again: GenerateDemoResult;
let other: GenerateDemoResult;
const progress: [number, number][] = [];

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const fileOf = (r: GenerateDemoResult, name: string) => {
  const f = r.files.find((p) => p.endsWith(name));
  if (!f) throw new Error(`no ${name}`);
  return f;
};

type Row = Record<string, string>;
const readCsv = (path: string): Row[] => parse<Row>(readFileSync(path), { columns: true, bom: true });
const readHeader = (path: string): string[] => readFileSync(path, 'utf8').split('\n', 1)[0]?.split(',') ?? [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-demo-test-'));
  main = await generateDemo({ outDir: join(dir, 'a', 'nested'), onProgress: (d, t) => progress.push([d, t]) });
  again = await generateDemo({ outDir: join(dir, 'b'), seed: 42 });
  other = await generateDemo({ outDir: join(dir, 'c'), seed: 7 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reproducibility', () => {
  it('writes the three files into the (created) folder and reports the six fixed months', () => {
    expect(main.files.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(['agreements.json', 'usage.csv', 'hours.csv']);
    expect(main.periods).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
  });

  it('gives byte-identical files for the same seed (default 42 = explicit 42)', () => {
    for (const name of ['agreements.json', 'usage.csv', 'hours.csv']) expect(sha256(fileOf(again, name))).toBe(sha256(fileOf(main, name)));
    expect(again).toMatchObject({ usageRows: main.usageRows, hoursRows: main.hoursRows, agreements: main.agreements });
  });

  it('gives different usage and hours for a different seed (agreements stay the same book)', () => {
    expect(sha256(fileOf(other, 'usage.csv'))).not.toBe(sha256(fileOf(main, 'usage.csv')));
    expect(sha256(fileOf(other, 'hours.csv'))).not.toBe(sha256(fileOf(main, 'hours.csv')));
    expect(sha256(fileOf(other, 'agreements.json'))).toBe(sha256(fileOf(main, 'agreements.json')));
  });

  it('reports progress at most every 100k rows, ending at the total', () => {
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(main.usageRows / 100_000) + 1);
    expect(progress.at(-1)).toEqual([main.usageRows, main.usageRows]);
  });
});

describe('agreements.json', () => {
  let raw: unknown[];
  let agreements: Agreement[];
  beforeAll(() => {
    raw = JSON.parse(readFileSync(fileOf(main, 'agreements.json'), 'utf8')) as unknown[];
    agreements = raw.map((a) => agreementSchema.parse(a));
  });

  it('every agreement parses with agreementSchema; ids are AG-nnnn and account ids short upper-case codes', () => {
    expect(agreements).toHaveLength(main.agreements);
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
    expect(new Set(usage.map((c) => c.model))).toEqual(new Set(['per_unit', 'graduated', 'volume', 'package']));
    expect(new Set(usage.map((c) => c.aggregation))).toEqual(new Set(['sum', 'max', 'last', 'count']));
    expect(new Set(usage.map((c) => c.metric))).toEqual(new Set(['api_calls', 'storage_gb', 'seats', 'sms', 'compute_hours']));
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
    for (const a of agreements.filter((x) => x.currency === 'JPY')) expect(a.charges.find((c) => c.type === 'recurring')).toMatchObject({ amount: expect.stringMatching(/^\d+$/) });
    for (const a of agreements.filter((x) => x.currency === 'BHD')) expect(a.charges.find((c) => c.type === 'recurring')).toMatchObject({ amount: expect.stringMatching(/^\d+\.\d{3}$/) });
  });
});

// ------------------------------------------------------------------ the CSV files

const DECIMAL = /^\d+(\.\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const usageRejects = DEMO_PROBLEMS.filter((p) => p.kind === 'reject' && p.file === 'usage.csv');
const hoursRejects = DEMO_PROBLEMS.filter((p) => p.kind === 'reject' && p.file === 'hours.csv');

interface UsageRec {
  id: string;
  account: string;
  metric: string;
  quantity: string;
  ts: string;
  period: string;
}
interface HoursRec {
  id: string;
  date: string;
  account: string;
  person: string;
  kind: HoursKind;
  role: string;
  hours: string;
  billable: boolean;
  rate: string;
  notes: string;
}

/** Mirrors import validation closely enough to split the planted rejects from the good rows. */
function usageRejectReason(r: Row): string | null {
  if (!r.account_id) return 'account_id';
  if (!DECIMAL.test(r.quantity ?? '')) return 'quantity';
  if (normalizeTimestamp(r.timestamp ?? '') === null) return 'timestamp';
  return null;
}
function hoursRejectReason(r: Row): string | null {
  if (!isValidDate(r.date ?? '')) return 'date';
  if (!r.account_id || !r.person) return 'account_id';
  if (!DECIMAL.test(r.hours ?? '')) return 'hours';
  return null;
}

describe('usage.csv and hours.csv', () => {
  it('usage: the right header, about 100k rows, exact decimals, ISO timestamps in the six months, ids mostly present', () => {
    const path = fileOf(main, 'usage.csv');
    expect(readHeader(path)).toEqual([...USAGE_HEADER]);
    const text = readFileSync(path, 'utf8');
    expect(text.includes('\r')).toBe(false);
    const rows = readCsv(path);
    expect(rows.length).toBe(main.usageRows);
    expect(Math.abs(rows.length - 100_000)).toBeLessThanOrEqual(5_000);
    const bad = rows.filter((r) => usageRejectReason(r) !== null);
    expect(bad.map((r) => [usageRejectReason(r), r.account_id || null])).toEqual(
      expect.arrayContaining(usageRejects.map((p) => [p.field, p.account])),
    );
    expect(bad).toHaveLength(usageRejects.length);
    const wrong = rows.filter(
      (r) => usageRejectReason(r) === null && !(DECIMAL.test(r.quantity ?? '') && TIMESTAMP.test(r.timestamp ?? '') && (r.timestamp ?? '') >= '2026-05-01' && (r.timestamp ?? '') < '2026-11-01'),
    );
    expect(wrong).toEqual([]);
    const ids = rows.map((r) => r.event_id).filter((id) => id);
    expect(new Set(ids).size).toBe(ids.length);
    const missing = rows.length - ids.length;
    expect(missing).toBeGreaterThan(0);
    expect(missing / rows.length).toBeLessThan(0.05);
    expect(ids[0]).toBe('evt-000001');
  });

  it('hours: the right header, RFC 4180 quoting, business days, 0.25–9 h, exact decimals, mostly billable', () => {
    const path = fileOf(main, 'hours.csv');
    expect(readHeader(path)).toEqual([...HOURS_HEADER]);
    const rows = readCsv(path);
    expect(rows.length).toBe(main.hoursRows);
    const bad = rows.filter((r) => hoursRejectReason(r) !== null);
    expect(bad.map((r) => [hoursRejectReason(r), r.account_id])).toEqual(hoursRejects.map((p) => [p.field, p.account]));
    const good = rows.filter((r) => hoursRejectReason(r) === null);
    const people = new Set(good.map((r) => r.person));
    expect(people.size).toBe(15);
    for (const r of good) {
      const dow = new Date(`${r.date}T00:00:00Z`).getUTCDay();
      expect(dow === 0 || dow === 6, `${r.entry_id} on a weekend`).toBe(false);
      expect(r.hours).toMatch(DECIMAL);
      const h = new Decimal(r.hours ?? '0');
      expect(h.gte('0.25') && h.lte(9)).toBe(true);
      expect(['true', 'false']).toContain(r.billable);
      expect(['professional_services', 'support']).toContain(r.kind);
      if (r.rate) expect(r.rate).toMatch(DECIMAL);
    }
    const billable = good.filter((r) => r.billable === 'true').length;
    expect(billable / good.length).toBeGreaterThan(0.85);
    expect(billable).toBeLessThan(good.length);
    expect(new Set(good.map((r) => r.role))).toEqual(new Set(['architect', 'consultant', 'engineer', '']));
    // Quoting survives the round trip: commas, quotes and a line break in notes, and the formula text as text.
    const notes = good.map((r) => r.notes ?? '');
    expect(notes.some((n) => n.includes(','))).toBe(true);
    expect(notes.some((n) => n.includes('"'))).toBe(true);
    expect(notes).toContain("=cmd|' /C calc'!A0");
  });
});

// ------------------------------------------------------------ the planted problems

/** A small reference reading of anomalies.md over the generated files; findings are "rule|account|detail" keys. */
class Book {
  readonly agreements: Agreement[];
  readonly usage: UsageRec[];
  readonly hours: HoursRec[];
  private readonly byAccount = new Map<string, Agreement[]>();

  constructor(r: GenerateDemoResult) {
    this.agreements = (JSON.parse(readFileSync(fileOf(r, 'agreements.json'), 'utf8')) as unknown[]).map((a) => agreementSchema.parse(a));
    for (const a of this.agreements) this.byAccount.set(a.account_id, [...(this.byAccount.get(a.account_id) ?? []), a]);
    this.usage = readCsv(fileOf(r, 'usage.csv'))
      .filter((row) => usageRejectReason(row) === null)
      .map((row) => ({ id: row.event_id ?? '', account: row.account_id ?? '', metric: row.metric ?? '', quantity: row.quantity ?? '', ts: row.timestamp ?? '', period: (row.timestamp ?? '').slice(0, 7) }));
    this.hours = readCsv(fileOf(r, 'hours.csv'))
      .filter((row) => hoursRejectReason(row) === null)
      .map((row) => ({
        id: row.entry_id ?? '', date: row.date ?? '', account: row.account_id ?? '', person: row.person ?? '', kind: row.kind as HoursKind,
        role: row.role ?? '', hours: row.hours ?? '', billable: row.billable === 'true', rate: row.rate ?? '', notes: row.notes ?? '',
      }));
  }

  agreementsOf(account: string): Agreement[] {
    return this.byAccount.get(account) ?? [];
  }

  activeIn(a: Agreement, period: string): boolean {
    return a.start_date <= `${period}-31` && (a.end_date === null || a.end_date >= `${period}-01`);
  }

  activeOn(a: Agreement, date: string): boolean {
    return a.start_date <= date && (a.end_date === null || a.end_date >= date);
  }

  usageCharge(account: string, metric: string) {
    for (const a of [...this.agreementsOf(account)].sort((x, y) => y.start_date.localeCompare(x.start_date))) {
      for (const c of a.charges) if (c.type === 'usage' && c.metric === metric) return c;
    }
    return undefined;
  }

  /** Aggregates per "account|metric|period" with the pricing charge's aggregation. */
  aggregates(): Map<string, Decimal> {
    const groups = new Map<string, UsageRec[]>();
    for (const u of this.usage) {
      const key = `${u.account}|${u.metric}|${u.period}`;
      const list = groups.get(key) ?? [];
      list.push(u);
      groups.set(key, list);
    }
    const out = new Map<string, Decimal>();
    for (const [key, list] of groups) {
      const [account = '', metric = ''] = key.split('|');
      const aggregation = this.usageCharge(account, metric)?.aggregation ?? 'sum';
      let value = new Decimal(0);
      if (aggregation === 'count') value = new Decimal(list.length);
      else if (aggregation === 'max') value = list.reduce((m, u) => Decimal.max(m, u.quantity), new Decimal(0));
      else if (aggregation === 'last') {
        const last = [...list].sort((a, b) => b.ts.localeCompare(a.ts) || new Decimal(b.quantity).cmp(a.quantity))[0];
        value = new Decimal(last?.quantity ?? '0');
      } else value = list.reduce((s, u) => s.plus(u.quantity), new Decimal(0));
      out.set(key, value);
    }
    return out;
  }

  /** usage_spike / usage_drop for one period. */
  spikesAndDrops(period: string): string[] {
    const agg = this.aggregates();
    // The pairs an invoice of the period looks at: priced by an agreement active in it, or with usage in it.
    const pairs = new Set([...agg.keys()].filter((k) => k.endsWith(`|${period}`)).map((k) => k.split('|').slice(0, 2).join('|')));
    for (const a of this.agreements.filter((x) => this.activeIn(x, period))) {
      for (const c of a.charges) if (c.type === 'usage') pairs.add(`${a.account_id}|${c.metric}`);
    }
    const found: string[] = [];
    for (const pair of pairs) {
      const history: Decimal[] = [];
      for (let p = previousPeriod(period), n = 0; n < 6; p = previousPeriod(p), n++) {
        const v = agg.get(`${pair}|${p}`);
        if (v) history.push(v);
      }
      if (history.length < 2) continue;
      const mean = history.reduce((s, v) => s.plus(v), new Decimal(0)).div(history.length);
      const now = agg.get(`${pair}|${period}`) ?? new Decimal(0);
      if (now.gt(mean.times(2))) found.push(`usage_spike|${pair}`);
      if (now.lt(mean.times('0.5'))) found.push(`usage_drop|${pair}`);
    }
    return found.sort();
  }

  missingUsage(period: string): string[] {
    const found: string[] = [];
    const seen = new Set(this.usage.map((u) => `${u.account}|${u.metric}|${u.period}`));
    const prev = previousPeriod(period);
    for (const a of this.agreements) {
      if (!(a.start_date <= `${period}-01` && (a.end_date === null || a.end_date >= `${period}-31`))) continue;
      for (const c of a.charges) {
        if (c.type === 'usage' && seen.has(`${a.account_id}|${c.metric}|${prev}`) && !seen.has(`${a.account_id}|${c.metric}|${period}`)) {
          found.push(`missing_usage|${a.account_id}|${c.metric}`);
        }
      }
    }
    return found.sort();
  }

  unbilledUsage(): string[] {
    const found = new Set<string>();
    for (const u of this.usage) {
      const active = this.agreementsOf(u.account).filter((a) => this.activeIn(a, u.period));
      if (!active.some((a) => a.charges.some((c) => c.type === 'usage' && c.metric === u.metric))) found.add(`unbilled_usage|${u.account}|${u.metric}|${u.period}`);
    }
    return [...found].sort();
  }

  usageAfterEnd(): string[] {
    const found = new Set<string>();
    const ended = (account: string, day: string) => {
      const mine = this.agreementsOf(account);
      return mine.length > 0 && mine.some((a) => a.end_date !== null && a.end_date < day) && !mine.some((a) => this.activeOn(a, day));
    };
    for (const u of this.usage) if (ended(u.account, u.ts.slice(0, 10))) found.add(`usage_after_end|${u.account}|${u.period}`);
    for (const h of this.hours) if (h.billable && ended(h.account, h.date)) found.add(`usage_after_end|${h.account}|${h.date.slice(0, 7)}`);
    return [...found].sort();
  }

  /** Usage dated before the account's first agreement: never planted. */
  usageBeforeStart(): UsageRec[] {
    return this.usage.filter((u) => {
      const mine = this.agreementsOf(u.account);
      return mine.length > 0 && !mine.some((a) => a.start_date <= u.ts.slice(0, 10));
    });
  }

  duplicateUsage(): string[] {
    const groups = new Map<string, UsageRec[]>();
    for (const u of this.usage) {
      const key = `${u.account}|${u.metric}|${u.ts}|${u.quantity}`;
      groups.set(key, [...(groups.get(key) ?? []), u]);
    }
    return [...groups.values()]
      .filter((g) => g.length > 1)
      .map((g) => `duplicate_usage|${g[0]?.account}|${g[0]?.metric}|${g[0]?.period}|${new Set(g.map((u) => u.id)).size === g.length ? 'distinct-ids' : 'same-id'}`);
  }

  unitMismatch(period: string): string[] {
    const window = [previousPeriod(previousPeriod(period)), previousPeriod(period), period];
    const feeds = new Map<string, Decimal[]>();
    for (const u of this.usage.filter((x) => window.includes(x.period))) {
      const key = `${u.account}|${u.metric}`;
      const list = feeds.get(key) ?? [];
      list.push(new Decimal(u.quantity));
      feeds.set(key, list);
    }
    const found: string[] = [];
    for (const [key, values] of feeds) {
      const sorted = [...values].sort((x, y) => x.cmp(y));
      const median = sorted[Math.floor(sorted.length / 2)] ?? new Decimal(0);
      if (median.gt(0) && values.some((v) => v.gt(median.times(500)))) found.push(`unit_mismatch|${key}`);
    }
    return found.sort();
  }

  duplicateHours(): string[] {
    const groups = new Map<string, number>();
    for (const h of this.hours) {
      const key = `${h.account}|${h.person}|${h.date}|${h.hours}|${h.kind}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    return [...groups].filter(([, n]) => n > 1).map(([k]) => `duplicate_hours|${k.split('|').slice(0, 2).join('|')}`);
  }

  excessiveHours(): string[] {
    const days = new Map<string, Decimal>();
    for (const h of this.hours) {
      const day = `${h.person}|${h.date}`;
      days.set(day, (days.get(day) ?? new Decimal(0)).plus(h.hours));
    }
    return [...days].filter(([, total]) => total.gt(12)).map(([k, total]) => `excessive_hours|${k.split('|')[0]}|${total.toString()}`);
  }

  hoursRate(account: string, kind: HoursKind, role: string, date: string): string | null {
    const candidates = this.agreementsOf(account)
      .filter((a) => this.activeOn(a, date) && a.charges.some((c) => c.type === 'hours' && c.kind === kind))
      .sort((x, y) => y.start_date.localeCompare(x.start_date));
    const a = candidates[0];
    if (!a) return null;
    const hours = a.charges.flatMap((c) => (c.type === 'hours' && c.kind === kind ? [c] : []));
    const own = hours.find((c) => c.role && c.role.toLowerCase() === role.toLowerCase()) ?? hours.find((c) => !c.role);
    return own ? own.rate : null;
  }

  rateMismatches(): string[] {
    return this.hours.flatMap((h) => {
      const rate = this.hoursRate(h.account, h.kind, h.role, h.date);
      return h.rate && rate !== null && !new Decimal(h.rate).equals(rate) ? [`rate_mismatch|${h.account}|${h.person}`] : [];
    });
  }

  unbilledHours(): string[] {
    return this.hours.flatMap((h) => (h.billable && this.hoursRate(h.account, h.kind, h.role, h.date) === null ? [`unbilled_hours|${h.account}|${h.person}`] : []));
  }

  /** Every data-driven finding over the whole book (usage trend rules for 2026-10). */
  findings(): string[] {
    return [
      ...this.spikesAndDrops('2026-10'),
      ...this.missingUsage('2026-10'),
      ...this.unbilledUsage(),
      ...this.usageAfterEnd(),
      ...this.duplicateUsage(),
      ...this.unitMismatch('2026-10'),
      ...this.duplicateHours(),
      ...this.excessiveHours(),
      ...this.rateMismatches(),
      ...this.unbilledHours(),
    ].sort();
  }
}

const planted = (rule: string) => DEMO_PROBLEMS.filter((p) => p.kind === 'anomaly' && p.rule === rule);

/** What findings() must return: the planted problems plus their unavoidable side effects. */
function expectedFindings(): string[] {
  return [
    ...planted('usage_spike').map((p) => `usage_spike|${p.account}|${p.metric}`),
    ...planted('usage_drop').map((p) => `usage_drop|${p.account}|${p.metric}`),
    // side effect: no usage at all is also a drop to zero
    ...planted('missing_usage').flatMap((p) => [`missing_usage|${p.account}|${p.metric}`, `usage_drop|${p.account}|${p.metric}`]),
    ...planted('unbilled_usage').map((p) => `unbilled_usage|${p.account}|${p.metric}|${p.period}`),
    ...planted('usage_after_end').map((p) => `usage_after_end|${p.account}|${p.period}`),
    ...planted('duplicate_usage').map((p) => `duplicate_usage|${p.account}|${p.metric}|${p.period}|distinct-ids`),
    // side effect: the MB reading is also the month's max storage
    ...planted('unit_mismatch').flatMap((p) => [`unit_mismatch|${p.account}|${p.metric}`, `usage_spike|${p.account}|${p.metric}`]),
    ...planted('duplicate_hours').map((p) => `duplicate_hours|${p.account}|${p.person}`),
    ...planted('excessive_hours').map((p) => `excessive_hours|${p.person}|13.5`),
    ...planted('rate_mismatch').map((p) => `rate_mismatch|${p.account}|${p.person}`),
    ...planted('unbilled_hours').map((p) => `unbilled_hours|${p.account}|${p.person}`),
  ].sort();
}

describe('planted problems (the rest of the book is clean)', () => {
  let book: Book;
  beforeAll(() => {
    book = new Book(main);
  });

  it('lists about 15 anomalies plus the rejects and the formula text', () => {
    expect(DEMO_PROBLEMS.filter((p) => p.kind === 'anomaly').length).toBeGreaterThanOrEqual(14);
    expect(DEMO_PROBLEMS.filter((p) => p.kind === 'anomaly').length).toBeLessThanOrEqual(18);
    expect(DEMO_PROBLEMS.filter((p) => p.kind === 'reject')).toHaveLength(5);
    for (const p of DEMO_PROBLEMS) expect(p.description.length).toBeGreaterThan(10);
  });

  it('usage_spike and usage_drop in 2026-10: only the planted ones (and the side effects of the gap and the MB reading)', () => {
    expect(book.spikesAndDrops('2026-10')).toEqual(expectedFindings().filter((f) => f.startsWith('usage_spike') || f.startsWith('usage_drop')));
    // Earlier months never drop (they may only show the ramp-up of agreements that started inside the window).
    for (const period of ['2026-07', '2026-08', '2026-09']) expect(book.spikesAndDrops(period).filter((f) => f.startsWith('usage_drop'))).toEqual([]);
  });

  it('missing_usage, unbilled_usage, usage_after_end: only the planted ones; nothing before an agreement starts', () => {
    expect(book.missingUsage('2026-10')).toEqual(expectedFindings().filter((f) => f.startsWith('missing_usage')));
    expect(book.unbilledUsage()).toEqual(expectedFindings().filter((f) => f.startsWith('unbilled_usage')));
    expect(book.usageAfterEnd()).toEqual(expectedFindings().filter((f) => f.startsWith('usage_after_end')));
    expect(book.usageBeforeStart()).toEqual([]);
  });

  it('duplicate_usage and unit_mismatch: exactly the planted pair (two event ids) and the MB reading', () => {
    expect(book.duplicateUsage()).toEqual(expectedFindings().filter((f) => f.startsWith('duplicate_usage')));
    expect(book.unitMismatch('2026-10')).toEqual(expectedFindings().filter((f) => f.startsWith('unit_mismatch')));
  });

  it('duplicate_hours, excessive_hours, rate_mismatch, unbilled_hours: only the planted ones', () => {
    const only = (rule: string) => expectedFindings().filter((f) => f.startsWith(`${rule}|`));
    expect(book.duplicateHours()).toEqual(only('duplicate_hours'));
    expect(book.excessiveHours()).toEqual(only('excessive_hours'));
    expect(book.rateMismatches()).toEqual(only('rate_mismatch'));
    expect(book.unbilledHours()).toEqual(only('unbilled_hours'));
    const billable = book.hours.filter((h) => h.billable);
    expect(billable.filter((h) => h.rate).length / billable.length).toBeGreaterThan(0.8);
  });

  it('agreement problems: discount over 25 %, incomplete agreements, overlapping agreements in 2026-10', () => {
    const { agreements } = book;
    expect(agreements.filter((a) => new Decimal(a.discount_percent).gt(25)).map((a) => a.account_id)).toEqual(planted('discount_over_limit').map((p) => p.account));
    const incomplete = agreements.filter((a) => !a.po_number || !a.bill_to || !a.owner || !isIsoCurrency(a.currency)).map((a) => a.account_id);
    expect(incomplete.sort()).toEqual(planted('agreement_incomplete').map((p) => p.account).sort());
    const overlapping = new Set<string>();
    const active = agreements.filter((a) => book.activeIn(a, '2026-10'));
    const items = (x: Agreement) => new Set(x.charges.flatMap((c) => (c.type === 'usage' ? [c.metric] : c.type === 'hours' ? [`hours:${c.kind}`] : [])));
    for (const a of active) {
      for (const b of active) {
        if (a.agreement_id >= b.agreement_id || a.account_id !== b.account_id) continue;
        if ([...items(a)].some((i) => items(b).has(i))) overlapping.add(a.account_id);
      }
    }
    expect([...overlapping]).toEqual(planted('overlapping_agreements').map((p) => p.account));
  });

  it.each([1, 7, 2024, 99_999])('seed %i (20,000 rows): the same findings, nothing else', async (seed) => {
    const r = await generateDemo({ outDir: join(dir, `seed-${seed}`), seed, rows: 20_000 });
    expect(new Book(r).findings()).toEqual(expectedFindings());
    rmSync(join(dir, `seed-${seed}`), { recursive: true, force: true });
  });
});

describe('scale', () => {
  it('generates 1,000,000 usage rows with exact row count (time reported, not asserted)', async () => {
    const start = performance.now();
    const r = await generateDemo({ outDir: join(dir, 'big'), rows: 1_000_000 });
    const ms = performance.now() - start;
    console.log(`demo: 1,000,000 usage rows in ${(ms / 1000).toFixed(1)} s`);
    expect(r.usageRows).toBe(1_000_000);
    rmSync(join(dir, 'big'), { recursive: true, force: true });
  });

  it('still plants every problem, and nothing else, with a small row budget', async () => {
    const r = await generateDemo({ outDir: join(dir, 'small'), rows: 5_000, seed: 3 });
    expect(new Book(r).findings()).toEqual(expectedFindings());
  });
});
