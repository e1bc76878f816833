/**
 * prepaid_exhausted_early: a prepaid block (rating.md "Prepaid units") was
 * used up by this period's invoice while its window still has months to run,
 * so those months' usage is billed at list price: worth telling the account
 * owner before the customer sees it. Fires once, on the month the block runs
 * out, and only when at least `months_left` months of the window remain.
 */
import type { Agreement } from '../../../../shared/domain';
import { dec } from '../../../../shared/money';
import { groupDigits } from '../../../../shared/number-text';
import { parsePeriod } from '../../../../shared/period';
import { prepaidUsed } from '../../rating/prepaid-balance';
import type { Rule } from '../types';
import { agreementRefs } from './helpers';

const monthsBetween = (from: string, to: string) => {
  const a = parsePeriod(from);
  const b = parsePeriod(to);
  return (b.year - a.year) * 12 + b.month - a.month;
};

export const prepaidExhaustedEarly: Rule = {
  id: 'prepaid_exhausted_early',
  defaultSeverity: 'warning',
  description: 'A prepaid block of units was used up while its window still had months to run.',
  thresholds: {
    months_left: { default: '1', min: '1', integer: true, description: 'Fires when at least this many months of the window remain after the month the block ran out.' },
  },
  detect(ctx) {
    const monthsLeft = ctx.thresholdInt('months_left');
    const agreements = ctx.data.agreements;
    const rows = ctx.data.sqlite
      .prepare(
        `SELECT c.block, c.units, i.id AS invoice_id, a.document FROM prepaid_consumption c
         JOIN invoices i ON i.id = c.invoice_id JOIN agreements a ON a.id = i.agreement_id
         WHERE i.period = ? AND i.document_type = 'invoice' ORDER BY i.id, c.block`,
      )
      .all(ctx.period.id) as { block: number; units: string; invoice_id: string; document: string }[];
    return rows.flatMap((row) => {
      const agreement = JSON.parse(row.document) as Agreement;
      const block = agreement.prepaid?.[row.block];
      if (!block) return [];
      const left = dec(block.units).minus(dec(prepaidUsed(ctx.data.sqlite, agreement, ctx.period.id).get(row.block) ?? '0')).minus(dec(row.units));
      const remaining = monthsBetween(ctx.period.id, block.to);
      if (left.gt(0) || remaining < monthsLeft) return [];
      const info = agreements.all.find((a) => a.id === agreement.agreement_id);
      const link = agreements.link(info, agreement.charges.findIndex((c) => c.type === 'usage' && c.metric === block.metric));
      return [
        ctx.finding({
          subject: [agreement.agreement_id, row.block],
          message: `The ${groupDigits(block.units)} prepaid ${block.metric} units of agreement ${agreement.agreement_id} for ${block.from} to ${block.to} ran out in ${ctx.period.id}, ${remaining} ${remaining === 1 ? 'month' : 'months'} before the window ends; the rest of the window is billed at list price.`,
          accountId: agreement.account_id,
          metric: block.metric,
          ...link,
          details: { units: block.units, window_from: block.from, window_to: block.to, months_left: remaining, used_this_period: row.units },
          sources: agreementRefs([agreement.agreement_id]),
        }),
      ];
    });
  },
};
