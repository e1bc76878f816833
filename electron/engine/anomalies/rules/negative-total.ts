/** negative_total: an invoice total is below zero. */
import { dec } from '../../../../shared/money';
import { formatAmount } from '../format';
import type { Rule } from '../types';
import { agreementRefs } from './helpers';

export const negativeTotal: Rule = {
  id: 'negative_total',
  defaultSeverity: 'error',
  description: 'An invoice for the period totals less than zero.',
  thresholds: {},
  detect(ctx) {
    return [...ctx.data.agreements.invoices.values()]
      .filter((invoice) => dec(invoice.total).lt(0))
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((invoice) =>
        ctx.finding({
          subject: [invoice.agreementId],
          message: `The ${ctx.period.id} invoice of agreement ${invoice.agreementId} for ${invoice.accountId} totals ${formatAmount(invoice.total, invoice.currency)}, below zero.`,
          accountId: invoice.accountId,
          agreementId: invoice.agreementId,
          invoiceId: invoice.id,
          details: { total: invoice.total, currency: invoice.currency },
          sources: agreementRefs([invoice.agreementId]),
        }),
      );
  },
};
