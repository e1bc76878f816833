/**
 * The plan of usage.csv: one feed per priced (account, metric) plus the
 * planted ones, each with its volume, trend, time zone and the rows it sends
 * per period. Storage and seats readings are fixed by the calendar; the rest
 * of the `rows` budget is shared out over the metered feeds (largest
 * remainder), so the file has exactly `rows` data rows unless `rows` is
 * smaller than the calendar-fixed readings.
 */
import { parsePeriod } from '../../../shared/period';
import type { AgreementDoc, Plan } from './book';
import { ACCOUNTS, PERIODS, TRIAL_ACCOUNT, WINDOW_FIRST, WINDOW_LAST } from './book';
import { INJECT, USAGE_REJECTS } from './problems';
import { deriveSeed, Prng } from './prng';

export type Profile = 'api' | 'sms' | 'sms_count' | 'compute' | 'video' | 'storage' | 'seats';
type RowClass = 'api' | 'sms' | 'compute';

export const DAY = 86_400;
export const epochDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
export const epochSeconds = (iso: string): number => Date.parse(iso) / 1000;

export interface MonthSlots {
  /** first second and span (seconds) of the feed's active time in the month */
  start: number;
  span: number;
  n: number;
  /** the month's planned total for the active time */
  total: number;
  /** average seasonal factor over the active hours */
  avgFactor: number;
}

/** Months with at most this many records draw their instants up front and hit the planned total exactly. */
export const EXACT_MONTH_ROWS = 4096;

export interface FeedPlan {
  account: string;
  metric: string;
  profile: Profile;
  /** first and last active day, inclusive, inside the window */
  from: string;
  to: string;
  withIds: boolean;
  seed: number;
  /** base monthly volume (calls, messages, hours, minutes), GB for storage, seats for seats */
  volume: number;
  growth: number;
  /** per period: trend × noise × planted problem factor */
  monthFactor: number[];
  /** UTC offset of the customer, hours */
  tz: number;
  /** metered feeds: rows per period */
  rows: number[];
  /** duplicate one row of the last period (duplicate_usage) */
  duplicateInLast: boolean;
  /** storage: the day whose reading is sent in MB */
  mbDate: string | null;
}

export interface UsagePlan {
  feeds: FeedPlan[];
  totalRows: number;
}

const TZ: Record<string, number> = { USD: -6, USDX: -8, EUR: 1, GBP: 0, CHF: 1, SEK: 1, JPY: 9, BHD: 3 };

const ROW_SHARE: Record<RowClass, number> = { api: 0.7, sms: 0.14, compute: 0.16 };
const rowClass = (p: Profile): RowClass | null =>
  p === 'api' ? 'api' : p === 'sms' || p === 'sms_count' ? 'sms' : p === 'compute' || p === 'video' ? 'compute' : null;

function planOf(code: string): Plan {
  return ACCOUNTS.find((a) => a.code === code)?.plan ?? 'growth';
}

function profileOf(metric: string, aggregation: string | undefined): Profile {
  switch (metric) {
    case 'api_calls':
      return 'api';
    case 'storage_gb':
      return 'storage';
    case 'seats':
      return 'seats';
    case 'sms':
      return aggregation === 'count' ? 'sms_count' : 'sms';
    case 'compute_hours':
      return 'compute';
    // money with two decimals, metered in batches like video minutes (the percentage fee's metric)
    case 'payments':
    default:
      return 'video';
  }
}

function baseVolume(profile: Profile, plan: Plan, prng: Prng): number {
  const ranges: Record<Profile, Record<Plan, [number, number]>> = {
    api: { starter: [600, 250_000], growth: [150_000, 4_000_000], enterprise: [3_000_000, 40_000_000] },
    sms: { starter: [3_000, 30_000], growth: [5_000, 90_000], enterprise: [20_000, 200_000] },
    sms_count: { starter: [500, 8_000], growth: [1_000, 15_000], enterprise: [2_000, 30_000] },
    compute: { starter: [80, 600], growth: [150, 9_000], enterprise: [2_000, 20_000] },
    video: { starter: [5_000, 20_000], growth: [5_000, 20_000], enterprise: [5_000, 20_000] },
    storage: { starter: [40, 400], growth: [300, 4_000], enterprise: [2_000, 25_000] },
    seats: { starter: [3, 15], growth: [10, 80], enterprise: [60, 400] },
  };
  const [lo, hi] = ranges[profile][plan];
  return profile === 'seats' ? prng.int(lo, hi) : prng.logUniform(lo, hi);
}

interface FeedKey {
  account: string;
  metric: string;
  profile: Profile;
  from: string;
  to: string;
}

/** The (account, metric) feeds the agreements price, with the hull of their active days inside the window. */
function pricedFeeds(agreements: readonly AgreementDoc[]): FeedKey[] {
  const feeds = new Map<string, FeedKey>();
  for (const a of agreements) {
    const from = a.start_date > WINDOW_FIRST ? a.start_date : WINDOW_FIRST;
    const end = a.end_date ?? WINDOW_LAST;
    let to = end < WINDOW_LAST ? end : WINDOW_LAST;
    if (a.account_id === INJECT.usageAfterEnd.account) to = INJECT.usageAfterEnd.until;
    if (to < from) continue;
    for (const c of a.charges) {
      if (c.type !== 'usage') continue;
      const key = `${a.account_id}\u0000${c.metric}`;
      const known = feeds.get(key);
      if (known) {
        known.from = known.from < from ? known.from : from;
        known.to = known.to > to ? known.to : to;
      } else {
        feeds.set(key, { account: a.account_id, metric: c.metric, profile: profileOf(c.metric, c.aggregation), from, to });
      }
    }
  }
  return [...feeds.values()];
}

/** Active days of a feed in each period. */
function activeDaysByPeriod(from: string, to: string): number[] {
  return PERIODS.map((id) => {
    const p = parsePeriod(id);
    const a = from > p.first ? from : p.first;
    const b = to < p.last ? to : p.last;
    return b < a ? 0 : epochDay(b) - epochDay(a) + 1;
  });
}

/** Readings days of a seats feed: the 1st, 8th, 15th and 22nd, plus the first active day. */
export function seatReadingDays(from: string, to: string): number[] {
  const days: number[] = [];
  for (let d = epochDay(from); d <= epochDay(to); d++) {
    const dom = new Date(d * 86_400_000).getUTCDate();
    if (d === epochDay(from) || dom === 1 || dom === 8 || dom === 15 || dom === 22) days.push(d);
  }
  return days;
}

/**
 * Shares `budget` rows over cells by weight: every cell gets at least its
 * minimum and at most its maximum; what a capped cell cannot take goes to the
 * others; the rest is handed out by largest remainder (ties by position). The
 * sum is exactly the budget whenever the budget lies between the minimums'
 * and the maximums' sums.
 */
export function allocate(budget: number, weights: readonly number[], minimums: readonly number[], maximums: readonly number[]): number[] {
  const n = weights.length;
  const out = new Array<number>(n).fill(0);
  const fixed = new Array<boolean>(n).fill(false);
  let raw = new Array<number>(n).fill(0);
  for (let round = 0; round <= n; round++) {
    let free = budget;
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (fixed[i]) free -= out[i] ?? 0;
      else total += weights[i] ?? 0;
    }
    raw = weights.map((w, i) => (fixed[i] || total <= 0 ? 0 : (Math.max(0, free) * w) / total));
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (fixed[i]) continue;
      const lo = minimums[i] ?? 0;
      const hi = Math.max(lo, maximums[i] ?? Number.POSITIVE_INFINITY);
      const r = raw[i] ?? 0;
      if (r > hi) {
        out[i] = hi;
        fixed[i] = true;
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (let i = 0; i < n; i++) if (!fixed[i]) out[i] = Math.max(minimums[i] ?? 0, Math.floor(raw[i] ?? 0));
  let rest = budget - out.reduce((s, v) => s + v, 0);
  const order = raw
    .map((r, i) => ({ i, frac: r - Math.floor(r) }))
    .filter((c) => !fixed[c.i] && (weights[c.i] ?? 0) > 0)
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; rest > 0 && order.length > 0; k = (k + 1) % order.length, rest--) {
    const cell = order[k];
    if (cell) out[cell.i] = (out[cell.i] ?? 0) + 1;
  }
  return out;
}

/** A feed's claim on its class's rows: big feeds send more (but fewer per unit) records; a counted SMS feed is one row per message. */
function rowWeight(f: FeedPlan): number {
  return Math.sqrt(f.volume) * (f.profile === 'sms_count' ? 4 : 1);
}

export function planUsage(agreements: readonly AgreementDoc[], seed: number, rows: number): UsagePlan {
  const keys = pricedFeeds(agreements);
  keys.push({ account: INJECT.trialUsage.account, metric: INJECT.trialUsage.metric, profile: 'api', from: TRIAL_ACCOUNT.from, to: WINDOW_LAST });
  keys.push({ account: INJECT.unpricedMetric.account, metric: INJECT.unpricedMetric.metric, profile: 'video', from: INJECT.unpricedMetric.from, to: WINDOW_LAST });
  keys.sort((a, b) => (a.account === b.account ? a.metric.localeCompare(b.metric) : a.account.localeCompare(b.account)));
  const currencyOf = new Map(agreements.map((a) => [a.account_id, a.currency]));
  const last = PERIODS.length - 1;

  const feeds: FeedPlan[] = keys.map((k) => {
    const feedSeed = deriveSeed(seed, 'usage', k.account, k.metric);
    const prng = new Prng(feedSeed);
    const plan = k.account === TRIAL_ACCOUNT.code ? 'growth' : planOf(k.account);
    const volume = baseVolume(k.profile, plan, prng);
    const growth = k.profile === 'storage' ? prng.between(0.005, 0.04) : prng.between(-0.02, 0.06);
    const monthFactor = PERIODS.map((_, m) => (1 + growth) ** m * prng.between(0.94, 1.06));
    const isSpike = k.account === INJECT.spike.account && k.metric === INJECT.spike.metric;
    const isDrop = k.account === INJECT.drop.account && k.metric === INJECT.drop.metric;
    if (isSpike) monthFactor[last] = (monthFactor[last] ?? 1) * INJECT.spike.factor;
    if (isDrop) monthFactor[last] = (monthFactor[last] ?? 1) * INJECT.drop.factor;
    const currency = currencyOf.get(k.account) ?? 'USD';
    return {
      ...k,
      withIds: !(k.metric === 'sms' && (INJECT.noEventIds as readonly string[]).includes(k.account)),
      seed: feedSeed,
      volume,
      growth,
      monthFactor,
      tz: TZ[currency] ?? 0,
      rows: PERIODS.map(() => 0),
      duplicateInLast: k.account === INJECT.duplicateUsage.account && k.metric === INJECT.duplicateUsage.metric,
      mbDate: k.account === INJECT.unitMismatch.account && k.metric === INJECT.unitMismatch.metric ? INJECT.unitMismatch.date : null,
    };
  });

  // Calendar-fixed rows, planted extras, then the metered budget.
  let fixed = USAGE_REJECTS.length;
  for (const f of feeds) {
    if (f.profile === 'storage') fixed += epochDay(f.to) - epochDay(f.from) + 1;
    if (f.profile === 'seats') fixed += seatReadingDays(f.from, f.to).length;
    if (f.duplicateInLast) fixed += 1;
  }
  const metered = feeds.filter((f) => rowClass(f.profile) !== null);
  const classTotals: Record<RowClass, number> = { api: 0, sms: 0, compute: 0 };
  for (const f of metered) {
    const c = rowClass(f.profile);
    if (c) classTotals[c] += rowWeight(f);
  }
  const weights: number[] = [];
  const minimums: number[] = [];
  const maximums: number[] = [];
  for (const f of metered) {
    const c = rowClass(f.profile);
    const share = c ? (ROW_SHARE[c] * rowWeight(f)) / classTotals[c] : 0;
    const days = activeDaysByPeriod(f.from, f.to);
    const totalDays = days.reduce((s, d) => s + d, 0);
    const missing = f.account === INJECT.missingUsage.account && f.metric === INJECT.missingUsage.metric;
    days.forEach((d, m) => {
      const gap = missing && m === last;
      // A counted feed's volume is its row count, so its trend lives in the weights.
      const trend = f.profile === 'sms_count' ? (f.monthFactor[m] ?? 1) : 1;
      weights.push(gap || totalDays === 0 ? 0 : (share * d * trend) / totalDays);
      minimums.push(gap || d === 0 ? 0 : 3);
      // Records of a summed feed stay well above one unit each (no feed of mostly zeros).
      const monthVolume = (f.volume * (f.monthFactor[m] ?? 1) * d) / 30;
      const units = f.profile === 'compute' || f.profile === 'video' ? monthVolume * 100 : monthVolume;
      maximums.push(f.profile === 'sms_count' ? Number.POSITIVE_INFINITY : Math.floor(units / 8));
    });
  }
  const counts = allocate(Math.max(0, rows - fixed), weights, minimums, maximums);
  let total = fixed;
  metered.forEach((f, i) => {
    f.rows = PERIODS.map((_, m) => counts[i * PERIODS.length + m] ?? 0);
    total += f.rows.reduce((s, n) => s + n, 0);
  });
  return { feeds, totalRows: total };
}
