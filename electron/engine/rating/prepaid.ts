/**
 * Prepaid units (rating.md "Prepaid units"): in each month of a block's window
 * the charge's billable quantity (after `included`) first consumes the units
 * still left, and only the rest is priced. What is left is derived from the
 * other invoices of the window (prepaid-balance.ts reads them), so this module
 * only chooses the block and splits the quantity.
 */
import type { Agreement } from '../../../shared/domain';
import { dec, Decimal } from '../../../shared/money';

/** The index of the block of `metric` whose window contains the month, or -1 (the import refuses overlapping windows). */
export function prepaidBlockIndex(agreement: Pick<Agreement, 'prepaid'>, metric: string, periodId: string): number {
  return (agreement.prepaid ?? []).findIndex((b) => b.metric === metric && b.from <= periodId && periodId <= b.to);
}

/** Units left for this month and what a billable quantity consumes of them. */
export function consumePrepaid(units: string, usedElsewhere: string, billable: Decimal): { left: Decimal; consumed: Decimal } {
  const left = Decimal.max(0, dec(units).minus(dec(usedElsewhere)));
  return { left, consumed: Decimal.min(left, billable) };
}
