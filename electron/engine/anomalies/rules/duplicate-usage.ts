/** duplicate_usage: two or more usage records with the same account, metric, timestamp and quantity but different (or missing) ids. */
import { duplicateGroups, shownGroups } from '../data/duplicate-groups';
import { counted, formatQuantity, metricWords } from '../format';
import type { Rule } from '../types';
import { usagePairFinding, usageRefs } from './helpers';

export const duplicateUsage: Rule = {
  id: 'duplicate_usage',
  defaultSeverity: 'warning',
  description: 'Usage records sent more than once: same account, metric, time and quantity under different event ids.',
  thresholds: {},
  detect(ctx) {
    const usage = ctx.data.usage;
    return usage.periodPairs.flatMap((pair) => {
      const { groups, extraQuantity } = duplicateGroups(usage, pair);
      if (groups.length === 0) return [];
      const records = groups.reduce((n, g) => n + g.ids.length, 0);
      const extra = records - groups.length;
      const subject = `${counted(groups.length, 'record')} of ${metricWords(pair.metric)} for ${pair.accountId}`;
      return [
        usagePairFinding(ctx, pair, {
          message:
            `${subject} ${groups.length === 1 ? 'appears' : 'appear'} more than once with the same time and quantity ` +
            `(${counted(extra, 'extra copy', 'extra copies')}, ${formatQuantity(extraQuantity)} ${metricWords(pair.metric)}).`,
          details: {
            groups: groups.length,
            records,
            extra_records: extra,
            extra_quantity: extraQuantity.toFixed(),
            examples: shownGroups(usage, groups.slice(0, 20)),
          },
          sources: usageRefs(groups.flatMap((g) => g.ids)),
        }),
      ];
    });
  },
};
