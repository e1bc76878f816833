/** duplicate_usage: two or more usage records with the same account, metric, timestamp and quantity but different (or missing) ids. */
import { Decimal, dec } from '../../../../shared/money';
import { duplicateGroups } from '../data/duplicate-groups';
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
      const groups = duplicateGroups(usage, pair);
      if (groups.length === 0) return [];
      let extra = 0;
      let extraQuantity = new Decimal(0);
      for (const g of groups) {
        extra += g.ids.length - 1;
        extraQuantity = extraQuantity.plus(dec(g.quantity).times(g.ids.length - 1));
      }
      const records = groups.reduce((n, g) => n + g.ids.length, 0);
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
            examples: groups.slice(0, 20).map((g) => ({ ts: g.ts, quantity: g.quantity, copies: g.ids.length })),
          },
          sources: usageRefs(groups.flatMap((g) => g.ids)),
        }),
      ];
    });
  },
};
