/** usage_drop: a metric's aggregate is less than 0.5× the mean of the previous periods with data (including zero when earlier periods had usage). */
import { formatApprox, formatQuantity, formatRatio, metricWords, sentence } from '../format';
import type { Rule } from '../types';
import { aggregationWords, averageWords, usageLink, usageTrend } from './helpers';
import { periodsBack } from '../data/usage';

export const usageDrop: Rule = {
  id: 'usage_drop',
  defaultSeverity: 'warning',
  description: "An account's usage of a metric this period is far below its recent average, or stopped.",
  thresholds: {
    factor: { default: '0.5', min: '0', max: '1', description: 'Fires when the period is less than this fraction of the average of earlier periods.' },
    lookback_periods: { default: '6', integer: true, min: '1', max: '36', description: 'How many previous periods the average looks back over.' },
    min_periods: { default: '2', integer: true, min: '1', max: '36', description: 'How many of those periods must have usage before the rule judges.' },
  },
  // A metric that stopped under an agreement running all month is a feed gap: missing_usage says so, as an error.
  supersededBy: [{ rule: 'missing_usage', keys: ['accountId', 'metric'] }],
  validate: (t) => (t.min_periods!.gt(t.lookback_periods!) ? 'min_periods cannot be more than lookback_periods' : null),
  detect(ctx) {
    const factor = ctx.threshold('factor');
    const lookback = ctx.thresholdInt('lookback_periods');
    const minPeriods = ctx.thresholdInt('min_periods');
    const { usage, agreements } = ctx.data;
    return usage.pairsSince(periodsBack(ctx.period.id, lookback)).flatMap((pair) => {
      const stopped = usage.current(pair) === null;
      // No usage at all is only a drop while the account still has an agreement; after it left, silence is expected.
      if (stopped && agreements.activeOfAccount(pair.accountId).length === 0) return [];
      const trend = usageTrend(ctx, pair, lookback, minPeriods);
      // current < factor × mean, compared without dividing: current × n < factor × sum.
      if (!trend || !trend.current.times(trend.history.length).lt(factor.times(trend.sum))) return [];
      const what = `${metricWords(pair.metric)}${aggregationWords(trend.aggregation)}`;
      const message = stopped
        ? `No ${what} for ${pair.accountId} this period, against ${averageWords(trend, lookback)} of ${formatApprox(trend.mean)}.`
        : `${sentence(what)} for ${pair.accountId} fell to ${formatRatio(trend.current.div(trend.mean), factor)}× ${averageWords(trend, lookback)}: ${formatQuantity(trend.current)} vs ${formatApprox(trend.mean)}.`;
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
            ratio: trend.current.div(trend.mean).toDecimalPlaces(4).toFixed(),
            factor: factor.toFixed(),
            history: trend.history.map((h) => ({ period: h.period, value: h.value.toFixed() })),
          },
          // The whole period's records make the figure: no row stands out, so none is linked (the usage line's provenance has them all).
          sources: [],
          sourceCount: trend.currentRecords,
        }),
      ];
    });
  },
};
