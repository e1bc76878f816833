/**
 * The pure rating engine: one agreement, one period, already-selected usage
 * aggregates and time entries in; priced lines and totals out (types.ts).
 * No database and no clock, so the same input always gives the same invoice.
 *
 * Lines come in agreement charge order (a charge may give several lines, e.g.
 * one per graduated tier), then the minimum top-up, then a commitment
 * true-up (after the month's minimum, which counts toward it), then manual
 * adjustments (which count toward neither), then the discount.
 */
import { activeSpan } from './active-days';
import { adjustmentLines } from './charges/adjustments';
import { rateHours } from './charges/hours';
import { rateOneTime } from './charges/one-time';
import { rateRecurring } from './charges/recurring';
import { rateTermRecurring } from './charges/term-recurring';
import { rateBilledUsage } from './charges/usage-billed';
import { minimumLine } from './minimum';
import { isLongTerm } from './terms';
import { computeTotals } from './totals';
import { trueUpLine } from './true-up';
import type { RatedLine, RatingInput, RatingResult } from './types';

export function rateAgreement(input: RatingInput): RatingResult {
  const { agreement, period } = input;
  const currency = agreement.currency;
  const span = activeSpan(agreement, period);
  // Hours are routed across all hours charges at once (role fallback), then placed at their charge's position.
  const hours = rateHours(agreement.charges, input.hours, currency, input.overrides);

  const lines: RatedLine[] = [];
  const prepaidConsumed = new Map<number, string>();
  agreement.charges.forEach((charge, index) => {
    switch (charge.type) {
      case 'recurring':
        lines.push(...(isLongTerm(charge) ? rateTermRecurring(charge, index, agreement, period) : rateRecurring(charge, index, span, period, currency)));
        break;
      case 'one_time':
        lines.push(...rateOneTime(charge, index, agreement, period));
        break;
      case 'usage': {
        const billed = rateBilledUsage(charge, index, input);
        lines.push(...billed.lines);
        if (billed.prepaid) prepaidConsumed.set(billed.prepaid.index, billed.prepaid.units.toFixed());
        break;
      }
      case 'hours': {
        const line = hours.lines.get(index);
        if (line) lines.push(line);
        break;
      }
    }
  });

  const minimum = minimumLine(lines, agreement.minimum_commitment, currency);
  if (minimum) lines.push(minimum);
  const trueUp = trueUpLine(agreement, period, lines, input.commitment);
  if (trueUp) lines.push(trueUp);
  lines.push(...adjustmentLines(input.adjustments ?? [], currency));

  const totals = computeTotals(lines, {
    currency,
    discountPercent: agreement.discount_percent,
    taxRate: agreement.tax_rate,
    depositRemaining: input.depositRemaining,
  });
  if (totals.discountLine) lines.push(totals.discountLine);

  return {
    lines,
    subtotal: totals.subtotal,
    discount: totals.discount,
    tax: totals.tax,
    total: totals.total,
    depositApplied: totals.depositApplied,
    amountDue: totals.amountDue,
    unbilledHours: hours.unbilled,
    coveredHours: hours.covered,
    prepaidConsumed,
  };
}
