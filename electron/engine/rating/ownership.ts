/**
 * Which agreement bills which record. rating.md: each (account, metric) and
 * (account, hours kind) is priced by the one active agreement that has a charge
 * for it; when two overlap, the later start_date wins. Records are billed only
 * inside the period and the agreement's active dates.
 *
 * The decision is made once, as disjoint day ranges per (account, item), and
 * used twice: to route each record while rating, and as the stored provenance
 * of usage lines (usage_spans), so "which rows made this line" is exactly the
 * set the rating used.
 */
import { addDays } from '../../../shared/period';

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

/** Disjoint ranges, sorted by day, each owned by the winning claimant. */
export function ownedRanges<T>(claimants: readonly Claimant<T>[]): OwnedRange<T>[] {
  const ranked = [...claimants].sort((a, b) =>
    a.startDate === b.startDate ? b.agreementId.localeCompare(a.agreementId) : b.startDate.localeCompare(a.startDate),
  );
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
