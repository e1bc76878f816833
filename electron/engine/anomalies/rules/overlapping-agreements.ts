/**
 * overlapping_agreements: two active agreements of one account price the same
 * metric or hours kind on the same days. Rating bills the item with the later
 * start_date; the finding points to that agreement.
 */
import { byPrecedence, type AgreementInfo } from '../data/agreements';
import { hoursKinds, usageMetrics } from '../../rating/ownership';
import { kindWords, listWords, metricWords, sentence } from '../format';
import type { Finding, Rule } from '../types';
import { agreementRefs } from './helpers';

const overlap = (a: AgreementInfo, b: AgreementInfo) => a.from! <= b.to! && b.from! <= a.to!;

export const overlappingAgreements: Rule = {
  id: 'overlapping_agreements',
  defaultSeverity: 'error',
  description: 'Two active agreements of one account price the same metric or hours kind at the same time.',
  thresholds: {},
  detect(ctx) {
    const agreements = ctx.data.agreements;
    const byAccount = new Map<string, AgreementInfo[]>();
    for (const a of agreements.active) byAccount.set(a.accountId, [...(byAccount.get(a.accountId) ?? []), a]);
    const findings: Finding[] = [];
    for (const [accountId, list] of [...byAccount].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (list.length < 2) continue;
      const items = new Map<string, { type: 'metric' | 'hours'; item: string; agreements: AgreementInfo[] }>();
      for (const a of list) {
        for (const metric of usageMetrics(a.doc)) {
          const key = `metric:${metric}`;
          items.set(key, { type: 'metric', item: metric, agreements: [...(items.get(key)?.agreements ?? []), a] });
        }
        for (const kind of hoursKinds(a.doc)) {
          const key = `hours:${kind}`;
          items.set(key, { type: 'hours', item: kind, agreements: [...(items.get(key)?.agreements ?? []), a] });
        }
      }
      for (const { type, item, agreements: pricing } of [...items.values()].sort((a, b) => `${a.type}${a.item}`.localeCompare(`${b.type}${b.item}`))) {
        const involved = pricing.filter((a) => pricing.some((b) => b !== a && overlap(a, b))).sort(byPrecedence);
        if (involved.length < 2) continue;
        const winner = involved[0]!;
        const label = type === 'metric' ? metricWords(item) : `${kindWords(item)} hours`;
        const named = [...involved].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id)).map((a) => `${a.id} from ${a.start}`);
        const position = winner.doc.charges.findIndex((c) => (type === 'metric' ? c.type === 'usage' && c.metric === item : c.type === 'hours' && c.kind === item));
        findings.push(
          ctx.finding({
            subject: [accountId, type, item, ...involved.map((a) => a.id).sort()],
            message: `${sentence(label)} for ${accountId} are priced by ${involved.length} active agreements at once (${listWords(named)}); only ${winner.id} bills them while they overlap.`,
            accountId,
            metric: type === 'metric' ? item : null,
            ...agreements.link(winner, position),
            details: { item_type: type, item, agreements: involved.map((a) => a.id), billed_by: winner.id },
            sources: agreementRefs(involved.map((a) => a.id)),
          }),
        );
      }
    }
    return findings;
  },
};
