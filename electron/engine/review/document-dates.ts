/**
 * The dates a document gets when it is finalized: one function for the export
 * that finalizes it and for every preview of a draft (PDF and screen), so a
 * draft shows exactly the dates finalizing it today would give.
 */
import { addDays } from '../../../shared/period';

/** Today in UTC as YYYY-MM-DD: the issue date of an export that is given none. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export interface DocumentDates {
  issue_date: string;
  /** null for a credit note: it asks for no payment */
  due_date: string | null;
}

/** Issued on issueDate, an invoice is due after the agreement's payment terms; a credit note is due nowhere. */
export function datesWhenIssued(issueDate: string, paymentTermsDays: number, documentType: 'invoice' | 'credit_note'): DocumentDates {
  return { issue_date: issueDate, due_date: documentType === 'credit_note' ? null : addDays(issueDate, paymentTermsDays) };
}
