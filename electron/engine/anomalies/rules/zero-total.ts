/** zero_total: an active agreement's invoice totals zero. */
import { dec } from '../../../../shared/money';
import { formatAmount } from '../format';
import type { Rule } from '../types';
import { agreementRefs } from './helpers';

export const zeroTotal: Rule = {
  id: 'zero_total',
  defaultSeverity: 'info',
  description: "An active agreement's invoice for the period totals zero.",
  thresholds: {},
  detect(ctx) {
    return [...ctx.data.agreements.invoices.values()]
      .filter((invoice) => dec(invoice.total).isZero())
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((invoice) =>
        ctx.finding({
          subject: [invoice.agreementId],
          message: `The ${ctx.period.id} invoice of agreement ${invoice.agreementId} for ${invoice.accountId} totals ${formatAmount('0', invoice.currency)}.`,
          accountId: invoice.accountId,
          agreementId: invoice.agreementId,
          invoiceId: invoice.id,
          details: { total: invoice.total, currency: invoice.currency },
          sources: agreementRefs([invoice.agreementId]),
        }),
      );
  },
};
