/**
 * Xero manual journals (Accounting › Manual Journals › Import): Xero's CSV
 * template, one journal per document. The lines of a journal share its
 * narration and date; a positive amount is a debit, a negative one a credit;
 * dates dd/mm/yyyy; UTF-8. Every line carries the configured tax rate name
 * meaning "no tax", because the tax is already its own line on the tax
 * account. Manual journals have no currency: one file holds one currency.
 */
import { toCsv } from '../import/csv-safe';
import type { XeroSettings } from './accounts';
import type { LedgerDocument } from './documents';
import { moneyString } from '../../../shared/money';

export const XERO_HEADER = ['*Narration', '*Date', 'Description', '*AccountCode', '*TaxRate', '*Amount', 'TrackingName1', 'TrackingOption1', 'TrackingName2', 'TrackingOption2'];

const xeroDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export function xeroFile(documents: LedgerDocument[], settings: XeroSettings): Buffer {
  const rows: string[][] = [XERO_HEADER];
  for (const doc of documents) {
    const narration = `${doc.number} ${doc.customer} (${doc.currency})`;
    for (const e of doc.entries) rows.push([narration, xeroDate(doc.issue_date), e.description, settings.accounts[e.role], settings.tax_rate, moneyString(e.amount, doc.currency), '', '', '', '']);
  }
  return Buffer.from(toCsv(rows), 'utf8');
}
