/**
 * The dashboard's receivables as of today: overdue and disputed amounts per
 * currency, each card a link to the Receivables page. Shown once anything is
 * open (a book without finalized invoices has no receivables to show).
 */
import { useApi } from '../data/use-api';
import { hrefFor } from '../hooks/use-hash-route';
import { groupDigits } from '../lib/format';

type Amounts = { currency: string; amount: string }[];

function addTo(sums: Map<string, bigint>, currency: string, amount: string): void {
  // Exact: the amounts are decimal strings with the currency's digits; add their units as integers.
  const [whole = '0', fraction = ''] = amount.split('.');
  sums.set(`${currency}|${fraction.length}`, (sums.get(`${currency}|${fraction.length}`) ?? 0n) + BigInt(whole + fraction));
}

function toAmounts(sums: Map<string, bigint>): Amounts {
  return [...sums]
    .filter(([, units]) => units !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, units]) => {
      const [currency = '', placesText = '0'] = key.split('|');
      const places = Number(placesText);
      const digits = units.toString().padStart(places + 1, '0');
      return { currency, amount: places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits };
    });
}

function Card({ label, amounts, href, testId }: { label: string; amounts: Amounts; href: string; testId: string }) {
  return (
    <a className="card kpi plain-link" href={href} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-rows">
        {amounts.length === 0 ? (
          <div className="kpi-money muted">—</div>
        ) : (
          amounts.map((a) => (
            <div key={a.currency} className="kpi-money">
              <span className="num">
                <span className="ccy">{a.currency}</span> {groupDigits(a.amount)}
              </span>
            </div>
          ))
        )}
      </div>
    </a>
  );
}

export function ReceivablesCards() {
  const asOf = new Date().toISOString().slice(0, 10);
  const query = useApi('receivables.aging', { as_of: asOf });
  const data = query.data;
  if (!data || data.rows.length === 0) return null;
  const overdue = new Map<string, bigint>();
  for (const r of data.rows) for (const b of ['1-30', '31-60', '61-90', '90+'] as const) addTo(overdue, r.currency, r[b]);
  const href = hrefFor({ name: 'receivables', period: null, asOf: null, account: null });
  return (
    // Not .kpis: the period summary stays the one .kpis block of the dashboard.
    <section className="receivables-cards" aria-label="Receivables today">
      <Card label="Overdue today" amounts={toAmounts(overdue)} href={href} testId="kpi-receivables-overdue" />
      <Card label="Open on disputed invoices" amounts={data.disputed} href={href} testId="kpi-receivables-disputed" />
    </section>
  );
}
