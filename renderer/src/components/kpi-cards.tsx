/** The invoices page summary: invoices by status (a partition), billed totals and amounts due per currency, invoices with open findings. */
import { useState } from 'react';
import type { InvoiceSummary } from '../../../shared/api';
import { SEVERITIES, type Severity } from '../../../shared/domain';
import { moneyString, sumStrings } from '../../../shared/money';
import { formatCount, groupDigits, plural } from '../lib/format';
import { STATUS_BUCKET_LABEL, STATUS_BUCKETS, statusCounts } from '../lib/review-figures';

interface CurrencyTotal {
  currency: string;
  amount: string;
  count: number;
}

/** Exact per-currency sums of a money field, largest invoice count first. */
export function totalsByCurrency(invoices: InvoiceSummary[], field: 'total' | 'amount_due'): CurrencyTotal[] {
  const byCurrency = new Map<string, string[]>();
  for (const inv of invoices) {
    const list = byCurrency.get(inv.currency) ?? [];
    list.push(inv[field]);
    byCurrency.set(inv.currency, list);
  }
  return [...byCurrency.entries()]
    .map(([currency, amounts]) => ({ currency, amount: moneyString(sumStrings(amounts), currency), count: amounts.length }))
    .sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency));
}

const MAX_CURRENCIES = 3;

export interface CurrencyRow {
  currency: string;
  amount: string;
  /** shown on hover, e.g. how many invoices the amount sums */
  note?: string;
}

/**
 * Amounts per currency, the first three shown; more sit behind a
 * "+ N more currencies" button that shows them all (and folds them back).
 */
export function CurrencyRows({ rows, testId }: { rows: CurrencyRow[]; testId: string }) {
  const [expanded, setExpanded] = useState(false);
  if (rows.length === 0) return <div className="kpi-money muted">—</div>;
  const hidden = rows.length - MAX_CURRENCIES;
  const shown = expanded || hidden <= 0 ? rows : rows.slice(0, MAX_CURRENCIES);
  return (
    <div className="kpi-rows" data-testid={testId}>
      {shown.map((r) => (
        <div key={r.currency} className="kpi-money" title={r.note}>
          <span className="ccy">{r.currency}</span>
          {groupDigits(r.amount)}
        </div>
      ))}
      {hidden > 0 ? (
        <button
          type="button"
          className="kpi-more"
          aria-expanded={expanded}
          onClick={(e) => {
            // the card itself may be a link: expanding must not follow it
            e.preventDefault();
            e.stopPropagation();
            setExpanded(!expanded);
          }}
          data-testid={`${testId}-more`}
        >
          {expanded ? 'Show fewer currencies' : `+ ${hidden} more ${hidden === 1 ? 'currency' : 'currencies'}`}
        </button>
      ) : null}
    </div>
  );
}

const moneyRows = (totals: CurrencyTotal[]): CurrencyRow[] =>
  totals.map((t) => ({ currency: t.currency, amount: t.amount, note: `${plural(t.count, 'invoice')} in ${t.currency}` }));

/** Invoices with at least one open finding of a severity: a count of invoices, labelled as one (not a count of findings). */
const FLAGGED_LABEL: Record<Severity, string> = { error: 'With an open error', warning: 'With an open warning', info: 'With open info' };

export function KpiCards({ invoices }: { invoices: InvoiceSummary[] }) {
  const byStatus = statusCounts(invoices);
  const invoiceCount = invoices.filter((i) => i.document_type === 'invoice').length;
  const creditNotes = invoices.length - invoiceCount;
  const flagged = Object.fromEntries(SEVERITIES.map((s) => [s, invoices.filter((i) => i.anomalies[s] > 0).length])) as Record<Severity, number>;

  return (
    <section className="kpis" aria-label="Period summary">
      <div className="card kpi" data-testid="kpi-status">
        <div className="kpi-label">Invoices</div>
        <div className="kpi-rows">
          {STATUS_BUCKETS.map((s) => (
            <div key={s} className="kpi-row">
              <span className="label">
                <span className={`dot dot-${s}`} aria-hidden="true" />
                {STATUS_BUCKET_LABEL[s]}
              </span>
              <span className="value" data-testid={`kpi-${s}`}>
                {formatCount(byStatus[s])}
              </span>
            </div>
          ))}
        </div>
        <div className="kpi-foot">
          {plural(invoiceCount, 'invoice')}{creditNotes ? ` · ${formatCount(creditNotes)} credit ${creditNotes === 1 ? 'note' : 'notes'} apart` : ''}
        </div>
      </div>
      <div className="card kpi">
        <div className="kpi-label">Billed total</div>
        <CurrencyRows rows={moneyRows(totalsByCurrency(invoices, 'total'))} testId="kpi-billed" />
      </div>
      <div className="card kpi">
        <div className="kpi-label">Amount due</div>
        <CurrencyRows rows={moneyRows(totalsByCurrency(invoices, 'amount_due'))} testId="kpi-due" />
      </div>
      <div className="card kpi" data-testid="kpi-anomalies">
        <div className="kpi-label">Invoices with open findings</div>
        <div className="kpi-rows">
          {SEVERITIES.map((s) => (
            <div key={s} className="kpi-row">
              <span className="label">
                <span className={`dot dot-${s}`} aria-hidden="true" />
                {FLAGGED_LABEL[s]}
              </span>
              <span className="value" data-testid={`kpi-flagged-${s}`}>
                {formatCount(flagged[s])}
              </span>
            </div>
          ))}
        </div>
        <div className="kpi-foot">invoices, of {formatCount(invoices.length)} listed; findings themselves are counted on the Anomalies page</div>
      </div>
    </section>
  );
}
