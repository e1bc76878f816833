/**
 * A customer's statement as of a day (receivables.md): per currency, every
 * open item with its days overdue, the payments and credit notes since the
 * account's balance was last zero, and the balance (open items less any
 * unapplied credit). Printed as a branded PDF (report-pdf.ts).
 */
import type { Sqlite } from '../../../db/open';
import { formatDay } from '../../../shared/period';
import { NotFoundError } from '../errors';
import { addressLines, groupNumber, moneyText, negated } from '../export/format';
import type { Branding } from '../export/types';
import { bucketOf, type AgingBucket, AGING_BUCKETS } from './aging';
import { daysOverdue, inDisputeOn, loadLedger, openBalance, type Ledger } from './ledger';
import { fromMinor } from './minor-units';
import type { ReportDocument, ReportTable } from './report-pdf';

export interface StatementCurrency {
  currency: string;
  open_items: { invoice_number: string; issue_date: string; due_date: string; days_overdue: number; amount_due: string; open_balance: string; in_dispute: boolean }[];
  /** payments and credit notes dated after `since` (null: since the first invoice) */
  since: string | null;
  activity: { date: string; kind: 'payment' | 'credit_note'; reference: string; amount: string }[];
  aging: Record<AgingBucket, string>;
  unapplied_credit: string;
  balance: string;
}

export interface Statement {
  account_id: string;
  account_name: string;
  bill_to: string | null;
  as_of: string;
  currencies: StatementCurrency[];
}

export function statementOf(ledger: Ledger, sqlite: Sqlite, accountId: string, asOf: string): Statement {
  const account = sqlite.prepare('SELECT name FROM accounts WHERE id = ?').get(accountId) as { name: string } | undefined;
  if (!account) throw new NotFoundError(`There is no account ${accountId}.`);
  const billTo = sqlite.prepare('SELECT bill_to FROM agreements WHERE account_id = ? ORDER BY start_date DESC, id DESC LIMIT 1').pluck().get(accountId) as string | null | undefined;
  const invoices = ledger.invoices.filter((i) => i.account_id === accountId && i.issue_date <= asOf);
  const payments = ledger.payments.filter((p) => p.account_id === accountId && p.date <= asOf);
  const currencies = [...new Set([...invoices.map((i) => i.currency), ...payments.map((p) => p.currency)])].sort();

  return {
    account_id: accountId,
    account_name: account.name,
    bill_to: billTo ?? null,
    as_of: asOf,
    currencies: currencies.map((currency): StatementCurrency => {
      const mine = invoices.filter((i) => i.currency === currency);
      const paid = payments.filter((p) => p.currency === currency);
      // Day-end balances: invoices raise it, credit notes and payments lower it.
      const moves = new Map<string, bigint>();
      const move = (date: string, amount: bigint) => moves.set(date, (moves.get(date) ?? 0n) + amount);
      for (const i of mine) {
        move(i.issue_date, i.amount_due);
        for (const c of i.credits) if (c.date <= asOf) move(c.date, -c.amount);
      }
      for (const p of paid) move(p.date, -p.amount);
      const days = [...moves.keys()].sort();
      let running = 0n;
      let since: string | null = null;
      days.forEach((day, k) => {
        running += moves.get(day)!;
        // The last zero before the latest activity: what the customer has not seen settle yet.
        if (running <= 0n && k < days.length - 1) since = day;
      });
      const after = (date: string) => since === null || date > since;
      const activity = [
        ...paid.filter((p) => after(p.date)).map((p) => ({ date: p.date, kind: 'payment' as const, reference: [p.payment_id, p.reference].filter(Boolean).join(' · '), amount: fromMinor(p.amount, currency) })),
        ...mine.flatMap((i) => i.credits.filter((c) => c.date <= asOf && after(c.date)).map((c) => ({ date: c.date, kind: 'credit_note' as const, reference: `${c.number} (${i.invoice_number})`, amount: fromMinor(c.amount, currency) }))),
      ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.reference < b.reference ? -1 : 1));
      const aging: Record<AgingBucket, bigint> = { current: 0n, '1-30': 0n, '31-60': 0n, '61-90': 0n, '90+': 0n };
      const items = mine
        .map((i) => ({ i, open: openBalance(i, asOf) }))
        .filter((x) => x.open > 0n)
        .sort((a, b) => (a.i.due_date < b.i.due_date ? -1 : a.i.due_date > b.i.due_date ? 1 : a.i.invoice_number < b.i.invoice_number ? -1 : 1))
        .map(({ i, open }) => {
          const overdue = daysOverdue(i, asOf);
          aging[bucketOf(overdue)] += open;
          return { invoice_number: i.invoice_number, issue_date: i.issue_date, due_date: i.due_date, days_overdue: overdue, amount_due: fromMinor(i.amount_due, currency), open_balance: fromMinor(open, currency), in_dispute: inDisputeOn(i, asOf) };
        });
      const openTotal = AGING_BUCKETS.reduce((s, b) => s + aging[b], 0n);
      const unapplied = openTotal - running;
      return {
        currency,
        open_items: items,
        since,
        activity,
        aging: Object.fromEntries(AGING_BUCKETS.map((b) => [b, fromMinor(aging[b], currency)])) as Record<AgingBucket, string>,
        unapplied_credit: fromMinor(unapplied, currency),
        balance: fromMinor(running, currency),
      };
    }),
  };
}

export function statement(sqlite: Sqlite, accountId: string, asOf: string): Statement {
  return statementOf(loadLedger(sqlite), sqlite, accountId, asOf);
}

/** The statement laid out for report-pdf.ts. */
export function statementReport(s: Statement, branding: Branding): ReportDocument {
  const tables: ReportTable[] = [];
  for (const c of s.currencies) {
    tables.push({
      heading: `Open items (${c.currency})`,
      columns: [
        { title: 'Invoice', width: 22 }, { title: 'Issued', width: 14 }, { title: 'Due', width: 14 }, { title: 'Days overdue', width: 12, align: 'right' },
        { title: `Amount (${c.currency})`, width: 17, align: 'right' }, { title: `Open (${c.currency})`, width: 17, align: 'right' },
      ],
      rows: c.open_items.map((i) => [
        `${i.invoice_number}${i.in_dispute ? ' (disputed)' : ''}`, formatDay(i.issue_date), formatDay(i.due_date), i.days_overdue > 0 ? String(i.days_overdue) : 'not due',
        groupNumber(i.amount_due), groupNumber(i.open_balance),
      ]),
      empty: 'No open items.',
      summary: `Aging (${c.currency}): current ${groupNumber(c.aging.current)} · 1–30 days ${groupNumber(c.aging['1-30'])} · 31–60 days ${groupNumber(c.aging['31-60'])} · 61–90 days ${groupNumber(c.aging['61-90'])} · over 90 days ${groupNumber(c.aging['90+'])}`,
    });
    tables.push({
      heading: `Payments and credits ${c.since ? `since ${formatDay(c.since)}, when the balance was last zero` : 'received'} (${c.currency})`,
      columns: [{ title: 'Date', width: 16 }, { title: 'Kind', width: 16 }, { title: 'Reference', width: 48 }, { title: `Amount (${c.currency})`, width: 20, align: 'right' }],
      rows: c.activity.map((a) => [formatDay(a.date), a.kind === 'payment' ? 'Payment' : 'Credit note', a.reference, negated(a.amount)]),
      empty: 'None.',
      totals: [
        ...(c.unapplied_credit !== fromMinor(0n, c.currency) ? [['Unapplied credit', '', '', negated(c.unapplied_credit)]] : []),
        [`Balance ${c.currency}`, '', '', moneyText(c.balance, c.currency)],
      ],
    });
  }
  return {
    title: 'STATEMENT',
    documentTitle: `Statement – ${s.account_name} – ${s.as_of}`,
    subject: [s.account_name, ...addressLines(s.bill_to).filter((l) => l !== s.account_name), `Account ${s.account_id}`],
    facts: [
      ['Statement date', formatDay(s.as_of)],
      ...s.currencies.map((c): [string, string] => [`Balance ${c.currency}`, moneyText(c.balance, c.currency)]),
    ],
    tables,
    notes: s.currencies.length === 0 ? ['Nothing was invoiced to or received from this account by this date.'] : branding.payment_instructions ? addressLines(branding.payment_instructions) : [],
    date: s.as_of,
  };
}
