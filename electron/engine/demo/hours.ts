/**
 * hours.csv: professional-services and support time entries by 15 people.
 *
 * Per (account, hours kind) that an agreement prices, a monthly target of
 * hours (stable ±15 %, so invoices do not jump) is cut into entries and
 * scheduled on business days onto the account's team, never more than 9 h per
 * person and day and never two entries of one person, day, account and kind
 * (so nothing looks like a duplicate or an overlong day by accident). The
 * planted hours problems are added on person-days kept free for them.
 */
import type { HoursKind } from '../../../shared/domain';
import { parsePeriod } from '../../../shared/period';
import type { AgreementDoc } from './book';
import { PERIODS, WINDOW_FIRST, WINDOW_LAST } from './book';
import { csvLine, trimmedDecimal } from './csv';
import { HOURS_REJECT, INJECT } from './problems';
import { deriveSeed, Prng } from './prng';

export const HOURS_HEADER = ['entry_id', 'date', 'account_id', 'person', 'kind', 'role', 'hours', 'billable', 'rate', 'project', 'notes'] as const;

type Role = 'architect' | 'consultant' | 'engineer';

export const PEOPLE: readonly { name: string; role: Role }[] = [
  { name: 'Lena Fischer', role: 'architect' },
  { name: 'Rahul Mehta', role: 'architect' },
  { name: 'Claire Dubois', role: 'architect' },
  { name: 'Ben Carter', role: 'architect' },
  { name: 'Aisha Bello', role: 'consultant' },
  { name: 'Tomás Ortega', role: 'consultant' },
  { name: 'Emily Zhang', role: 'consultant' },
  { name: 'Jakob Lindqvist', role: 'consultant' },
  { name: "Hannah O'Connor", role: 'consultant' },
  { name: 'Mateo Romero', role: 'consultant' },
  { name: 'Kenji Watanabe', role: 'engineer' },
  { name: 'Olga Petrova', role: 'engineer' },
  { name: 'Sam Whitfield', role: 'engineer' },
  { name: 'Nadia Haddad', role: 'engineer' },
  { name: 'Chris Morgan', role: 'engineer' },
];

/** People who always work an account (so the planted entries fall on their usual customers). */
const TEAM_ANCHORS: Record<string, string[]> = {
  'MUELLER|professional_services': ['Lena Fischer'],
  'BECKER|professional_services': ['Lena Fischer'],
  'HOFFMANN|professional_services': ['Jakob Lindqvist'],
  'OAKMONT|professional_services': ['Aisha Bello'],
  'ACME|professional_services': ['Claire Dubois'],
  'ORCHARD|support': ['Nadia Haddad'],
};

const PS_NOTES = [
  'Solution design workshop',
  'Data migration: customer master, part 2',
  'SSO integration with the customer IdP (SAML)',
  'Weekly status call',
  'Report builder training for the finance team',
  'API integration review, webhook retries',
  'Go-live preparation',
  'Cutover rehearsal',
  'Requirements session with "Ops" team',
  'Mapping of cost centres, tax codes and GL accounts',
  'Performance tuning of nightly import',
  'Architecture review, follow-ups sent',
  'Hypercare after go-live',
  'Sandbox refresh and test data load',
];
const PS_NOTES_NON_BILLABLE = ['Internal: solution review (not billable)', 'Pre-sales follow-up, goodwill', 'Rework of our own defect, not billable'];
const SUPPORT_NOTES = [
  'Login issues after password reset',
  'Investigated failed export, re-ran job',
  'MFA re-enrolment for two users',
  'Callback: invoice template question',
  'Escalation: API 429 errors, raised rate limit',
  'Webhook signature mismatch, fixed clock skew',
  'CSV import failing on BOM, advised UTF-8',
  'Slow dashboard, added index',
  'User provisioning via SCIM',
];
const MULTILINE_NOTE = 'Call notes:\n- export mapping agreed\n- follow-up on Friday';

const PS_SIZES: readonly (readonly [number, number])[] = [
  [25, 1], [50, 2], [75, 1], [100, 3], [150, 3], [200, 4], [250, 2], [300, 3], [350, 2], [400, 3], [500, 2], [600, 2], [750, 1],
];
const DAY_CAP = 900;

export interface HoursEntry {
  date: string;
  /** position in the file: the date, or the date it was meant to be for a rejected row */
  sortDate: string;
  account: string;
  person: string;
  kind: HoursKind;
  role: string;
  /** hundredths of an hour */
  hours: number;
  billable: boolean;
  rate: string;
  project: string;
  notes: string;
}

interface HoursFeed {
  account: string;
  kind: HoursKind;
  from: string;
  to: string;
  team: string[];
  /** monthly target, hundredths of an hour */
  monthly: number;
  project: string;
}

const epochDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const dateOf = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
const isBusinessDay = (day: number): boolean => {
  const dow = (day + 4) % 7;
  return dow !== 0 && dow !== 6;
};

function agreementOn(agreements: readonly AgreementDoc[], account: string, kind: HoursKind, date: string): AgreementDoc | undefined {
  let best: AgreementDoc | undefined;
  for (const a of agreements) {
    if (a.account_id !== account || a.start_date > date || (a.end_date != null && a.end_date < date)) continue;
    if (!a.charges.some((c) => c.type === 'hours' && c.kind === kind)) continue;
    if (!best || a.start_date > best.start_date) best = a;
  }
  return best;
}

/** The agreement's rate for an entry, with rating.md's role fallback; '' when nothing prices it. */
export function agreementRate(agreements: readonly AgreementDoc[], account: string, kind: HoursKind, role: string, date: string): string {
  const a = agreementOn(agreements, account, kind, date);
  if (!a) return '';
  const wanted = role.trim().toLowerCase();
  let general = '';
  for (const c of a.charges) {
    if (c.type !== 'hours' || c.kind !== kind) continue;
    const own = (c.role ?? '').trim().toLowerCase();
    if (own !== '' && own === wanted) return c.rate;
    if (own === '' && general === '') general = c.rate;
  }
  return general;
}

function hoursFeeds(agreements: readonly AgreementDoc[], seed: number): HoursFeed[] {
  const map = new Map<string, { account: string; kind: HoursKind; from: string; to: string; enterprise: boolean }>();
  for (const a of agreements) {
    const from = a.start_date > WINDOW_FIRST ? a.start_date : WINDOW_FIRST;
    const end = a.end_date ?? WINDOW_LAST;
    const to = end < WINDOW_LAST ? end : WINDOW_LAST;
    if (to < from) continue;
    const enterprise = a.charges.some((c) => c.type === 'recurring' && c.code === 'premium_sla');
    for (const c of a.charges) {
      if (c.type !== 'hours') continue;
      const key = `${a.account_id}|${c.kind}`;
      const known = map.get(key);
      if (known) {
        known.from = known.from < from ? known.from : from;
        known.to = known.to > to ? known.to : to;
      } else map.set(key, { account: a.account_id, kind: c.kind, from, to, enterprise });
    }
  }
  const architects = PEOPLE.filter((p) => p.role === 'architect').map((p) => p.name);
  const consultants = PEOPLE.filter((p) => p.role === 'consultant').map((p) => p.name);
  const engineers = PEOPLE.filter((p) => p.role === 'engineer').map((p) => p.name);
  return [...map.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, f]) => {
      const prng = new Prng(deriveSeed(seed, 'hours-feed', key));
      const anchors = TEAM_ANCHORS[key] ?? [];
      let team: string[];
      if (f.kind === 'professional_services') {
        team = [prng.pick(architects), ...prng.shuffled(consultants).slice(0, prng.int(1, 2))];
      } else {
        team = prng.shuffled(engineers).slice(0, 2);
      }
      team = [...new Set([...anchors, ...team])];
      const monthly =
        f.kind === 'professional_services'
          ? Math.round(prng.logUniform(f.enterprise ? 30 : 12, f.enterprise ? 90 : 45) * 4) * 25
          : Math.round(prng.logUniform(6, 24) * 10) * 10;
      const project = f.kind === 'professional_services' ? `${f.account}-${prng.pick(['IMPL', 'ROLLOUT', 'MIGR', 'PHASE2'])}-2026` : '';
      return { account: f.account, kind: f.kind, from: f.from, to: f.to, team, monthly, project };
    });
}

/** Person-days the planted problems use: nothing else is scheduled on them. */
function reservedDays(): Set<string> {
  const x = INJECT;
  return new Set([
    `${x.duplicateHours.person}|${x.duplicateHours.date}`,
    `${x.excessiveHours.person}|${x.excessiveHours.date}`,
    `${x.rateMismatch.person}|${x.rateMismatch.date}`,
    `${x.unbilledHours.person}|${x.unbilledHours.date}`,
    `${x.formulaText.person}|${x.formulaText.date}`,
  ]);
}

/** One week off in July or August and two sick days per person. */
function absences(seed: number): Set<string> {
  const off = new Set<string>();
  const firstMonday = epochDay('2026-07-06');
  for (const p of PEOPLE) {
    const prng = new Prng(deriveSeed(seed, 'absence', p.name));
    const monday = firstMonday + 7 * prng.int(0, 7);
    for (let d = 0; d < 5; d++) off.add(`${p.name}|${dateOf(monday + d)}`);
    for (let k = 0; k < 2; k++) off.add(`${p.name}|${dateOf(epochDay(WINDOW_FIRST) + prng.int(0, 160))}`);
  }
  return off;
}

function roleOf(name: string): Role {
  return PEOPLE.find((p) => p.name === name)?.role ?? 'consultant';
}

export function buildHours(agreements: readonly AgreementDoc[], seed: number): HoursEntry[] {
  const prng = new Prng(deriveSeed(seed, 'hours'));
  const feeds = hoursFeeds(agreements, seed);
  const blocked = new Set([...reservedDays(), ...absences(seed)]);
  const load = new Map<string, number>();
  const used = new Set<string>();
  const entries: HoursEntry[] = [];

  const tryPlace = (person: string, date: string, account: string, kind: HoursKind, hours: number): boolean => {
    const dayKey = `${person}|${date}`;
    const key = `${dayKey}|${account}|${kind}`;
    if (blocked.has(dayKey) || used.has(key)) return false;
    const current = load.get(dayKey) ?? 0;
    if (current + hours > DAY_CAP) return false;
    load.set(dayKey, current + hours);
    used.add(key);
    return true;
  };

  const entry = (date: string, account: string, person: string, kind: HoursKind, hours: number, billable: boolean, project: string, notes: string): HoursEntry => {
    const role = kind === 'professional_services' ? roleOf(person) : prng.chance(0.75) ? 'engineer' : '';
    const rate = billable && prng.chance(0.9) ? agreementRate(agreements, account, kind, role, date) : '';
    return { date, sortDate: date, account, person, kind, role, hours, billable, rate, project, notes };
  };

  for (const id of PERIODS) {
    const period = parsePeriod(id);
    for (const feed of feeds) {
      const from = Math.max(epochDay(feed.from), epochDay(period.first));
      const to = Math.min(epochDay(feed.to), epochDay(period.last));
      const days: string[] = [];
      let allBusiness = 0;
      for (let d = epochDay(period.first); d <= epochDay(period.last); d++) if (isBusinessDay(d)) allBusiness++;
      for (let d = from; d <= to; d++) if (isBusinessDay(d)) days.push(dateOf(d));
      if (days.length === 0) continue;
      const target = Math.round((feed.monthly * prng.between(0.85, 1.15) * days.length) / allBusiness);
      let sum = 0;
      while (sum < target) {
        const ps = feed.kind === 'professional_services';
        let hours = ps ? prng.weighted(PS_SIZES) : prng.int(3, 25) * 10;
        if (ps && prng.chance(0.04)) hours = prng.pick([800, 850]);
        let placed = false;
        for (let attempt = 0; attempt < 25 && !placed; attempt++) {
          const person = prng.pick(feed.team);
          const date = prng.pick(days);
          if (!tryPlace(person, date, feed.account, feed.kind, hours)) continue;
          placed = true;
          const billable = prng.chance(ps ? 0.95 : 0.93);
          let notes: string;
          if (!billable) notes = ps ? prng.pick(PS_NOTES_NON_BILLABLE) : 'Goodwill, no charge';
          else if (ps && prng.chance(0.01)) notes = MULTILINE_NOTE;
          else notes = prng.pick(ps ? PS_NOTES : SUPPORT_NOTES);
          const project = ps ? feed.project : `CASE-${prng.int(40000, 49999)}`;
          entries.push(entry(date, feed.account, person, feed.kind, hours, billable, project, notes));
        }
        if (!placed) break;
        sum += hours;
      }
    }
    // A little courtesy support for customers without a support charge: not billable, so not an anomaly.
    const withoutSupport = [...new Set(agreements.filter((a) => a.start_date <= period.last && (a.end_date == null || a.end_date >= period.first)).map((a) => a.account_id))]
      .filter((account) => !agreements.some((a) => a.account_id === account && a.charges.some((c) => c.type === 'hours' && c.kind === 'support')))
      .sort();
    const engineers = PEOPLE.filter((p) => p.role === 'engineer').map((p) => p.name);
    for (let k = 0; k < 6 && withoutSupport.length > 0; k++) {
      const account = prng.pick(withoutSupport);
      const a = agreements.find((x) => x.account_id === account && x.start_date <= period.last && (x.end_date == null || x.end_date >= period.first));
      if (!a) continue;
      const lo = Math.max(epochDay(a.start_date), epochDay(period.first));
      const hi = Math.min(a.end_date == null ? epochDay(period.last) : epochDay(a.end_date), epochDay(period.last));
      const day = lo + prng.int(0, Math.max(0, hi - lo));
      if (!isBusinessDay(day)) continue;
      const person = prng.pick(engineers);
      const hours = prng.int(3, 10) * 10;
      if (!tryPlace(person, dateOf(day), account, 'support', hours)) continue;
      entries.push({ ...entry(dateOf(day), account, person, 'support', hours, false, `CASE-${prng.int(40000, 49999)}`, 'Courtesy support, not billable'), rate: '' });
    }
  }

  entries.push(...plantedEntries(agreements));
  entries.sort(
    (a, b) =>
      a.sortDate.localeCompare(b.sortDate) ||
      a.person.localeCompare(b.person) ||
      a.account.localeCompare(b.account) ||
      a.kind.localeCompare(b.kind) ||
      a.hours - b.hours,
  );
  return entries;
}

function plantedEntries(agreements: readonly AgreementDoc[]): HoursEntry[] {
  const x = INJECT;
  const ps: HoursKind = 'professional_services';
  const make = (date: string, account: string, person: string, kind: HoursKind, hours: number, project: string, notes: string, rate?: string): HoursEntry => {
    const role = kind === ps ? roleOf(person) : 'engineer';
    return { date, sortDate: date, account, person, kind, role, hours, billable: true, rate: rate ?? agreementRate(agreements, account, kind, role, date), project, notes };
  };
  const dup = x.duplicateHours;
  const ex = x.excessiveHours;
  const rm = x.rateMismatch;
  const ub = x.unbilledHours;
  const ft = x.formulaText;
  const rj = HOURS_REJECT;
  return [
    make(dup.date, dup.account, dup.person, ps, dup.hours, `${dup.account}-IMPL-2026`, 'Validation rules for batch release'),
    make(dup.date, dup.account, dup.person, ps, dup.hours, `${dup.account}-IMPL-2026`, 'Validation rules for batch release'),
    ...ex.entries.map((e, i) => make(ex.date, e.account, ex.person, ps, e.hours, `${e.account}-ROLLOUT-2026`, i === 0 ? 'On-site workshop, warehouse scanners' : 'Evening call: release plan review')),
    make(rm.date, rm.account, rm.person, ps, rm.hours, `${rm.account}-IMPL-2026`, 'Portfolio report configuration', rm.rate),
    make(ub.date, ub.account, ub.person, 'support', ub.hours, 'CASE-48213', 'Urgent: POS sync outage, restored feed', ''),
    make(ft.date, ft.account, ft.person, ps, ft.hours, `${ft.account}-IMPL-2026`, ft.notes),
    { ...make(rj.sortDate, rj.account, rj.person, 'support', rj.hours, 'CASE-47710', 'Printer mapping for new store'), date: rj.date },
  ];
}

export function hoursCsvRows(entries: readonly HoursEntry[]): string[] {
  return entries.map((e, i) =>
    csvLine([
      `TE-${String(i + 1).padStart(6, '0')}`,
      e.date,
      e.account,
      e.person,
      e.kind,
      e.role,
      trimmedDecimal(e.hours, 2),
      e.billable ? 'true' : 'false',
      e.rate,
      e.project,
      e.notes,
    ]),
  );
}
