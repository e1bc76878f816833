/** duplicate_hours: two or more time entries with the same account, person, date, hours and kind. */
import { dec } from '../../../../shared/money';
import type { TimeEntry } from '../data/hours';
import { formatHours, kindWords } from '../format';
import type { Rule } from '../types';
import { hoursRefs } from './helpers';

/** dec(hours).toFixed() without building a Decimal per entry: leading and trailing zeros dropped ("03.50" → "3.5"). */
function plainHours(hours: string): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(hours);
  if (!match) return dec(hours).toFixed(); // signs and anything unusual: the exact path (which also rejects non-decimals)
  const int = match[1]!.replace(/^0+(?=\d)/, '');
  const frac = (match[2] ?? '').replace(/0+$/, '');
  return frac === '' ? int : `${int}.${frac}`;
}

export const duplicateHours: Rule = {
  id: 'duplicate_hours',
  defaultSeverity: 'warning',
  description: 'Time entries recorded more than once: same account, person, date, kind and hours.',
  thresholds: {},
  detect(ctx) {
    const { hours, agreements } = ctx.data;
    const groups = new Map<string, TimeEntry[]>();
    for (const e of hours.entries) {
      // Hours compared exactly: "3.50" and "3.5" are the same entry.
      const key = `${e.accountId}\u0000${e.person}\u0000${e.date}\u0000${e.kind}\u0000${plainHours(e.hours)}`;
      const list = groups.get(key) ?? [];
      list.push(e);
      groups.set(key, list);
    }
    return [...groups.values()]
      .filter((list) => list.length > 1)
      .map((list) => {
        const first = list[0]!;
        const priced = list.map((e) => hours.pricing(e)).find((p) => p.status === 'priced');
        const owner = agreements.hoursOwnerOn(first.accountId, first.kind, first.date);
        const link = priced?.status === 'priced' ? agreements.link(priced.owner, priced.charge.index) : agreements.link(owner);
        const hoursText = dec(first.hours).toFixed();
        return ctx.finding({
          subject: [first.accountId, first.person, first.date, first.kind, hoursText],
          message: `${first.person}'s ${formatHours(first.hours)} of ${kindWords(first.kind)} for ${first.accountId} on ${first.date} is recorded ${list.length} times.`,
          accountId: first.accountId,
          person: first.person,
          ...link,
          details: { date: first.date, kind: first.kind, hours: hoursText, copies: list.length, billable: list.filter((e) => e.billable).length },
          sources: hoursRefs(list.map((e) => e.id)),
        });
      });
  },
};
