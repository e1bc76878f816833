/** missing_usage: an agreement active all period prices a metric that had usage last period and has none this period (a feed gap). */
import { previousPeriod, parsePeriod } from '../../../../shared/period';
import { byPrecedence } from '../data/agreements';
import { pairKey } from '../../pair-totals';
import { usageMetrics } from '../../rating/ownership';
import { formatQuantity, metricWords } from '../format';
import type { Rule } from '../types';
import { aggregationWords, agreementRefs } from './helpers';

export const missingUsage: Rule = {
  id: 'missing_usage',
  defaultSeverity: 'error',
  description: 'A metric an agreement running all period prices had usage last period but none this period, which usually means a data feed gap.',
  thresholds: {},
  detect(ctx) {
    const { usage, agreements } = ctx.data;
    const previous = parsePeriod(previousPeriod(ctx.period.id));
    const seen = new Set<string>();
    return [...agreements.active]
      .filter((a) => a.activeWholePeriod)
      .sort(byPrecedence)
      .flatMap((agreement) =>
        usageMetrics(agreement.doc).flatMap((metric) => {
          const pair = { accountId: agreement.accountId, metric };
          const key = pairKey(pair.accountId, metric);
          if (seen.has(key)) return [];
          seen.add(key);
          if (usage.current(pair) !== null || usage.records(pair, previous.id) === 0) return [];
          const aggregation = agreements.aggregationOf(pair.accountId, metric);
          const before = usage.aggregate(pair, previous.id, aggregation);
          return [
            ctx.finding({
              subject: [pair.accountId, metric],
              message:
                `No ${metricWords(metric)} usage arrived for ${pair.accountId} in ${ctx.period.id}, although ${previous.id} had ` +
                `${formatQuantity(before?.value ?? '0')} ${metricWords(metric)}${aggregationWords(aggregation)} and agreement ${agreement.id} ran all month (likely a data feed gap).`,
              accountId: pair.accountId,
              metric,
              ...agreements.link(agreement),
              details: {
                aggregation,
                previous_period: previous.id,
                previous_value: before?.value.toFixed() ?? '0',
                previous_records: usage.records(pair, previous.id),
              },
              sources: agreementRefs([agreement.id]),
            }),
          ];
        }),
      );
  },
};
