/** The period at a glance: invoices by status, billed totals and amounts due per currency, open anomalies. */
import type { InvoiceSummary } from '../../../shared/api';
import { SEVERITIES, INVOICE_STATUSES } from '../../../shared/domain';
import { moneyString, sumStrings } from '../../../shared/money';
import { formatCount, groupDigits } from '../lib/format';

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

const STATUS_LABEL = { draft: 'Drafts', approved: 'Approved', finalized: 'Finalized' } as const;
const SEVERITY_LABEL = { error: 'Errors', warning: 'Warnings', info: 'Info' } as const;
const MAX_CURRENCIES = 3;

function MoneyList({ totals, testId }: { totals: CurrencyTotal[]; testId: string }) {
  if (totals.length === 0) return <div className="kpi-money muted">—</div>;
  const shown = totals.slice(0, MAX_CURRENCIES);
  const hidden = totals.length - shown.length;
  return (
    <div className="kpi-rows" data-testid={testId}>
      {shown.map((t) => (
        <div key={t.currency} className="kpi-money" title={`${formatCount(t.count)} invoices in ${t.currency}`}>
          <span className="ccy">{t.currency}</span>
          {groupDigits(t.amount)}
        </div>
      ))}
      {hidden > 0 ? (
        <div className="kpi-foot" title={totals.slice(MAX_CURRENCIES).map((t) => `${t.currency} ${groupDigits(t.amount)}`).join('\n')}>
          + {hidden} more {hidden === 1 ? 'currency' : 'currencies'}
        </div>
      ) : null}
    </div>
  );
}

export function KpiCards({ invoices }: { invoices: InvoiceSummary[] }) {
  const byStatus = Object.fromEntries(INVOICE_STATUSES.map((s) => [s, invoices.filter((i) => i.status === s).length])) as Record<
    (typeof INVOICE_STATUSES)[number],
    number
  >;
  const anomalies = Object.fromEntries(SEVERITIES.map((s) => [s, invoices.reduce((n, i) => n + i.anomalies[s], 0)])) as Record<
    (typeof SEVERITIES)[number],
    number
  >;
  const flagged = invoices.filter((i) => i.anomalies.error + i.anomalies.warning + i.anomalies.info > 0).length;

  return (
    <section className="kpis" aria-label="Period summary">
      <div className="card kpi" data-testid="kpi-status">
        <div className="kpi-label">Invoices</div>
        <div className="kpi-rows">
          {INVOICE_STATUSES.map((s) => (
            <div key={s} className="kpi-row">
              <span className="label">
                <span className={`dot dot-${s}`} aria-hidden="true" />
                {STATUS_LABEL[s]}
              </span>
              <span className="value" data-testid={`kpi-${s}`}>
                {formatCount(byStatus[s])}
              </span>
            </div>
          ))}
        </div>
      </div>
      <div className="card kpi">
        <div className="kpi-label">Billed total</div>
        <MoneyList totals={totalsByCurrency(invoices, 'total')} testId="kpi-billed" />
      </div>
      <div className="card kpi">
        <div className="kpi-label">Amount due</div>
        <MoneyList totals={totalsByCurrency(invoices, 'amount_due')} testId="kpi-due" />
      </div>
      <div className="card kpi" data-testid="kpi-anomalies">
        <div className="kpi-label">Open anomalies</div>
        <div className="kpi-rows">
          {SEVERITIES.map((s) => (
            <div key={s} className="kpi-row">
              <span className="label">
                <span className={`dot dot-${s}`} aria-hidden="true" />
                {SEVERITY_LABEL[s]}
              </span>
              <span className="value">{formatCount(anomalies[s])}</span>
            </div>
          ))}
        </div>
        <div className="kpi-foot">{flagged === 0 ? 'No invoice is flagged' : `on ${formatCount(flagged)} of ${formatCount(invoices.length)} invoices`}</div>
      </div>
    </section>
  );
}
