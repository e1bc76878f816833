/** excessive_hours: one person logs more than 12 hours on one day, all accounts together. */
import { Decimal, dec } from '../../../../shared/money';
import type { TimeEntry } from '../data/hours';
import { formatHours, formatQuantity } from '../format';
import type { Rule } from '../types';
import { hoursRefs } from './helpers';

/** A non-negative decimal with at most 6 decimals as an exact integer count of millionths; null otherwise. */
function micros(text: string): number | null {
  const match = /^(\d{1,6})(?:\.(\d{1,6}))?$/.exec(text);
  return match ? Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0')) : null;
}

export const excessiveHours: Rule = {
  id: 'excessive_hours',
  defaultSeverity: 'warning',
  description: 'One person logged more hours on one day, across all accounts, than a working day can hold.',
  thresholds: {
    max_hours_per_day: { default: '12', min: '0', max: '24', description: 'Fires when one person logs more than this many hours on one day.' },
  },
  detect(ctx) {
    const limit = ctx.threshold('max_hours_per_day');
    const days = new Map<string, TimeEntry[]>();
    for (const e of ctx.data.hours.entries) {
      // The same person whatever the spelling of spaces and capitals.
      const key = `${e.person.trim().replace(/\s+/g, ' ').toLowerCase()}\u0000${e.date}`;
      const list = days.get(key) ?? [];
      list.push(e);
      days.set(key, list);
    }
    // Most days are far below the limit: decided first in whole microhours (exact integers), Decimal only for the rest.
    const limitMicros = micros(limit.toFixed());
    return [...days.values()].flatMap((list) => {
      if (limitMicros !== null) {
        let sum = 0;
        for (const e of list) {
          const m = micros(e.hours);
          if (m === null) {
            sum = NaN;
            break;
          }
          sum += m;
        }
        if (sum <= limitMicros) return [];
      }
      const total = list.reduce((s, e) => s.plus(dec(e.hours)), new Decimal(0));
      if (!total.gt(limit)) return [];
      const first = list[0]!;
      const byAccount = new Map<string, Decimal>();
      for (const e of list) byAccount.set(e.accountId, (byAccount.get(e.accountId) ?? new Decimal(0)).plus(dec(e.hours)));
      const accounts = [...byAccount].sort((a, b) => b[1].cmp(a[1]) || a[0].localeCompare(b[0]));
      const shown = accounts.slice(0, 4).map(([account, h]) => `${account} ${formatHours(h)}`);
      if (accounts.length > 4) shown.push(`${accounts.length - 4} more`);
      return [
        ctx.finding({
          subject: [first.person.trim().replace(/\s+/g, ' ').toLowerCase(), first.date],
          message: `${first.person} logged ${formatHours(total)} on ${first.date} (${shown.join(', ')}), more than the ${formatQuantity(limit)}-hour limit for one day.`,
          person: first.person,
          details: {
            date: first.date,
            hours: total.toFixed(),
            limit: limit.toFixed(),
            accounts: Object.fromEntries(accounts.map(([account, h]) => [account, h.toFixed()])),
          },
          sources: hoursRefs(list.map((e) => e.id)),
        }),
      ];
    });
  },
};
