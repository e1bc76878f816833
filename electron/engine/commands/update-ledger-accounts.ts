/** Changing the ledger files' account mapping (`billing settings accounts`): checked and audited, one transaction. */
import { changeLedgerAccounts, type LedgerAccountsChange } from '../ledger/accounts';
import { command } from './command';

export const updateLedgerAccountsCommand = command({
  run: (sqlite, args: LedgerAccountsChange, ctx) => changeLedgerAccounts(sqlite, args, ctx.actor),
});
