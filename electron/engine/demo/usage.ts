/**
 * usage.csv: planned per (account, metric) feed, then streamed in timestamp
 * order through a k-way merge of lazy per-feed generators, so memory stays
 * bounded by the number of feeds whatever the row count.
 *
 * - api_calls, sms (batches or single messages) and compute_hours are metered
 *   in batches spread evenly over the active time of each month (one random
 *   instant per slot, so timestamps of a feed never collide); quantities
 *   follow a per-account trend, weekly and daily seasonality (in the
 *   customer's time zone) and noise.
 * - storage_gb is one reading per day (aggregated with max), seats a few
 *   readings per month (aggregated with last).
 * - Row counts: storage and seats readings are fixed by the calendar; the rest
 *   of the `rows` budget is shared out over the metered feeds (largest
 *   remainder), so the file has exactly `rows` data rows unless `rows` is
 *   smaller than the calendar-fixed readings.
 */
import { parsePeriod } from '../../../shared/period';
import type { AgreementDoc, Plan } from './book';
import { ACCOUNTS, PERIODS, TRIAL_ACCOUNT, WINDOW_FIRST, WINDOW_LAST } from './book';
import { ChunkedFileWriter, csvField, csvLine, fixedDecimal } from './csv';
import { INJECT, USAGE_REJECTS } from './problems';
import { deriveSeed, Prng, type Random } from './prng';

export const USAGE_HEADER = ['event_id', 'account_id', 'metric', 'quantity', 'timestamp'] as const;

type Profile = 'api' | 'sms' | 'sms_count' | 'compute' | 'video' | 'storage' | 'seats';
type RowClass = 'api' | 'sms' | 'compute';

const DAY = 86_400;
const epochDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const epochSeconds = (iso: string): number => Date.parse(iso) / 1000;

interface MonthSlots {
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
const EXACT_MONTH_ROWS = 4096;

interface FeedPlan {
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

/** Weekly (Sunday first) and daily (local hour) seasonality per profile. */
const WEEKDAY: Record<Profile, readonly number[]> = {
  api: [0.35, 1, 1.05, 1.05, 1, 0.9, 0.4],
  sms: [0.5, 1, 1, 1, 1, 1.1, 0.6],
  sms_count: [0.5, 1, 1, 1, 1, 1.1, 0.6],
  compute: [0.8, 1, 1, 1, 1, 1, 0.8],
  video: [0.3, 1, 1, 1, 1, 0.9, 0.3],
  storage: [1, 1, 1, 1, 1, 1, 1],
  seats: [1, 1, 1, 1, 1, 1, 1],
};
const OFFICE_HOURS = Array.from({ length: 24 }, (_, h) => (h < 7 ? 0.25 : h < 9 ? 0.6 : h < 18 ? 1.3 : h < 22 ? 0.7 : 0.4));
const DAY_HOURS = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 21 ? 1.2 : 0.2));
const FLAT_HOURS = Array.from({ length: 24 }, () => 1);
const HOURLY: Record<Profile, readonly number[]> = {
  api: OFFICE_HOURS, sms: DAY_HOURS, sms_count: DAY_HOURS, compute: FLAT_HOURS, video: OFFICE_HOURS, storage: FLAT_HOURS, seats: FLAT_HOURS,
};

/** Per-record noise range around the seasonal curve (mean 1): SMS campaigns vary most, API batches least. */
const NOISE: Record<Profile, readonly [number, number]> = {
  api: [0.8, 1.2], sms: [0.3, 1.7], sms_count: [1, 1], compute: [0.6, 1.4], video: [0.6, 1.4], storage: [1, 1], seats: [1, 1],
};

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
function seatReadingDays(from: string, to: string): number[] {
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

// ---------------------------------------------------------------- writing

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayText = new Map<number, string>();

/** "2026-10-03T14:22:05Z" from epoch seconds, without a Date per row. */
function isoSeconds(t: number): string {
  const day = Math.floor(t / DAY);
  let date = dayText.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dayText.set(day, date);
  }
  const s = t - day * DAY;
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s - hh * 3600) / 60);
  return `${date}T${PAD2[hh]}:${PAD2[mm]}:${PAD2[s - hh * 3600 - mm * 60]}Z`;
}

/** A row source for the merge: its current row (t, line) and a way to move to the next. */
interface Source {
  t: number;
  /** the row without its event id: account,metric,quantity,timestamp */
  line: string;
  withId: boolean;
  advance(): boolean;
}

function seasonal(profile: Profile, tz: number): (t: number) => number {
  const week = WEEKDAY[profile];
  const hours = HOURLY[profile];
  const offset = tz * 3600;
  return (t) => {
    const local = t + offset;
    const day = Math.floor(local / DAY);
    return (week[(day + 4) % 7] ?? 1) * (hours[Math.floor((local - day * DAY) / 3600)] ?? 1);
  };
}

/** Metered feed: n records per month, one per equal slot of the active time. */
class MeteredSource implements Source {
  t = 0;
  line = '';
  withId: boolean;
  private readonly months: MonthSlots[];
  private readonly rng: Random;
  private readonly prefix: string;
  private readonly factor: (t: number) => number;
  private m = 0;
  private i = 0;
  private repeatPending = false;
  private readonly duplicateAt: number;
  private times: number[] | null = null;
  private noises: number[] | null = null;
  private scale = 0;

  constructor(private readonly feed: FeedPlan) {
    this.rng = new Prng(deriveSeed(feed.seed, 'rows')).float;
    this.prefix = `${csvField(feed.account)},${csvField(feed.metric)},`;
    this.withId = feed.withIds;
    this.factor = seasonal(feed.profile, feed.tz);
    const feedStart = epochDay(feed.from) * DAY;
    const feedEnd = (epochDay(feed.to) + 1) * DAY;
    this.months = PERIODS.map((id, m) => {
      const p = parsePeriod(id);
      const start = Math.max(feedStart, epochDay(p.first) * DAY);
      const end = Math.min(feedEnd, (epochDay(p.last) + 1) * DAY);
      const n = feed.rows[m] ?? 0;
      const span = Math.max(0, end - start);
      let avgFactor = 1;
      if (n > 0 && span > 0) {
        let sum = 0;
        let count = 0;
        for (let h = start; h < end; h += 3600) {
          sum += this.factor(h + 1800);
          count++;
        }
        avgFactor = sum / count;
      }
      const total = (feed.volume * (feed.monthFactor[m] ?? 1) * span) / p.days / DAY;
      return { start, span, n, total, avgFactor };
    });
    const lastN = this.months[this.months.length - 1]?.n ?? 0;
    this.duplicateAt = feed.duplicateInLast && lastN > 0 ? Math.floor(lastN / 2) : -1;
  }

  advance(): boolean {
    if (this.repeatPending) {
      // The duplicate: same account, metric, timestamp and quantity, its own event id.
      this.repeatPending = false;
      this.withId = true;
      return true;
    }
    this.withId = this.feed.withIds;
    for (;;) {
      const month = this.months[this.m];
      if (!month) return false;
      if (this.i >= month.n) {
        this.m++;
        this.i = 0;
        this.times = null;
        this.noises = null;
        continue;
      }
      if (this.i === 0) this.enterMonth(month);
      const i = this.i++;
      this.t = this.times ? (this.times[i] ?? 0) : this.slotInstant(month, i);
      const noise = this.noises ? (this.noises[i] ?? 1) : this.noise();
      this.line = `${this.prefix}${this.quantity(this.scale * this.factor(this.t) * noise)},${isoSeconds(this.t)}`;
      if (this.m === this.months.length - 1 && i === this.duplicateAt) {
        this.repeatPending = true;
        this.withId = true;
      }
      return true;
    }
  }

  /** One random instant inside slot i of n equal slots: instants of a feed never collide. */
  private slotInstant(month: MonthSlots, i: number): number {
    const slotStart = month.start + Math.floor((i * month.span) / month.n);
    const slotEnd = month.start + Math.floor(((i + 1) * month.span) / month.n);
    return slotStart + Math.floor(this.rng() * Math.max(1, slotEnd - slotStart));
  }

  /**
   * Scale of the month's records: expected quantity = scale × seasonal factor.
   * Small months draw their instants first and normalise by the factors drawn,
   * so a feed of a few records a month does not swing with where they fell;
   * large months use the average factor (the law of large numbers does the rest).
   */
  private enterMonth(month: MonthSlots): void {
    if (month.n <= EXACT_MONTH_ROWS) {
      const times: number[] = [];
      const noises: number[] = [];
      let sum = 0;
      for (let k = 0; k < month.n; k++) {
        const t = this.slotInstant(month, k);
        const noise = this.noise();
        times.push(t);
        noises.push(noise);
        sum += this.factor(t) * noise;
      }
      this.times = times;
      this.noises = noises;
      this.scale = sum > 0 ? month.total / sum : 0;
    } else {
      this.times = null;
      this.noises = null;
      this.scale = month.total / (month.n * month.avgFactor);
    }
  }

  /** Record-to-record variation around the seasonal curve (mean 1). */
  private noise(): number {
    const [lo, hi] = NOISE[this.feed.profile];
    return lo + (hi - lo) * this.rng();
  }

  /** Unbiased stochastic rounding keeps small feeds' month totals right on average. */
  private quantity(expected: number): string {
    const r = this.rng;
    switch (this.feed.profile) {
      case 'sms_count': {
        const u = r();
        return u < 0.7 ? '1' : u < 0.95 ? '2' : '3';
      }
      case 'compute':
      case 'video':
        return fixedDecimal(Math.floor(expected * 100 + r()), 2);
      default:
        return String(Math.floor(expected + r()));
    }
  }
}

/** Daily storage readings at about 02:00 UTC; one day's reading may be sent in MB. */
class StorageSource implements Source {
  t = 0;
  line = '';
  readonly withId: boolean;
  private day: number;
  private readonly lastDay: number;
  private readonly firstDay: number;
  private readonly rng: Random;
  private readonly prefix: string;
  private readonly mbDay: number;

  constructor(private readonly feed: FeedPlan) {
    this.withId = feed.withIds;
    this.firstDay = epochDay(feed.from);
    this.day = this.firstDay;
    this.lastDay = epochDay(feed.to);
    this.rng = new Prng(deriveSeed(feed.seed, 'rows')).float;
    this.prefix = `${csvField(feed.account)},${csvField(feed.metric)},`;
    this.mbDay = feed.mbDate === null ? -1 : epochDay(feed.mbDate);
  }

  advance(): boolean {
    if (this.day > this.lastDay) return false;
    const d = this.day++;
    this.t = d * DAY + 7200 + Math.floor(this.rng() * 900);
    const months = (d - epochDay(WINDOW_FIRST)) / 30.4;
    const gb = this.feed.volume * (1 + this.feed.growth) ** months * (1 + 0.004 * (this.rng() - 0.5));
    const quantity = d === this.mbDay ? String(Math.round(gb * 1024)) : fixedDecimal(Math.round(gb * 1000), 3);
    this.line = `${this.prefix}${quantity},${isoSeconds(this.t)}`;
    return true;
  }
}

/** Seat count readings a few times a month; the count drifts slowly with the account's trend. */
class SeatsSource implements Source {
  t = 0;
  line = '';
  readonly withId: boolean;
  private readonly days: number[];
  private k = 0;
  private readonly rng: Random;
  private readonly prefix: string;

  constructor(private readonly feed: FeedPlan) {
    this.withId = feed.withIds;
    this.days = seatReadingDays(feed.from, feed.to);
    this.rng = new Prng(deriveSeed(feed.seed, 'rows')).float;
    this.prefix = `${csvField(feed.account)},${csvField(feed.metric)},`;
  }

  advance(): boolean {
    const d = this.days[this.k++];
    if (d === undefined) return false;
    this.t = d * DAY + 6 * 3600 + Math.floor(this.rng() * 600);
    const months = (d - epochDay(WINDOW_FIRST)) / 30.4;
    const planned = this.feed.volume * (1 + this.feed.growth / 3) ** months;
    const u = this.rng();
    const seats = Math.max(1, Math.round(planned) + (u < 0.15 ? -1 : u > 0.85 ? 1 : 0));
    this.line = `${this.prefix}${seats},${isoSeconds(this.t)}`;
    return true;
  }
}

/** Fixed rows (the planted rejects), in sortAt order. */
class ListSource implements Source {
  t = 0;
  line = '';
  readonly withId = true;
  private k = 0;

  constructor(private readonly rows: readonly { t: number; line: string }[]) {}

  advance(): boolean {
    const row = this.rows[this.k++];
    if (!row) return false;
    this.t = row.t;
    this.line = row.line;
    return true;
  }
}

function createSource(feed: FeedPlan): Source {
  if (feed.profile === 'storage') return new StorageSource(feed);
  if (feed.profile === 'seats') return new SeatsSource(feed);
  return new MeteredSource(feed);
}

/** A binary min-heap of sources by (t, position). */
class SourceHeap {
  private readonly items: { s: Source; order: number }[] = [];

  get size(): number {
    return this.items.length;
  }

  top(): Source | undefined {
    return this.items[0]?.s;
  }

  push(s: Source, order: number): void {
    this.items.push({ s, order });
    this.up(this.items.length - 1);
  }

  /** The top source moved on (its t only grows) or ran dry: restore the heap. */
  replaceTop(alive: boolean): void {
    if (alive) {
      this.down(0);
      return;
    }
    const last = this.items.pop();
    if (last && this.items.length > 0) {
      this.items[0] = last;
      this.down(0);
    }
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a];
    const y = this.items[b];
    if (!x || !y) return false;
    return x.s.t < y.s.t || (x.s.t === y.s.t && x.order < y.order);
  }

  private swap(a: number, b: number): void {
    const x = this.items[a];
    const y = this.items[b];
    if (!x || !y) return;
    this.items[a] = y;
    this.items[b] = x;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

const ROWS_PER_CHUNK = 4096;
export const PROGRESS_EVERY = 100_000;

/** Streams usage.csv; returns the number of data rows written. */
export async function writeUsage(path: string, plan: UsagePlan, onProgress?: (done: number, total: number) => void): Promise<number> {
  const heap = new SourceHeap();
  plan.feeds.forEach((feed, order) => {
    const source = createSource(feed);
    if (source.advance()) heap.push(source, order);
  });
  const rejects = USAGE_REJECTS.map((r) => ({
    t: epochSeconds(r.sortAt),
    line: [r.account, r.metric, r.quantity, r.timestamp].map(csvField).join(','),
  })).sort((a, b) => a.t - b.t);
  const list = new ListSource(rejects);
  if (list.advance()) heap.push(list, plan.feeds.length);

  const writer = new ChunkedFileWriter(path);
  try {
    await writer.write(csvLine(USAGE_HEADER));
    let written = 0;
    let nextId = 1;
    let chunk = '';
    let inChunk = 0;
    for (let source = heap.top(); source; source = heap.top()) {
      const id = source.withId ? `evt-${String(nextId++).padStart(6, '0')}` : '';
      chunk += `${id},${source.line}\n`;
      written++;
      heap.replaceTop(source.advance());
      if (++inChunk === ROWS_PER_CHUNK) {
        await writer.write(chunk);
        chunk = '';
        inChunk = 0;
      }
      if (written % PROGRESS_EVERY === 0) onProgress?.(written, plan.totalRows);
    }
    if (chunk) await writer.write(chunk);
    await writer.close();
    if (written % PROGRESS_EVERY !== 0) onProgress?.(written, plan.totalRows);
    return written;
  } catch (error) {
    writer.abort();
    throw error;
  }
}
