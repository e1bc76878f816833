/** rate_mismatch: a billable hours record carries a rate that differs from the agreement's rate for it (same role-then-kind fallback as rating). */
import { Decimal, dec } from '../../../../shared/money';
import type { AgreementInfo } from '../data/agreements';
import type { TimeEntry } from '../data/hours';
import { counted, formatAmount, formatHours } from '../format';
import type { Rule } from '../types';
import { hoursRefs } from './helpers';

interface Group {
  owner: AgreementInfo;
  chargeIndex: number;
  agreementRate: string;
  rate: string;
  person: string;
  entries: TimeEntry[];
  hours: Decimal;
}

export const rateMismatch: Rule = {
  id: 'rate_mismatch',
  defaultSeverity: 'warning',
  description: "Time entries whose rate in the source system differs from the agreement's rate for that work.",
  thresholds: {},
  detect(ctx) {
    const { hours, agreements } = ctx.data;
    const groups = new Map<string, Group>();
    for (const entry of hours.billable) {
      if (entry.rate === null) continue;
      const pricing = hours.pricing(entry);
      if (pricing.status !== 'priced') continue;
      const { owner, charge } = pricing;
      if (dec(entry.rate).eq(dec(charge.charge.rate))) continue;
      const rate = dec(entry.rate).toFixed();
      const key = JSON.stringify([owner.id, entry.person, charge.index, rate]);
      let g = groups.get(key);
      if (!g) {
        g = { owner, chargeIndex: charge.index, agreementRate: charge.charge.rate, rate, person: entry.person, entries: [], hours: new Decimal(0) };
        groups.set(key, g);
      }
      g.entries.push(entry);
      g.hours = g.hours.plus(dec(entry.hours));
    }
    return [...groups.values()].map((g) => {
      const currency = g.owner.doc.currency;
      const n = g.entries.length;
      return ctx.finding({
        subject: [g.owner.id, g.person, g.chargeIndex, g.rate],
        message:
          `${counted(n, 'time entry', 'time entries')} of ${g.person} for ${g.owner.accountId} (${formatHours(g.hours)}) ${n === 1 ? 'carries' : 'carry'} ` +
          `rate ${formatAmount(g.rate, currency)}, but agreement ${g.owner.id} bills ${formatAmount(g.agreementRate, currency)} per hour.`,
        accountId: g.owner.accountId,
        person: g.person,
        ...agreements.link(g.owner, g.chargeIndex),
        details: {
          entry_rate: g.rate,
          agreement_rate: dec(g.agreementRate).toFixed(),
          currency,
          entries: n,
          hours: g.hours.toFixed(),
          dates: [...new Set(g.entries.map((e) => e.date))],
        },
        sources: hoursRefs(g.entries.map((e) => e.id)),
      });
    });
  },
};
