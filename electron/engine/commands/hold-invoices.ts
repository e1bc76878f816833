/** Putting drafts on hold or releasing them (`invoices.hold`), with a reason. */
import { setHold } from '../review/holds';
import { command } from './command';

export const holdInvoicesCommand = command({
  run: (sqlite, args: { invoiceIds: string[]; hold: boolean; reason: string }, ctx) => setHold(sqlite, args.invoiceIds, args.hold, args.reason, ctx.actor),
});
