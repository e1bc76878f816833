/**
 * Receivables (receivables.md): aging as of a day, an account's open items
 * with the payments applied to them, unapplied payments and exceptions, the
 * owners' credit league, and the statement and league PDFs.
 */
import { z } from 'zod';
import { isValidDate } from '../period';
import { method, money, period } from './common';

export const asOfDay = z.string().refine(isValidDate, { message: 'expected a day YYYY-MM-DD' });

export const agingRow = z.object({
  account_id: z.string(),
  currency: z.string(),
  current: money,
  '1-30': money,
  '31-60': money,
  '61-90': money,
  '90+': money,
  total: money,
  in_dispute: z.boolean(),
});
export type AgingRow = z.infer<typeof agingRow>;

export const paymentInfo = z.object({
  payment_id: z.string(),
  date: z.string(),
  account_id: z.string(),
  currency: z.string(),
  amount: money,
  invoice_number: z.string().nullable(),
  method: z.string().nullable(),
  reference: z.string().nullable(),
  applied: z.array(z.object({ invoice_number: z.string(), invoice_id: z.string(), amount: money, rule: z.enum(['named', 'oldest_due']) })),
  unapplied: money,
  reason: z.enum(['unknown_account', 'foreign_currency', 'no_open_invoice']).nullable(),
  exception: z.boolean(),
  why: z.string().nullable(),
});
export type PaymentInfo = z.infer<typeof paymentInfo>;

export const receivableItem = z.object({
  invoice_id: z.string(),
  invoice_number: z.string(),
  account_id: z.string(),
  currency: z.string(),
  issue_date: z.string(),
  due_date: z.string(),
  amount_due: money,
  open_balance: money,
  days_overdue: z.number().int(),
  bucket: z.enum(['current', '1-30', '31-60', '61-90', '90+']),
  in_dispute: z.boolean(),
  credits: z.array(z.object({ number: z.string(), date: z.string(), amount: money })),
  allocations: z.array(z.object({ payment_id: z.string(), date: z.string(), amount: money, rule: z.enum(['named', 'oldest_due']) })),
  disputes: z.array(z.object({ dispute_id: z.string(), opened_on: z.string(), resolved_on: z.string().nullable(), reason: z.string(), amount: z.string().nullable() })),
});
export type ReceivableItem = z.infer<typeof receivableItem>;

export const creditLeagueRow = z.object({
  owner: z.string().nullable(),
  customers: z.number().int(),
  in_debt: z.number().int(),
  in_dispute: z.number().int(),
  debt_share: z.string(),
  dispute_share: z.string(),
  overdue: z.array(z.object({ currency: z.string(), amount: money })),
  avg_days_to_pay: z.string().nullable(),
  invoices: z.number().int(),
  error_share: z.string(),
  adjustments: z.number().int(),
  open_queries: z.number().int(),
  median_days_to_answer: z.string().nullable(),
});
export type CreditLeagueRow = z.infer<typeof creditLeagueRow>;

export const ownerQuery = z.object({
  query_id: z.number().int(),
  subject_kind: z.enum(['anomaly', 'agreement', 'dispute']),
  subject_id: z.string(),
  agreement_id: z.string(),
  account_id: z.string().nullable(),
  owner: z.string().nullable(),
  question: z.string(),
  status: z.enum(['open', 'answered', 'resolved']),
  raised_by: z.string(),
  raised_at: z.string(),
  answer: z.string().nullable(),
  answered_by: z.string().nullable(),
  answered_at: z.string().nullable(),
  resolution: z.string().nullable(),
  resolved_by: z.string().nullable(),
  resolved_at: z.string().nullable(),
  age_days: z.number().int(),
});
export type OwnerQuery = z.infer<typeof ownerQuery>;
const note = z.string().trim().min(3).max(2000);

const pdfFile = z.object({ file_name: z.string(), base64: z.string() });
const leagueArgs = z.object({ as_of: asOfDay, period: period.optional() });

export const receivablesMethods = {
  'receivables.aging': method(
    z.object({ as_of: asOfDay }),
    z.object({ as_of: z.string(), rows: z.array(agingRow), unapplied: z.array(paymentInfo), disputed: z.array(z.object({ currency: z.string(), amount: money })) }),
    'open balances per account and currency by days overdue, and the payments left unapplied (exceptions flagged)',
  ),
  'receivables.account': method(
    z.object({ account_id: z.string().min(1).max(500), as_of: asOfDay }),
    z.object({ account_id: z.string(), as_of: z.string(), items: z.array(receivableItem), payments: z.array(paymentInfo) }),
    "an account's finalized invoices issued by the day (open and settled) with the payments and credit notes applied to each, and its payments",
  ),
  'receivables.league': method(
    leagueArgs,
    z.object({ as_of: z.string(), period: z.string().nullable(), rows: z.array(creditLeagueRow) }),
    "per sales owner: customers in debt and in dispute, their shares, overdue amounts and days to pay, beside the period's error share",
  ),
  'receivables.leagueCsv': method(leagueArgs, z.object({ file_name: z.string(), csv: z.string(), rows: z.number().int() }), 'the league table as CSV, with the period and as-of day on every row'),
  'receivables.leaguePdf': method(leagueArgs, pdfFile, 'the league table as a printable PDF'),
  'queries.list': method(z.object({ open_only: z.boolean().optional() }), z.array(ownerQuery), 'queries to sales owners, per owner, with their age in days'),
  'queries.raise': method(
    z.object({ kind: z.enum(['anomaly', 'agreement', 'dispute']), id: z.string().min(1).max(500), question: note }),
    ownerQuery,
    "ask the owner of the agreement behind an anomaly, an agreement or a dispute (audited)",
  ),
  'queries.answer': method(z.object({ query_id: z.number().int().positive(), note }), ownerQuery, "record the owner's answer (audited)"),
  'queries.resolve': method(z.object({ query_id: z.number().int().positive(), note }), ownerQuery, 'resolve a query with a note (audited)'),
  'receivables.statementPdf': method(z.object({ account_id: z.string().min(1).max(500), as_of: asOfDay }), pdfFile, "a customer's statement as of the day, as a branded PDF"),
} as const;
