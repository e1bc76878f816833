/**
 * Which agreement bills which record. rating.md: each (account, metric) and
 * (account, hours kind) is priced by the one active agreement that has a charge
 * for it; when two overlap, the later start_date wins. Records are billed only
 * inside the period and the agreement's active dates.
 *
 * The decision is made once, as disjoint day ranges per (account, item), and
 * used twice: to route each record while rating, and as the stored provenance
 * of usage lines (usage_spans), so "which rows made this line" is exactly the
 * set the rating used. Anomaly detection names "the agreement that bills this"
 * with the same decideOwnership, so the two cannot drift apart.
 */
import type { Agreement, HoursKind } from '../../../shared/domain';
import { addDays, maxDate, minDate, type Period } from '../../../shared/period';

export interface Claimant<T> {
  owner: T;
  /** first and last day this agreement bills within the period */
  from: string;
  to: string;
  /** tie-breakers: later start_date first, then the larger agreement id */
  startDate: string;
  agreementId: string;
}

export interface OwnedRange<T> {
  owner: T;
  from: string;
  to: string;
}

/** Subtracts the days in `taken` from [from, to]; all ranges are inclusive day ranges. */
export function subtractRanges(from: string, to: string, taken: readonly { from: string; to: string }[]): { from: string; to: string }[] {
  let pieces = [{ from, to }];
  for (const t of taken) {
    pieces = pieces.flatMap((p) => {
      if (t.to < p.from || t.from > p.to) return [p];
      const left = t.from > p.from ? [{ from: p.from, to: addDays(t.from, -1) }] : [];
      const right = t.to < p.to ? [{ from: addDays(t.to, 1), to: p.to }] : [];
      return [...left, ...right];
    });
  }
  return pieces;
}

/** Precedence: the later start_date first, then the larger agreement id. */
function laterFirst(aStart: string, aId: string, bStart: string, bId: string): number {
  return aStart === bStart ? bId.localeCompare(aId) : bStart.localeCompare(aStart);
}

/** Disjoint ranges, sorted by day, each owned by the winning claimant. */
export function ownedRanges<T>(claimants: readonly Claimant<T>[]): OwnedRange<T>[] {
  const ranked = [...claimants].sort((a, b) => laterFirst(a.startDate, a.agreementId, b.startDate, b.agreementId));
  const ranges: OwnedRange<T>[] = [];
  ranked.forEach((c, i) => {
    for (const piece of subtractRanges(c.from, c.to, ranked.slice(0, i))) ranges.push({ owner: c.owner, ...piece });
  });
  return ranges.sort((a, b) => a.from.localeCompare(b.from));
}

/** The owner of a day, or undefined when no agreement bills it. */
export function ownerOn<T>(ranges: readonly OwnedRange<T>[] | undefined, day: string): T | undefined {
  if (!ranges) return undefined;
  for (const r of ranges) if (day >= r.from && day <= r.to) return r.owner;
  return undefined;
}

/** The metrics an agreement prices, each once. */
export function usageMetrics(agreement: Agreement): string[] {
  return [...new Set(agreement.charges.flatMap((c) => (c.type === 'usage' ? [c.metric] : [])))];
}

/** The hours kinds an agreement prices, each once. */
export function hoursKinds(agreement: Agreement): HoursKind[] {
  return [...new Set(agreement.charges.flatMap((c) => (c.type === 'hours' ? [c.kind] : [])))];
}

/** The first and last day of the period the agreement is active; null when it is not active in the period. */
export function activeSpan(agreement: Agreement, period: Period): { from: string; to: string } | null {
  if (agreement.start_date > period.last || (agreement.end_date !== null && agreement.end_date < period.first)) return null;
  return {
    from: maxDate(agreement.start_date, period.first),
    to: agreement.end_date === null ? period.last : minDate(agreement.end_date, period.last),
  };
}

/** Which of two agreements takes the days they share: the later start_date, then the larger agreement id (negative: `a` first). */
export function byPrecedence(a: Agreement, b: Agreement): number {
  return laterFirst(a.start_date, a.agreement_id, b.start_date, b.agreement_id);
}

/** Who bills what: day ranges per (account, metric) and (account, hours kind). */
export interface Ownership<T> {
  /** the disjoint day ranges of the period in which each agreement bills the account's metric, by day */
  usageRanges(accountId: string, metric: string): readonly OwnedRange<T>[];
  /** the agreement that prices the account's hours of this kind on the day */
  hoursOwnerOn(accountId: string, kind: HoursKind, date: string): T | undefined;
}

const itemKey = (accountId: string, item: string) => `${accountId}\u0000${item}`;

/**
 * Decides ownership for the agreements active in a period. `active` are the
 * caller's records of them (rating's and detection's differ), `agreementOf`
 * gives each one's document and `spanOf` its active days in the period.
 */
export function decideOwnership<T>(
  active: readonly T[],
  agreementOf: (entry: T) => Agreement,
  spanOf: (entry: T) => { from: string; to: string },
): Ownership<T> {
  const rangesByItem = (itemsOf: (a: Agreement) => string[]) => {
    const claims = new Map<string, Claimant<T>[]>();
    for (const entry of active) {
      const agreement = agreementOf(entry);
      const { from, to } = spanOf(entry);
      for (const item of itemsOf(agreement)) {
        const key = itemKey(agreement.account_id, item);
        const list = claims.get(key) ?? [];
        list.push({ owner: entry, from, to, startDate: agreement.start_date, agreementId: agreement.agreement_id });
        claims.set(key, list);
      }
    }
    return new Map([...claims].map(([key, list]) => [key, ownedRanges(list)]));
  };
  const usage = rangesByItem(usageMetrics);
  const hours = rangesByItem(hoursKinds);
  return {
    usageRanges: (accountId, metric) => usage.get(itemKey(accountId, metric)) ?? [],
    hoursOwnerOn: (accountId, kind, date) => ownerOn(hours.get(itemKey(accountId, kind)), date),
  };
}
