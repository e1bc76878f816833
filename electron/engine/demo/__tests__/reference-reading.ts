/**
 * A small reference reading of anomalies.md over the generated demo files, and
 * the findings it must give: exactly the planted problems.
 */
import { readFileSync } from 'node:fs';
import { agreementSchema, type Agreement, type HoursKind } from '../../../../shared/domain';
import { Decimal } from '../../../../shared/money';
import { previousPeriod } from '../../../../shared/period';
import { DEMO_PROBLEMS, type GenerateDemoResult } from '../generate-demo';
import { fileOf, hoursRejectReason, type HoursRec, readCsv, usageRejectReason, type UsageRec } from './demo-files';

/** A small reference reading of anomalies.md over the generated files; findings are "rule|account|detail" keys. */
export class Book {
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
      let value: Decimal;
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

export const planted = (rule: string) => DEMO_PROBLEMS.filter((p) => p.kind === 'anomaly' && p.rule === rule);

/** What findings() must return: the planted problems plus their unavoidable side effects. */
export function expectedFindings(): string[] {
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
