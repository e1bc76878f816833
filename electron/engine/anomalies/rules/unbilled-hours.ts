/** unbilled_hours: billable hours in the period that no agreement charge can price (the role-then-kind fallback of rating finds none). */
import { Decimal, dec } from '../../../../shared/money';
import type { AgreementInfo } from '../data/agreements';
import type { TimeEntry } from '../data/hours';
import { counted, formatHours, kindWords } from '../format';
import type { Rule } from '../types';
import { hoursRefs } from './helpers';

type Reason = 'role_not_priced' | 'kind_not_priced' | 'no_agreement';

interface Group {
  accountId: string;
  person: string;
  kind: string;
  reason: Reason;
  agreement: AgreementInfo | undefined;
  roles: Set<string>;
  entries: TimeEntry[];
  hours: Decimal;
}

export const unbilledHours: Rule = {
  id: 'unbilled_hours',
  defaultSeverity: 'error',
  description: 'Billable hours of the period that no charge of an active agreement can price.',
  thresholds: {},
  detect(ctx) {
    const { hours, agreements } = ctx.data;
    const groups = new Map<string, Group>();
    for (const entry of hours.billable) {
      const pricing = hours.pricing(entry);
      if (pricing.status === 'priced' || pricing.status === 'after_end') continue;
      const key = JSON.stringify([entry.accountId, entry.person, entry.kind]);
      let g = groups.get(key);
      if (!g) {
        const agreement =
          pricing.status === 'role_not_priced' ? pricing.owner : pricing.status === 'kind_not_priced' ? pricing.agreement : agreements.primaryOfAccount(entry.accountId);
        g = { accountId: entry.accountId, person: entry.person, kind: entry.kind, reason: pricing.status, agreement, roles: new Set(), entries: [], hours: new Decimal(0) };
        groups.set(key, g);
      }
      g.entries.push(entry);
      g.hours = g.hours.plus(dec(entry.hours));
      if (entry.role) g.roles.add(entry.role);
    }
    return [...groups.values()].map((g) => {
      const why = {
        role_not_priced: `agreement ${g.agreement?.id} has no ${kindWords(g.kind)} rate for the role ${[...g.roles].join(', ')} and no general one`,
        kind_not_priced: `agreement ${g.agreement?.id} has no ${kindWords(g.kind)} charge`,
        no_agreement: `${g.accountId} has no agreement active on ${g.entries.length === 1 ? 'that day' : 'those days'}`,
      }[g.reason];
      return ctx.finding({
        subject: [g.accountId, g.person, g.kind],
        message: `${formatHours(g.hours)} of billable ${kindWords(g.kind)} by ${g.person} for ${g.accountId} (${counted(g.entries.length, 'time entry', 'time entries')}) cannot be billed: ${why}.`,
        accountId: g.accountId,
        person: g.person,
        ...agreements.link(g.agreement),
        details: { reason: g.reason, kind: g.kind, roles: [...g.roles], entries: g.entries.length, hours: g.hours.toFixed(), dates: [...new Set(g.entries.map((e) => e.date))] },
        sources: hoursRefs(g.entries.map((e) => e.id)),
      });
    });
  },
};
