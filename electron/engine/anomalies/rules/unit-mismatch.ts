/**
 * unit_mismatch: a single usage record is more than 500× the median record of
 * that account and metric over the last 3 periods (this one and the two
 * before): typical of MB sent as bytes, or GB as MB.
 *
 * Only the largest record of the period can decide whether any record fires
 * (record > 500 × median ⟺ median < record / 500), and that is decided by
 * counting records below max / 500 rather than sorting: the median is below t
 * exactly when more than half the records are. The exact median is computed
 * only for the rare pair that fires (or sits exactly on the boundary).
 */
import { Decimal } from '../../../../shared/money';
import { parsePeriod } from '../../../../shared/period';
import { periodsBack } from '../data/usage';
import type { UsagePair } from '../../pair-totals';
import { scaledBelow } from '../../scaled-decimal';
import { counted, formatApprox, formatQuantity, formatRatio, metricWords } from '../format';
import type { RuleContext, Rule } from '../types';
import { periodStart, usagePairFinding, usageRefs } from './helpers';

/**
 * Whether the median of the window may be below t; false only when counting
 * proves it is not. Periods whose smallest record is at least t add no record
 * below t and are not scanned again (their minimum is known from the figures
 * the usage rules already computed).
 */
function medianMayBeBelow(ctx: RuleContext, pair: UsagePair, window: readonly string[], t: Decimal): boolean {
  const usage = ctx.data.usage;
  if (!usage.current(pair)!.scaled) return true;
  const below = scaledBelow(t);
  // Odd n: the median is the middle record. Even n: the mean of the two middle ones, below t for sure only when both are.
  const mayBe = (k: number, n: number) => (n % 2 === 1 ? 2 * k >= n + 1 : 2 * k >= n);
  // First without reading a row: the digit histograms bound how many records can be at or below t.
  const bound = usage.atOrBelowAtMost(pair, window, below);
  if (bound && !mayBe(bound.atMost, bound.records)) return false;
  let n = 0;
  let k = 0;
  for (const periodId of window) {
    // minimum() counts the records in the same scan, so records() below is free.
    const min = usage.minimum(pair, periodId);
    if (min === null) continue;
    n += usage.records(pair, periodId);
    if (min.gte(t)) continue;
    const p = parsePeriod(periodId);
    const counted = usage.countAtOrBelow(pair, p.startTs, p.endTs, below);
    if (!counted) return true;
    k += counted.atOrBelow;
  }
  return mayBe(k, n);
}

export const unitMismatch: Rule = {
  id: 'unit_mismatch',
  defaultSeverity: 'warning',
  description: 'A single usage record is hundreds of times the typical record of that account and metric, as when MB are sent as GB.',
  thresholds: {
    factor: { default: '500', min: '1', description: 'Fires when one record is more than this many times the median record.' },
    periods: { default: '3', integer: true, min: '1', max: '24', description: 'How many periods (this one and those before it) the median is taken over.' },
  },
  detect(ctx) {
    const factor = ctx.threshold('factor');
    const periods = ctx.thresholdInt('periods');
    const window = Array.from({ length: periods }, (_, i) => periodsBack(ctx.period.id, i));
    const windowFrom = periodStart(window.at(-1)!);
    const usage = ctx.data.usage;
    return usage.periodPairs.flatMap((pair) => {
      const stats = usage.current(pair);
      if (!stats || !stats.max.gt(0)) return [];
      const t = stats.max.div(factor);
      if (!medianMayBeBelow(ctx, pair, window, t)) return [];
      const median = usage.median(pair, windowFrom, ctx.period.endTs);
      // A median of 0 (most records are zero) would make every non-zero record "infinitely" larger: not a unit error.
      if (!median || !median.gt(0)) return [];
      const above = usage.recordsAbove(pair, ctx.period.startTs, ctx.period.endTs, median.times(factor));
      const largest = above.largest;
      if (!largest) return [];
      const ratio = new Decimal(largest.quantity).div(median);
      const what = metricWords(pair.metric);
      const months = `the last ${periods} months`;
      const message =
        above.total === 1
          ? `A ${what} record of ${formatQuantity(largest.quantity)} for ${pair.accountId} on ${largest.ts.slice(0, 10)} is ${formatRatio(ratio, factor)}× the median record of ${months} (${formatApprox(median)}), typical of a unit mix-up.`
          : `${counted(above.total, 'record')} of ${what} for ${pair.accountId} are over ${formatQuantity(factor)}× the median record of ${months} (${formatApprox(median)}); the largest is ${formatQuantity(largest.quantity)} on ${largest.ts.slice(0, 10)} (${formatRatio(ratio, factor)}×).`;
      return [
        usagePairFinding(ctx, pair, {
          message,
          details: {
            median: median.toFixed(),
            factor: factor.toFixed(),
            largest: largest.quantity,
            largest_ts: largest.ts,
            ratio: ratio.toDecimalPlaces(4).toFixed(),
            records: above.total,
            window_from: periodsBack(ctx.period.id, periods - 1),
          },
          sources: usageRefs(above.ids),
          ranges: above.ranges,
        }),
      ];
    });
  },
};
