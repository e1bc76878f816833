/** usage_spike: a metric's aggregate for the period is more than 2× the mean of the up to 6 previous periods that have data (needs at least 2). */
import { formatApprox, formatQuantity, formatRatio, metricWords, sentence } from '../format';
import type { Rule } from '../types';
import { aggregationWords, averageWords, usageLink, usageTrend } from './helpers';
import { periodsBack } from '../data/usage';

export const usageSpike: Rule = {
  id: 'usage_spike',
  defaultSeverity: 'warning',
  description: "An account's usage of a metric this period is far above its recent average.",
  thresholds: {
    factor: { default: '2', min: '1', description: 'Fires when the period is more than this many times the average of earlier periods.' },
    lookback_periods: { default: '6', integer: true, min: '1', max: '36', description: 'How many previous periods the average looks back over.' },
    min_periods: { default: '2', integer: true, min: '1', max: '36', description: 'How many of those periods must have usage before the rule judges.' },
  },
  supersededBy: [{ rule: 'unit_mismatch', keys: ['accountId', 'metric'] }],
  validate: (t) => (t.min_periods!.gt(t.lookback_periods!) ? 'min_periods cannot be more than lookback_periods' : null),
  detect(ctx) {
    const factor = ctx.threshold('factor');
    const lookback = ctx.thresholdInt('lookback_periods');
    const minPeriods = ctx.thresholdInt('min_periods');
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
      return [
        ctx.finding({
          subject: [pair.accountId, pair.metric],
          message,
          accountId: pair.accountId,
          metric: pair.metric,
          ...usageLink(ctx, pair),
          details: {
            aggregation: trend.aggregation,
            value: trend.current.toFixed(),
            mean: trend.mean.toDecimalPlaces(6).toFixed(),
            ratio: ratio ? ratio.toDecimalPlaces(4).toFixed() : null,
            factor: factor.toFixed(),
            history: trend.history.map((h) => ({ period: h.period, value: h.value.toFixed() })),
            lookback_from: periodsBack(ctx.period.id, lookback),
          },
          // The whole period's records make the figure: no row stands out, so none is linked (the usage line's provenance has them all).
          sources: [],
          sourceCount: trend.currentRecords,
        }),
      ];
    });
  },
};
