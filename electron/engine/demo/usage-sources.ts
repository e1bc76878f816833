/**
 * The rows of usage.csv as lazy per-feed sources for the writer's k-way merge:
 * metered feeds (api_calls, sms, compute_hours) send batches spread evenly
 * over the active time of each month (one random instant per slot, so a
 * feed's timestamps never collide), with quantities following the account's
 * trend, weekly and daily seasonality in the customer's time zone, and noise;
 * storage_gb is one reading per day, seats a few readings per month.
 */
import { parsePeriod } from '../../../shared/period';
import { PERIODS, WINDOW_FIRST } from './book';
import { csvField, fixedDecimal } from './csv';
import { deriveSeed, Prng, type Random } from './prng';
import { DAY, epochDay, EXACT_MONTH_ROWS, type FeedPlan, type MonthSlots, type Profile, seatReadingDays } from './usage-plan';

/** Weekly (Sunday first) and daily (local hour) seasonality per profile. */
export const WEEKDAY: Record<Profile, readonly number[]> = {
  api: [0.35, 1, 1.05, 1.05, 1, 0.9, 0.4],
  sms: [0.5, 1, 1, 1, 1, 1.1, 0.6],
  sms_count: [0.5, 1, 1, 1, 1, 1.1, 0.6],
  compute: [0.8, 1, 1, 1, 1, 1, 0.8],
  video: [0.3, 1, 1, 1, 1, 0.9, 0.3],
  storage: [1, 1, 1, 1, 1, 1, 1],
  seats: [1, 1, 1, 1, 1, 1, 1],
};
export const OFFICE_HOURS = Array.from({ length: 24 }, (_, h) => (h < 7 ? 0.25 : h < 9 ? 0.6 : h < 18 ? 1.3 : h < 22 ? 0.7 : 0.4));
export const DAY_HOURS = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 21 ? 1.2 : 0.2));
export const FLAT_HOURS = Array.from({ length: 24 }, () => 1);
export const HOURLY: Record<Profile, readonly number[]> = {
  api: OFFICE_HOURS, sms: DAY_HOURS, sms_count: DAY_HOURS, compute: FLAT_HOURS, video: OFFICE_HOURS, storage: FLAT_HOURS, seats: FLAT_HOURS,
};

/** Per-record noise range around the seasonal curve (mean 1): SMS campaigns vary most, API batches least. */
export const NOISE: Record<Profile, readonly [number, number]> = {
  api: [0.8, 1.2], sms: [0.3, 1.7], sms_count: [1, 1], compute: [0.6, 1.4], video: [0.6, 1.4], storage: [1, 1], seats: [1, 1],
};

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
export interface Source {
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
export class MeteredSource implements Source {
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
export class StorageSource implements Source {
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
export class SeatsSource implements Source {
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
export class ListSource implements Source {
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

export function createSource(feed: FeedPlan): Source {
  if (feed.profile === 'storage') return new StorageSource(feed);
  if (feed.profile === 'seats') return new SeatsSource(feed);
  return new MeteredSource(feed);
}

/** A binary min-heap of sources by (t, position). */
export class SourceHeap {
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
