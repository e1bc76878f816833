/** total_jump: the invoice total differs from the same agreement's previous invoice by more than 50 % and by more than 100 in the invoice currency. */
import { dec } from '../../../../shared/money';
import { formatAmount, formatPercent } from '../format';
import type { Rule } from '../types';
import { agreementRefs } from './helpers';

export const totalJump: Rule = {
  id: 'total_jump',
  defaultSeverity: 'warning',
  description: "An invoice total moved sharply from the same agreement's previous invoice.",
  thresholds: {
    percent: { default: '50', min: '0', description: 'Fires when the total differs from the previous invoice by more than this percentage…' },
    min_amount: { default: '100', min: '0', description: '…and by more than this amount in the invoice currency.' },
  },
  detect(ctx) {
    const percent = ctx.threshold('percent');
    const minAmount = ctx.threshold('min_amount');
    const agreements = ctx.data.agreements;
    const previous = ctx.data.sqlite.prepare(
      `SELECT period, total, currency FROM invoices WHERE agreement_id = ? AND document_type = 'invoice' AND period < ?
       ORDER BY period DESC LIMIT 1`,
    );
    return [...agreements.invoices.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .flatMap((invoice) => {
        const prev = previous.get(invoice.agreementId, ctx.period.id) as { period: string; total: string; currency: string } | undefined;
        if (!prev) return [];
        const total = dec(invoice.total);
        const before = dec(prev.total);
        const change = total.minus(before);
        // |change| > percent% of |previous| and |change| > min_amount, exactly.
        if (!change.abs().times(100).gt(before.abs().times(percent)) || !change.abs().gt(minAmount)) return [];
        const pct = before.isZero() ? null : change.abs().div(before.abs()).times(100);
        const direction = change.isPositive() ? 'above' : 'below';
        const was = `the previous invoice (${prev.period}: ${formatAmount(before, invoice.currency)})`;
        const message = pct
          ? `The total of ${formatAmount(total, invoice.currency)} for ${invoice.accountId} is ${formatPercent(pct, percent)} ${direction} ${was}.`
          : `The total of ${formatAmount(total, invoice.currency)} for ${invoice.accountId} comes after a zero total on ${was}.`;
        return [
          ctx.finding({
            subject: [invoice.agreementId],
            message,
            accountId: invoice.accountId,
            agreementId: invoice.agreementId,
            invoiceId: invoice.id,
            details: {
              total: invoice.total,
              previous_total: prev.total,
              previous_period: prev.period,
              change: change.toFixed(),
              percent: pct ? pct.toDecimalPlaces(2).toFixed() : null,
              currency: invoice.currency,
            },
            sources: agreementRefs([invoice.agreementId]),
          }),
        ];
      });
  },
};
