/** Approving drafts (`invoices.approve`, `billing approve`); an open error needs the override reason. */
import { approveInvoices } from '../review/approve';
import { command } from './command';

export const approveInvoicesCommand = command({
  run: (sqlite, args: { invoiceIds: string[]; overrideReason?: string }, ctx) => approveInvoices(sqlite, args.invoiceIds, ctx.actor, args.overrideReason),
});
