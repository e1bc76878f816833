/** The handlers of the ledger files (shared/api/ledger.ts), composed into createHandlers. */
import type { MethodName, ParsedArgsOf, ResultOf } from '../../../shared/api';
import type { Sqlite } from '../../../db/open';
import type { CommandName, CommandResult, RequestOf } from '../commands/registry';
import { ledgerAccounts } from '../ledger/accounts';
import { journalFile } from '../ledger/journal-file';

type LedgerMethod = 'settings.ledgerAccounts' | 'settings.updateLedgerAccounts' | 'export.journal';

type Run = <N extends CommandName>(name: N, args: RequestOf<N>['args'], jobId?: string) => Promise<CommandResult<N>>;
type LedgerHandlers = { [M in LedgerMethod & MethodName]: (args: ParsedArgsOf<M>) => Promise<ResultOf<M>> | ResultOf<M> };

/** The file name the app offers: DATEV's own convention starts with EXTF_. */
const FILE_NAME = { datev: (p: string, c: string) => `EXTF_Buchungsstapel_${p}_${c}.csv`, xero: (p: string, c: string) => `xero-manual-journals_${p}_${c}.csv`, quickbooks: (p: string, c: string) => `quickbooks-journal_${p}_${c}.csv` };

export function ledgerHandlers(sqlite: Sqlite, run: Run): LedgerHandlers {
  return {
    'settings.ledgerAccounts': () => ledgerAccounts(sqlite),
    'settings.updateLedgerAccounts': ({ format, accounts, consultant_number, client_number, tax_rate }) =>
      run('settings.updateLedgerAccounts', {
        format,
        ...(accounts ? { accounts } : {}),
        ...(consultant_number !== undefined ? { consultant_number } : {}),
        ...(client_number !== undefined ? { client_number } : {}),
        ...(tax_rate !== undefined ? { tax_rate } : {}),
      }),
    'export.journal': ({ period, format, currency }) => {
      const file = journalFile(sqlite, { period, format, ...(currency ? { currency } : {}) });
      return {
        file_name: FILE_NAME[format](period, file.currencies.join('-')),
        base64: file.bytes.toString('base64'),
        documents: file.documents,
        lines: file.lines,
        currencies: file.currencies,
        replaced: file.replaced,
      };
    },
  };
}
