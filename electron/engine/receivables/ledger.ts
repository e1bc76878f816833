/**
 * The receivables ledger (receivables.md, "Allocation"): finalized invoices,
 * their finalized credit notes, payments and disputes, read from the book and
 * allocated in memory every time it is asked for. Nothing of it is stored, so
 * it is recomputable at any time and cannot drift from the rows it comes from.
 *
 * Allocation runs once over every payment in (date, payment_id) order against
 * each invoice's final capacity (amount_due − every finalized credit note), so
 * the allocations of the payments dated on or before a day D are the same
 * whatever came after D: "as of D" views only filter by date.
 */
import type { Sqlite } from '../../../db/open';
import { daysBetween, fromMinor, toMinor } from './minor-units';

export interface LedgerInvoice {
  invoice_id: string;
  invoice_number: string;
  account_id: string;
  agreement_id: string;
  owner: string | null;
  currency: string;
  issue_date: string;
  due_date: string;
  amount_due: bigint;
  /** finalized credit notes: issue date and |total| */
  credits: { date: string; number: string; amount: bigint }[];
  /** payments applied to it, in allocation order */
  allocations: Allocation[];
  disputes: LedgerDispute[];
}

export interface LedgerDispute {
  dispute_id: string;
  opened_on: string;
  resolved_on: string | null;
  reason: string;
  amount: string | null;
}

export interface Allocation {
  payment_id: string;
  invoice_id: string;
  invoice_number: string;
  date: string;
  amount: bigint;
  /** 'named': the payment's own invoice_number (rule 1); 'oldest_due': rule 2 */
  rule: 'named' | 'oldest_due';
}

export type UnappliedReason = 'unknown_account' | 'foreign_currency' | 'no_open_invoice';

export interface LedgerPayment {
  payment_id: string;
  date: string;
  account_id: string;
  currency: string;
  amount: bigint;
  invoice_number: string | null;
  method: string | null;
  reference: string | null;
  allocations: Allocation[];
  unapplied: bigint;
  /** why the rest is unapplied (null when everything was applied) */
  unapplied_reason: UnappliedReason | null;
  /** the named invoice_number could not take the payment, and why (rule 2 applied it elsewhere) */
  named_problem: string | null;
}

export interface Ledger {
  invoices: LedgerInvoice[];
  byNumber: Map<string, LedgerInvoice>;
  payments: LedgerPayment[];
  knownAccounts: Set<string>;
}

interface InvoiceRow {
  id: string;
  invoice_number: string;
  account_id: string;
  agreement_id: string;
  owner: string | null;
  currency: string;
  issue_date: string;
  due_date: string | null;
  amount_due: string;
}

/** `AND <column> = ?` with its parameter when the ledger is of one account (allocation never crosses accounts). */
function accountFilter(column: string, accountId: string | undefined): { sql: string; params: string[] } {
  return accountId === undefined ? { sql: '', params: [] } : { sql: ` AND ${column} = ?`, params: [accountId] };
}

function loadInvoices(sqlite: Sqlite, accountId: string | undefined): LedgerInvoice[] {
  const only = accountFilter('i.account_id', accountId);
  const rows = sqlite
    .prepare(
      `SELECT i.id, i.invoice_number, i.account_id, i.agreement_id, nullif(trim(a.owner), '') AS owner, i.currency, i.issue_date, i.due_date, i.amount_due
       FROM invoices i JOIN agreements a ON a.id = i.agreement_id
       WHERE i.status = 'finalized' AND i.document_type = 'invoice' AND i.invoice_number IS NOT NULL AND i.issue_date IS NOT NULL${only.sql}`,
    )
    .all(...only.params) as InvoiceRow[];
  const invoices = rows.map(
    (r): LedgerInvoice => ({
      invoice_id: r.id, invoice_number: r.invoice_number, account_id: r.account_id, agreement_id: r.agreement_id, owner: r.owner, currency: r.currency,
      issue_date: r.issue_date, due_date: r.due_date ?? r.issue_date, amount_due: toMinor(r.amount_due, r.currency), credits: [], allocations: [], disputes: [],
    }),
  );
  const byId = new Map(invoices.map((i) => [i.invoice_id, i]));
  const credits = sqlite
    .prepare(
      `SELECT credits_invoice_id AS invoice, issue_date AS date, invoice_number AS number, total, currency FROM invoices
       WHERE document_type = 'credit_note' AND status = 'finalized' AND issue_date IS NOT NULL ORDER BY issue_date, invoice_number`,
    )
    .all() as { invoice: string; date: string; number: string; total: string; currency: string }[];
  for (const c of credits) {
    const amount = toMinor(c.total, c.currency);
    byId.get(c.invoice)?.credits.push({ date: c.date, number: c.number, amount: amount < 0n ? -amount : amount });
  }
  return invoices;
}

/** Oldest due first, ties by the lower invoice number (receivables.md rule 2). */
function byDue(a: LedgerInvoice, b: LedgerInvoice): number {
  return a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.invoice_number < b.invoice_number ? -1 : a.invoice_number > b.invoice_number ? 1 : 0;
}

/**
 * The whole book's ledger, or with `accountId` that account's alone: payments are
 * allocated only to their own account's invoices, so its figures are the same.
 */
export function loadLedger(sqlite: Sqlite, accountId?: string): Ledger {
  const invoices = loadInvoices(sqlite, accountId);
  const byNumber = new Map(invoices.map((i) => [i.invoice_number, i]));
  const knownAccounts = new Set(sqlite.prepare('SELECT id FROM accounts').pluck().all() as string[]);

  for (const d of sqlite.prepare('SELECT dispute_id, invoice_number, opened_on, resolved_on, reason, amount FROM disputes ORDER BY opened_on, dispute_id').all() as (LedgerDispute & { invoice_number: string })[]) {
    byNumber.get(d.invoice_number)?.disputes.push({ dispute_id: d.dispute_id, opened_on: d.opened_on, resolved_on: d.resolved_on, reason: d.reason, amount: d.amount });
  }

  // What each invoice can still take, and each account-currency's invoices oldest due first.
  const capacity = new Map<LedgerInvoice, bigint>();
  const queues = new Map<string, { list: LedgerInvoice[]; next: number }>();
  for (const inv of [...invoices].sort(byDue)) {
    capacity.set(inv, inv.amount_due - inv.credits.reduce((s, c) => s + c.amount, 0n));
    const key = `${inv.account_id}\u0000${inv.currency}`;
    let q = queues.get(key);
    if (!q) queues.set(key, (q = { list: [], next: 0 }));
    q.list.push(inv);
  }

  const onlyPayments = accountFilter('account_id', accountId);
  const rows = sqlite
    .prepare(`SELECT payment_id, date, account_id, currency, amount, invoice_number, method, reference FROM payments WHERE 1${onlyPayments.sql} ORDER BY date, payment_id`)
    .all(...onlyPayments.params) as (Omit<LedgerPayment, 'amount' | 'allocations' | 'unapplied' | 'unapplied_reason' | 'named_problem'> & { amount: string })[];
  const payments: LedgerPayment[] = [];
  for (const r of rows) {
    const p: LedgerPayment = { ...r, amount: toMinor(r.amount, r.currency), allocations: [], unapplied: 0n, unapplied_reason: null, named_problem: null };
    payments.push(p);
    let left = p.amount;
    const apply = (inv: LedgerInvoice, rule: Allocation['rule']) => {
      const room = capacity.get(inv)!;
      const amount = room < left ? room : left;
      if (amount <= 0n) return;
      const a: Allocation = { payment_id: p.payment_id, invoice_id: inv.invoice_id, invoice_number: inv.invoice_number, date: p.date, amount, rule };
      capacity.set(inv, room - amount);
      left -= amount;
      p.allocations.push(a);
      inv.allocations.push(a);
    };
    const queue = queues.get(`${p.account_id}\u0000${p.currency}`);
    if (!knownAccounts.has(p.account_id)) {
      p.unapplied_reason = 'unknown_account';
    } else if (!queue) {
      p.unapplied_reason = 'foreign_currency';
    } else {
      if (p.invoice_number !== null) {
        const named = byNumber.get(p.invoice_number);
        if (!named) p.named_problem = `${p.invoice_number} is not a finalized invoice`;
        else if (named.account_id !== p.account_id) p.named_problem = `${p.invoice_number} belongs to account ${named.account_id}`;
        else if (named.currency !== p.currency) p.named_problem = `${p.invoice_number} is in ${named.currency}`;
        else if (capacity.get(named)! <= 0n) p.named_problem = `${p.invoice_number} was already settled`;
        else apply(named, 'named');
      }
      // Invoices before `next` are settled for good (capacities only shrink).
      while (left > 0n && queue.next < queue.list.length) {
        const inv = queue.list[queue.next]!;
        if (capacity.get(inv)! <= 0n) {
          queue.next++;
          continue;
        }
        apply(inv, 'oldest_due');
      }
      if (left > 0n) p.unapplied_reason = 'no_open_invoice';
    }
    p.unapplied = left;
  }
  return { invoices, byNumber, payments, knownAccounts };
}

/** amount_due − credit notes issued on or before D − payments applied to it dated on or before D. */
export function openBalance(inv: LedgerInvoice, asOf: string): bigint {
  let open = inv.amount_due;
  for (const c of inv.credits) if (c.date <= asOf) open -= c.amount;
  for (const a of inv.allocations) if (a.date <= asOf) open -= a.amount;
  return open;
}

/** The day the open balance reaches 0 (never before the issue date), or null when it has not by `asOf`. */
export function paidOn(inv: LedgerInvoice, asOf: string): string | null {
  const events = [...inv.credits.map((c) => ({ date: c.date, amount: c.amount })), ...inv.allocations.map((a) => ({ date: a.date, amount: a.amount }))]
    .filter((e) => e.date <= asOf)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let open = inv.amount_due;
  if (open <= 0n) return inv.issue_date <= asOf ? inv.issue_date : null;
  for (const e of events) {
    open -= e.amount;
    if (open <= 0n) return e.date < inv.issue_date ? inv.issue_date : e.date;
  }
  return null;
}

export function inDisputeOn(inv: LedgerInvoice, asOf: string): boolean {
  return inv.disputes.some((d) => d.opened_on <= asOf && (d.resolved_on === null || d.resolved_on > asOf));
}

export function daysOverdue(inv: LedgerInvoice, asOf: string): number {
  return daysBetween(inv.due_date, asOf);
}

/** Finalized invoices that exist on D (issued on or before it). */
export function issuedBy(ledger: Ledger, asOf: string): LedgerInvoice[] {
  return ledger.invoices.filter((i) => i.issue_date <= asOf);
}

/** Open balance as of D of each finalized invoice issued on or before D, by invoice id (money in the currency's minor digits). */
export function openBalances(ledger: Ledger, asOf: string): Map<string, string> {
  return new Map(issuedBy(ledger, asOf).map((i) => [i.invoice_id, fromMinor(openBalance(i, asOf), i.currency)]));
}
