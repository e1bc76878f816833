/**
 * Overriding a metered line's quantity and removing the override
 * (`corrections.overrideQuantity`, `corrections.removeOverride`; `billing line override`):
 * the correction, then the period re-rated in the same transaction.
 */
import { overrideQuantity, removeQuantityOverride } from '../controls/corrections';
import { storedTotal } from '../review/adjustments';
import { command } from './command';
import { billPeriod } from './rate-period';

export const overrideQuantityCommand = command({
  run: (sqlite, args: { invoiceId: string; code: string; quantity: string; reason: string }, ctx) => {
    const result = overrideQuantity(sqlite, args.invoiceId, args.code, args.quantity, args.reason, ctx.actor);
    billPeriod(sqlite, result.period, ctx, 'correction');
    return { ...result, total: storedTotal(sqlite, result.invoice_id) };
  },
});

export const removeQuantityOverrideCommand = command({
  run: (sqlite, args: { invoiceId: string; code: string; reason: string }, ctx) => {
    const result = removeQuantityOverride(sqlite, args.invoiceId, args.code, args.reason, ctx.actor);
    billPeriod(sqlite, result.period, ctx, 'correction');
    return { ...result, total: storedTotal(sqlite, result.invoice_id) };
  },
});
