/**
 * QuickBooks Online journal entries (Settings › Import data › Journal
 * Entries): one journal entry per document, its lines sharing the journal
 * number (the document number) and date (MM/DD/YYYY); debits and credits in
 * their own columns; the account by its name in the chart of accounts
 * (account numbers switched off, as QuickBooks asks for the import); the
 * customer as the Name every line carries (receivables lines need one); the
 * document currency in the Currency column (multicurrency books); UTF-8.
 */
import { toCsv } from '../import/csv-safe';
import type { QuickBooksSettings } from './accounts';
import type { LedgerDocument } from './documents';
import { moneyString } from '../../../shared/money';

export const QUICKBOOKS_HEADER = ['Journal No', 'Journal Date', 'Account Name', 'Debits', 'Credits', 'Description', 'Name', 'Currency'];

const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

export function quickbooksFile(documents: LedgerDocument[], settings: QuickBooksSettings): Buffer {
  const rows: string[][] = [QUICKBOOKS_HEADER];
  for (const doc of documents) {
    for (const e of doc.entries) {
      const amount = moneyString(e.amount.abs(), doc.currency);
      rows.push([doc.number, usDate(doc.issue_date), settings.accounts[e.role], e.amount.isPositive() ? amount : '', e.amount.isPositive() ? '' : amount, e.description, doc.customer, doc.currency]);
    }
  }
  return Buffer.from(toCsv(rows), 'utf8');
}
