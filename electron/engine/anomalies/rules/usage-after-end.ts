/** usage_after_end: usage or billable hours dated after the account's agreement ended, while no other agreement is active. */
import { Decimal, dec } from '../../../../shared/money';
import type { AgreementInfo } from '../data/agreements';
import { counted, formatHours, listWords, metricWords } from '../format';
import type { Rule } from '../types';
import type { UsageRange } from '../usage-range';
import { hoursRefs } from './helpers';

interface Bucket {
  agreement: AgreementInfo;
  usageRecords: number;
  metrics: Map<string, { records: number; quantity: Decimal }>;
  ranges: UsageRange[];
  entries: number;
  hours: Decimal;
  hoursIds: number[];
}

export const usageAfterEnd: Rule = {
  id: 'usage_after_end',
  defaultSeverity: 'error',
  description: "Usage or billable hours dated after the account's agreement ended, with no other agreement active to bill them.",
  thresholds: {},
  detect(ctx) {
    const { hours, agreements } = ctx.data;
    const buckets = new Map<AgreementInfo, Bucket>();
    const bucket = (agreement: AgreementInfo): Bucket => {
      let b = buckets.get(agreement);
      if (!b) {
        b = { agreement, usageRecords: 0, metrics: new Map(), ranges: [], entries: 0, hours: new Decimal(0), hoursIds: [] };
        buckets.set(agreement, b);
      }
      return b;
    };
    for (const u of ctx.data.unbilled) {
      for (const { agreement, slice } of u.afterEnd) {
        const b = bucket(agreement);
        b.usageRecords += slice.records;
        const m = b.metrics.get(u.pair.metric) ?? { records: 0, quantity: new Decimal(0) };
        b.metrics.set(u.pair.metric, { records: m.records + slice.records, quantity: m.quantity.plus(slice.quantity) });
        b.ranges.push(...slice.ranges);
      }
    }
    for (const entry of hours.billable) {
      const pricing = hours.pricing(entry);
      if (pricing.status !== 'after_end') continue;
      const b = bucket(pricing.agreement);
      b.entries++;
      b.hours = b.hours.plus(dec(entry.hours));
      b.hoursIds.push(entry.id);
    }
    return [...buckets.values()]
      .sort((a, b) => a.agreement.id.localeCompare(b.agreement.id))
      .map((b) => {
        const { agreement } = b;
        const parts: string[] = [];
        if (b.usageRecords > 0) parts.push(`${counted(b.usageRecords, 'usage record')} (${listWords([...b.metrics.keys()].sort().map(metricWords))})`);
        if (b.entries > 0) parts.push(`${counted(b.entries, 'billable time entry', 'billable time entries')} (${formatHours(b.hours)})`);
        return ctx.finding({
          subject: [agreement.id],
          message: `${agreement.accountId}'s agreement ${agreement.id} ended on ${agreement.end}, but ${listWords(parts)} ${b.usageRecords + b.entries === 1 ? 'is' : 'are'} dated after it with no other agreement to bill them.`,
          accountId: agreement.accountId,
          ...agreements.link(agreement),
          details: {
            end_date: agreement.end,
            usage_records: b.usageRecords,
            metrics: Object.fromEntries([...b.metrics].map(([metric, m]) => [metric, { records: m.records, quantity: m.quantity.toFixed() }])),
            time_entries: b.entries,
            hours: b.hours.toFixed(),
          },
          sources: hoursRefs(b.hoursIds),
          ranges: b.ranges,
        });
      });
  },
};
