/** usage_spike: a metric's aggregate for the period is more than 2× the mean of the up to 6 previous periods that have data (needs at least 2). */
import { formatApprox, formatQuantity, formatRatio, metricWords, sentence } from '../format';
import type { Rule } from '../types';
import { aggregationWords, averageWords, LOOKBACK_THRESHOLDS, trendFinding, trendSettings, usageTrend, validateLookback } from './helpers';
import { periodsBack } from '../data/usage';

export const usageSpike: Rule = {
  id: 'usage_spike',
  defaultSeverity: 'warning',
  description: "An account's usage of a metric this period is far above its recent average.",
  thresholds: {
    factor: { default: '2', min: '1', description: 'Fires when the period is more than this many times the average of earlier periods.' },
    ...LOOKBACK_THRESHOLDS,
  },
  supersededBy: [{ rule: 'unit_mismatch', keys: ['accountId', 'metric'] }],
  validate: validateLookback,
  detect(ctx) {
    const { factor, lookback, minPeriods } = trendSettings(ctx);
    const usage = ctx.data.usage;
    return usage.pairsSince(ctx.period.id).flatMap((pair) => {
      const trend = usageTrend(ctx, pair, lookback, minPeriods);
      // current > factor × mean, compared without dividing: current × n > factor × sum.
      if (!trend || !trend.current.times(trend.history.length).gt(factor.times(trend.sum))) return [];
      const ratio = trend.mean.isZero() ? null : trend.current.div(trend.mean);
      const what = `${sentence(metricWords(pair.metric))}${aggregationWords(trend.aggregation)} for ${pair.accountId}`;
      const message = ratio
        ? `${what} were ${formatRatio(ratio, factor)}× ${averageWords(trend, lookback)}: ${formatQuantity(trend.current)} vs ${formatApprox(trend.mean)}.`
        : `${what} were ${formatQuantity(trend.current)} after an average of 0 in the previous ${trend.history.length} months with records.`;
      return [trendFinding(ctx, pair, trend, factor, ratio, message, { lookback_from: periodsBack(ctx.period.id, lookback) })];
    });
  },
};
