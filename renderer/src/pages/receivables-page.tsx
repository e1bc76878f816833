/**
 * Receivables as of a day (receivables.md): the aging grid per account and
 * currency, a drill-down to an account's invoices with the payments and
 * credit notes applied to each (and its payments with where they went), its
 * statement as a PDF, and the payments left unapplied, exceptions first.
 * Everything is recomputed by the engine from the finalized invoices,
 * payments and disputes on every call.
 */
import { useState } from 'react';
import type { AgingRow, PaymentInfo, ReceivableItem } from '../../../shared/api';
import { Icon } from '../components/icon';
import { AskOwnerButton } from '../components/owner-queries';
import { Loaded, MessageState, PageHeader } from '../components/page-states';
import { useApi } from '../data/use-api';
import { hrefFor, navigate } from '../hooks/use-hash-route';
import { downloadPdf } from '../lib/download';
import { formatCount, groupDigits } from '../lib/format';
import { useAppState } from '../state/app-state';
import { usePeriod } from '../state/period';
import { useToast } from '../state/toasts';

const BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
const BUCKET_LABEL: Record<(typeof BUCKETS)[number], string> = { current: 'Current', '1-30': '1–30 days', '31-60': '31–60 days', '61-90': '61–90 days', '90+': 'Over 90 days' };
const RULE_LABEL = { named: 'named invoice', oldest_due: 'oldest due' } as const;

const today = () => new Date().toISOString().slice(0, 10);
const isZero = (amount: string) => !/[1-9]/.test(amount);

function Money({ amount, currency }: { amount: string; currency?: string }) {
  if (isZero(amount)) return <span className="muted">—</span>;
  return (
    <span className="num">
      {currency ? <span className="ccy">{currency}</span> : null} {groupDigits(amount)}
    </span>
  );
}

export function ReceivablesPage({ account, asOf }: { account: string | null; asOf: string | null }) {
  const period = usePeriod();
  const day = asOf ?? today();
  const go = (next: { account?: string | null; asOf?: string | null }) =>
    navigate({ name: 'receivables', period, account: next.account !== undefined ? next.account : account, asOf: next.asOf !== undefined ? next.asOf : asOf }, { replace: true });
  const query = useApi('receivables.aging', { as_of: day });
  return (
    <div className="page">
      <PageHeader
        title="Receivables"
        subtitle="Open balances of finalized invoices by days overdue, payments and exceptions"
        actions={
          <label className="inline-field">
            <span>As of</span>
            <input className="input" type="date" value={day} onChange={(e) => e.target.value && go({ asOf: e.target.value })} data-testid="as-of" />
          </label>
        }
      />
      <Loaded query={query}>
        {(data) => (
          <>
            <Summary rows={data.rows} disputed={data.disputed} unapplied={data.unapplied} />
            <AgingTable rows={data.rows} selected={account} onSelect={(id) => go({ account: id })} />
            {account ? <AccountPanel accountId={account} asOf={day} onClose={() => go({ account: null })} /> : null}
            <UnappliedTable payments={data.unapplied} />
          </>
        )}
      </Loaded>
    </div>
  );
}

function sumsByCurrency(rows: AgingRow[], pick: (r: AgingRow) => string): { currency: string; amount: string }[] {
  // Exact decimal addition on the strings' minor units: no floats for money.
  const sums = new Map<string, { units: bigint; places: number }>();
  for (const r of rows) {
    const text = pick(r);
    const [whole = '0', fraction = ''] = text.split('.');
    const prev = sums.get(r.currency) ?? { units: 0n, places: fraction.length };
    sums.set(r.currency, { units: prev.units + BigInt(whole + fraction), places: fraction.length });
  }
  return [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, { units, places }]) => {
    const digits = units.toString().padStart(places + 1, '0');
    return { currency, amount: places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits };
  });
}

function CurrencyList({ amounts, testId }: { amounts: { currency: string; amount: string }[]; testId: string }) {
  const shown = amounts.filter((a) => !isZero(a.amount));
  return (
    <div className="kpi-rows" data-testid={testId}>
      {shown.length === 0 ? <div className="kpi-money muted">—</div> : shown.map((a) => (
        <div key={a.currency} className="kpi-money">
          <Money amount={a.amount} currency={a.currency} />
        </div>
      ))}
    </div>
  );
}

function Summary({ rows, disputed, unapplied }: { rows: AgingRow[]; disputed: { currency: string; amount: string }[]; unapplied: PaymentInfo[] }) {
  const overdue = sumsByCurrency(rows, (r) => {
    const parts = ['1-30', '31-60', '61-90', '90+'] as const;
    return sumsByCurrency(parts.map((p) => ({ ...r, total: r[p] })), (x) => x.total)[0]?.amount ?? '0';
  });
  const exceptions = unapplied.filter((p) => p.exception).length;
  return (
    <section className="kpis" aria-label="Receivables summary">
      <div className="card kpi">
        <div className="kpi-label">Open</div>
        <CurrencyList amounts={sumsByCurrency(rows, (r) => r.total)} testId="kpi-open" />
      </div>
      <div className="card kpi">
        <div className="kpi-label">Overdue</div>
        <CurrencyList amounts={overdue} testId="kpi-overdue" />
      </div>
      <div className="card kpi">
        <div className="kpi-label">Open on disputed invoices</div>
        <CurrencyList amounts={disputed} testId="kpi-disputed" />
      </div>
      <div className="card kpi">
        <div className="kpi-label">Unapplied payments</div>
        <div className="kpi-rows">
          <div className="kpi-row">
            <span className="label">Exceptions</span>
            <span className="value" data-testid="kpi-exceptions">{formatCount(exceptions)}</span>
          </div>
          <div className="kpi-row">
            <span className="label">Unapplied credit</span>
            <span className="value">{formatCount(unapplied.length - exceptions)}</span>
          </div>
        </div>
      </div>
    </section>
  );
}

function AgingTable({ rows, selected, onSelect }: { rows: AgingRow[]; selected: string | null; onSelect: (account: string) => void }) {
  if (rows.length === 0) {
    return (
      <div className="card">
        <MessageState icon="clock" title="Nothing is open on this day">
          Finalized invoices with an open balance appear here once exported; payments and disputes come in through Import.
        </MessageState>
      </div>
    );
  }
  return (
    <section className="card" aria-label="Aging">
      <div className="table-wrap">
        <table className="table league-table" data-testid="aging-table">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Currency</th>
              {BUCKETS.map((b) => (
                <th key={b} scope="col" className="right">
                  {BUCKET_LABEL[b]}
                </th>
              ))}
              <th scope="col" className="right">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.account_id}|${r.currency}`} aria-selected={selected === r.account_id} className={selected === r.account_id ? 'row-selected' : undefined}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onSelect(r.account_id)} title={`Invoices and payments of ${r.account_id}`}>
                    {r.account_id}
                  </button>
                  {r.in_dispute ? (
                    <span className="badge badge-warning" title="An invoice of this account is in dispute on this day">
                      in dispute
                    </span>
                  ) : null}
                </th>
                <td>{r.currency}</td>
                {BUCKETS.map((b) => (
                  <td key={b} className="right">
                    <Money amount={r[b]} />
                  </td>
                ))}
                <td className="right">
                  <strong>
                    <Money amount={r.total} />
                  </strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function AccountPanel({ accountId, asOf, onClose }: { accountId: string; asOf: string; onClose: () => void }) {
  const query = useApi('receivables.account', { account_id: accountId, as_of: asOf });
  const { client } = useAppState();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  async function statement() {
    setBusy(true);
    try {
      const { file_name: fileName, base64 } = await client.call('receivables.statementPdf', { account_id: accountId, as_of: asOf });
      downloadPdf(fileName, base64);
      toast.success(`${fileName} is ready.`, 'Statement');
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error), 'Statement failed');
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-label={`Account ${accountId}`} data-testid="account-panel">
      <div className="card-header">
        <h2 className="card-title">{accountId}</h2>
        <div className="page-actions">
          <button type="button" className="btn btn-sm" onClick={() => void statement()} disabled={busy} data-testid="statement-pdf">
            <Icon name="pdf" size={14} /> Statement PDF
          </button>
          <button type="button" className="btn btn-sm" onClick={onClose}>
            <Icon name="x" size={14} /> Close
          </button>
        </div>
      </div>
      <Loaded query={query}>
        {(data) => (
          <>
            <InvoiceAllocations items={data.items} />
            <AccountPayments payments={data.payments} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function InvoiceAllocations({ items }: { items: ReceivableItem[] }) {
  if (items.length === 0) return <p className="muted receivables-note">No finalized invoice of this account was issued by this day.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="account-invoices">
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Issued</th>
            <th scope="col">Due</th>
            <th scope="col" className="right">
              Days overdue
            </th>
            <th scope="col" className="right">
              Amount due
            </th>
            <th scope="col" className="right">
              Open
            </th>
            <th scope="col">Payments and credits applied</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.invoice_id}>
              <th scope="row">
                <a href={hrefFor({ name: 'invoice', invoiceId: i.invoice_id, lineKey: null })}>{i.invoice_number}</a>
                {i.disputes.map((d) => (
                  <div key={d.dispute_id}>
                    <span className={`badge ${i.in_dispute ? 'badge-warning' : 'badge-none'}`} title={d.reason}>
                      {d.dispute_id} {d.resolved_on ? `resolved ${d.resolved_on}` : `open since ${d.opened_on}`}
                    </span>{' '}
                    <AskOwnerButton kind="dispute" id={d.dispute_id} label={`Dispute ${d.dispute_id} on ${i.invoice_number}: ${d.reason}`} />
                  </div>
                ))}
              </th>
              <td className="nowrap">{i.issue_date}</td>
              <td className="nowrap">{i.due_date}</td>
              <td className="right num">{isZero(i.open_balance) ? '' : i.days_overdue > 0 ? formatCount(i.days_overdue) : 'not due'}</td>
              <td className="right">
                <Money amount={i.amount_due} currency={i.currency} />
              </td>
              <td className="right">{isZero(i.open_balance) ? <span className="badge badge-none">paid</span> : <Money amount={i.open_balance} />}</td>
              <td>
                <ul className="plain-list" data-testid="allocations">
                  {i.allocations.map((a) => (
                    <li key={`${a.payment_id}-${a.date}`}>
                      <span className="num">{groupDigits(a.amount)}</span> from payment <strong>{a.payment_id}</strong> of {a.date} <span className="muted">({RULE_LABEL[a.rule]})</span>
                    </li>
                  ))}
                  {i.credits.map((c) => (
                    <li key={c.number}>
                      <span className="num">{groupDigits(c.amount)}</span> credit note <strong>{c.number}</strong> of {c.date}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PaymentRows({ payments, testId }: { payments: PaymentInfo[]; testId: string }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Payment</th>
            <th scope="col">Date</th>
            <th scope="col">Account</th>
            <th scope="col" className="right">
              Amount
            </th>
            <th scope="col">Applied to</th>
            <th scope="col" className="right">
              Unapplied
            </th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.payment_id}>
              <th scope="row">
                {p.payment_id}
                {p.exception ? <span className="badge badge-error">exception</span> : null}
              </th>
              <td className="nowrap">{p.date}</td>
              <td>{p.account_id}</td>
              <td className="right">
                <Money amount={p.amount} currency={p.currency} />
              </td>
              <td>
                {p.applied.map((a) => (
                  <div key={a.invoice_id}>
                    <a href={hrefFor({ name: 'invoice', invoiceId: a.invoice_id, lineKey: null })}>{a.invoice_number}</a> <span className="num">{groupDigits(a.amount)}</span>
                  </div>
                ))}
              </td>
              <td className="right">
                <Money amount={p.unapplied} />
              </td>
              <td className="muted">{p.why ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AccountPayments({ payments }: { payments: PaymentInfo[] }) {
  return (
    <>
      <h3 className="card-subtitle receivables-note">Payments received</h3>
      {payments.length === 0 ? <p className="muted receivables-note">No payment from this account by this day.</p> : <PaymentRows payments={payments} testId="account-payments" />}
    </>
  );
}

function UnappliedTable({ payments }: { payments: PaymentInfo[] }) {
  const ordered = [...payments].sort((a, b) => Number(b.exception) - Number(a.exception));
  return (
    <section className="card" aria-label="Unapplied payments and exceptions">
      <div className="card-header">
        <h2 className="card-title">Unapplied payments and exceptions</h2>
      </div>
      {ordered.length === 0 ? <p className="muted receivables-note">Every payment received by this day is applied to an invoice.</p> : <PaymentRows payments={ordered} testId="unapplied-payments" />}
    </section>
  );
}
