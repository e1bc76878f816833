/**
 * unbilled_usage: usage records of the period that no invoice bills: the
 * account has no active agreement, or none prices the metric (revenue
 * leakage). Records on days no agreement covers and records imported after
 * their invoice was rated are reported too; records after an agreement ended
 * are usage_after_end's.
 */
import { Decimal } from '../../../../shared/money';
import { counted, formatQuantity, metricWords } from '../format';
import type { Rule } from '../types';

type Reason = 'no_agreement' | 'no_active_agreement' | 'metric_not_priced' | 'outside_dates' | 'imported_after_rating';

export const unbilledUsage: Rule = {
  id: 'unbilled_usage',
  defaultSeverity: 'error',
  description: 'Usage records of the period that no invoice bills, because no active agreement prices them (revenue leakage).',
  thresholds: {},
  detect(ctx) {
    const { agreements } = ctx.data;
    return ctx.data.unbilled.flatMap((u) => {
      const records = (u.uncovered?.records ?? 0) + (u.late?.records ?? 0);
      if (records === 0) return [];
      const { accountId, metric } = u.pair;
      const quantity = [u.uncovered, u.late].reduce((sum, slice) => (slice ? sum.plus(slice.quantity) : sum), new Decimal(0));
      const active = agreements.activeOfAccount(accountId);
      const reason: Reason = !u.uncovered
        ? 'imported_after_rating'
        : agreements.ofAccount(accountId).length === 0
          ? 'no_agreement'
          : active.length === 0
            ? 'no_active_agreement'
            : !active.some((a) => a.doc.charges.some((c) => c.type === 'usage' && c.metric === metric))
              ? 'metric_not_priced'
              : 'outside_dates';
      const what = `${counted(records, 'usage record')} (${formatQuantity(quantity)} ${metricWords(metric)}) for ${accountId}`;
      const owner = agreements.usageOwner(accountId, metric);
      const link = agreements.link(owner ?? agreements.primaryOfAccount(accountId), owner ? agreements.usageChargePosition(owner, metric) : undefined);
      const one = records === 1;
      const [have, fall, were, are] = one ? ['has', 'falls', 'was', 'is'] : ['have', 'fall', 'were', 'are'];
      const message = {
        no_agreement: `${what} ${have} no agreement that prices them.`,
        no_active_agreement: `${what} ${have} no agreement that prices them (no agreement of the account is active in ${ctx.period.id}).`,
        metric_not_priced: `${what} ${have} no agreement that prices them (no active agreement has a ${metricWords(metric)} charge).`,
        outside_dates: `${what} ${fall} on days no agreement covers and ${are} not billed.`,
        imported_after_rating: `${what} ${were} imported after ${link.invoiceId ? `invoice ${link.invoiceId}` : 'the invoice'} was rated and ${are} not on it.`,
      }[reason];
      return [
        ctx.finding({
          subject: [accountId, metric],
          message,
          accountId,
          metric,
          ...link,
          details: {
            reason,
            records,
            quantity: quantity.toFixed(),
            uncovered_records: u.uncovered?.records ?? 0,
            imported_after_rating_records: u.late?.records ?? 0,
          },
          ranges: [...(u.uncovered?.ranges ?? []), ...(u.late?.ranges ?? [])],
        }),
      ];
    });
  },
};
