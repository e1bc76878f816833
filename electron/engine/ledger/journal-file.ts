/**
 * `billing journal --period P --format datev|xero|quickbooks --out FILE`
 * (e-invoicing.md "Ledger files"): the period's finalized invoices and credit
 * notes as that system's import file, accounts from the mapping in settings.
 * Reads only; writes the one file.
 *
 * Currencies: a DATEV batch and a Xero manual journal hold one currency, so a
 * period with several needs `--currency` (one file per currency); QuickBooks
 * Online has a Currency column and takes them all. Amounts with three
 * decimals (BHD, KWD, OMR…) fit none of the three (two decimals at most) and
 * are refused with a sentence.
 */
import type { Sqlite } from '../../../db/open';
import { currencyMinorUnits } from '../../../shared/currencies';
import { ConflictError } from '../errors';
import { ledgerAccounts, type LedgerFormat } from './accounts';
import { datevFile } from './datev';
import { periodDocuments } from './documents';
import { quickbooksFile } from './quickbooks';
import { xeroFile } from './xero';

export const FORMAT_NAME: Record<LedgerFormat, string> = { datev: 'DATEV', xero: 'Xero', quickbooks: 'QuickBooks Online' };

export interface JournalRequest {
  period: string;
  format: LedgerFormat;
  /** only the documents in this currency */
  currency?: string;
  /** for the DATEV header's creation time (tests fix it) */
  now?: Date;
}

export interface JournalFile {
  period: string;
  format: LedgerFormat;
  bytes: Buffer;
  documents: number;
  /** journal lines written (DATEV: bookings, each already a double entry) */
  lines: number;
  currencies: string[];
  /** documents whose texts lost characters the file's encoding cannot hold (DATEV: Windows-1252) */
  replaced: string[];
}

export function journalFile(sqlite: Sqlite, request: JournalRequest): JournalFile {
  const { period, format } = request;
  const name = FORMAT_NAME[format];
  let documents = periodDocuments(sqlite, period);
  if (documents.length === 0) throw new ConflictError(`${period} has no finalized invoices or credit notes; export the period first (billing export), then write its journal.`);
  if (request.currency !== undefined) {
    const code = request.currency.toUpperCase();
    documents = documents.filter((d) => d.currency === code);
    if (documents.length === 0) throw new ConflictError(`${period} has no finalized documents in ${code}.`);
  }
  const currencies = [...new Set(documents.map((d) => d.currency))].sort();
  const wide = documents.find((d) => currencyMinorUnits(d.currency) > 2);
  if (wide) {
    const others = currencies.filter((c) => currencyMinorUnits(c) <= 2);
    const hint = others.length ? ` Write the other currencies with --currency ${others[0]}${others.length > 1 ? ' (one file each)' : ''}.` : '';
    throw new ConflictError(`${wide.number} is in ${wide.currency}, whose amounts have ${currencyMinorUnits(wide.currency)} decimals; ${name} journals take at most 2, so its journal has to be entered by hand.${hint}`);
  }
  if (format !== 'quickbooks' && currencies.length > 1) {
    throw new ConflictError(`${period} has documents in ${currencies.join(', ')}, and a ${name} ${format === 'datev' ? 'batch' : 'manual journal'} holds one currency; write one file per currency with --currency ${currencies[0]}.`);
  }
  const accounts = ledgerAccounts(sqlite);
  const lines = documents.reduce((n, d) => n + d.entries.length - (format === 'datev' ? d.entries.filter((e) => e.role === 'receivables').length : 0), 0);
  if (format === 'datev') {
    const file = datevFile(documents, accounts.datev, period, currencies[0]!, request.now ?? new Date());
    return { period, format, bytes: file.bytes, documents: documents.length, lines, currencies, replaced: file.replaced };
  }
  const bytes = format === 'xero' ? xeroFile(documents, accounts.xero) : quickbooksFile(documents, accounts.quickbooks);
  return { period, format, bytes, documents: documents.length, lines, currencies, replaced: [] };
}
