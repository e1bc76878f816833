/** discount_over_limit: an agreement's discount is above 25 % (agreements entered by sales need a second look). */
import { dec } from '../../../../shared/money';
import { formatPercent } from '../format';
import type { Rule } from '../types';
import { agreementRefs } from './helpers';

export const discountOverLimit: Rule = {
  id: 'discount_over_limit',
  defaultSeverity: 'warning',
  description: 'An active agreement gives a discount above the limit sales may grant without a second look.',
  thresholds: {
    max_discount_percent: { default: '25', min: '0', max: '100', description: 'Fires when an agreement discount is above this percentage.' },
  },
  detect(ctx) {
    const limit = ctx.threshold('max_discount_percent');
    const agreements = ctx.data.agreements;
    return agreements.active
      .filter((a) => dec(a.doc.discount_percent).gt(limit))
      .map((a) =>
        ctx.finding({
          subject: [a.id],
          message: `Agreement ${a.id} for ${a.accountId} gives a ${formatPercent(dec(a.doc.discount_percent), limit)} discount, above the ${formatPercent(limit)} limit.`,
          accountId: a.accountId,
          ...agreements.link(a),
          details: { discount_percent: dec(a.doc.discount_percent).toFixed(), limit: limit.toFixed() },
          sources: agreementRefs([a.id]),
        }),
      );
  },
};
