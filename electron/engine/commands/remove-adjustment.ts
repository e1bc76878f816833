/** Removing a manual adjustment (`adjustments.remove`) and re-rating its period, in one transaction. */
import { removeAdjustment, storedTotal } from '../review/adjustments';
import { command } from './command';
import { billPeriod } from './rate-period';

export const removeAdjustmentCommand = command({
  run: (sqlite, args: { adjustmentId: number; reason: string }, ctx) => {
    const { invoice } = removeAdjustment(sqlite, args.adjustmentId, args.reason, ctx.actor);
    billPeriod(sqlite, invoice.period, ctx, 'adjustment');
    return { invoice_id: invoice.id, total: storedTotal(sqlite, invoice.id) };
  },
});
