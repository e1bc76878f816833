/**
 * A manual adjustment (`adjustments.add`): stored, then its period re-rated so
 * the draft's totals include it (rating reads the adjustments table). One
 * transaction: a failed re-rate leaves no adjustment behind.
 */
import { addAdjustment, storedTotal, type AddAdjustment } from '../review/adjustments';
import { command } from './command';
import { billPeriod } from './rate-period';

export const addAdjustmentCommand = command({
  run: (sqlite, args: Omit<AddAdjustment, 'actor'>, ctx) => {
    const { adjustment, invoice } = addAdjustment(sqlite, { ...args, actor: ctx.actor });
    billPeriod(sqlite, invoice.period, ctx, 'adjustment');
    return { adjustment, invoice_id: invoice.id, total: storedTotal(sqlite, invoice.id) };
  },
});
