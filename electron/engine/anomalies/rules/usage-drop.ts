/** usage_drop: a metric's aggregate is less than 0.5× the mean of the previous periods with data (including zero when earlier periods had usage). */
import { formatApprox, formatQuantity, formatRatio, metricWords, sentence } from '../format';
import type { Rule } from '../types';
import { aggregationWords, averageWords, LOOKBACK_THRESHOLDS, trendFinding, trendSettings, usageTrend, validateLookback } from './helpers';
import { periodsBack } from '../data/usage';

export const usageDrop: Rule = {
  id: 'usage_drop',
  defaultSeverity: 'warning',
  description: "An account's usage of a metric this period is far below its recent average, or stopped.",
  thresholds: {
    factor: { default: '0.5', min: '0', max: '1', description: 'Fires when the period is less than this fraction of the average of earlier periods.' },
    ...LOOKBACK_THRESHOLDS,
  },
  // A metric that stopped under an agreement running all month is a feed gap: missing_usage says so, as an error.
  supersededBy: [{ rule: 'missing_usage', keys: ['accountId', 'metric'] }],
  validate: validateLookback,
  detect(ctx) {
    const { factor, lookback, minPeriods } = trendSettings(ctx);
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
      return [trendFinding(ctx, pair, trend, factor, trend.current.div(trend.mean), message)];
    });
  },
};
