/** The invoice lines grouped by kind, with the facts to check each by hand and a way into its source rows. */
import { hrefFor } from '../hooks/use-hash-route';
import type { KeyboardEvent } from 'react';
import type { InvoiceLineDetail } from '../../../shared/api';
import type { LineKind } from '../../../shared/domain';
import { prorationText } from '../../../shared/invoice-labels';
import { moneyString, sumStrings } from '../../../shared/money';
import { formatCount, groupDigits, humanize } from '../lib/format';
import { Icon } from './icon';
import { Money } from './money';

const GROUPS: [LineKind, string][] = [
  ['recurring', 'Subscriptions'],
  ['usage', 'Usage'],
  ['hours', 'Hours'],
  ['one_time', 'One-time'],
  ['minimum', 'Minimum'],
  ['true_up', 'Commitment true-up'],
  // in the order rating writes them: adjustments are in the subtotal the discount is taken from
  ['adjustment', 'Adjustments'],
  ['discount', 'Discount'],
];

/** Decimal-looking detail values are grouped; everything else is shown as it came. */
function factValue(value: string | number): string {
  if (typeof value === 'number') return formatCount(value);
  return /^-?\d{4,}(\.\d+)?$/.test(value) ? groupDigits(value) : value;
}

function LineFacts({ detail }: { detail: InvoiceLineDetail['detail'] }) {
  const entries = Object.entries(detail).filter((e): e is [string, string | number] => e[1] !== null && e[1] !== '');
  if (entries.length === 0) return null;
  return (
    <div className="line-facts">
      {entries.map(([k, v]) =>
        // A true-up names the invoices it summed (rating/true-up.ts): each one opens.
        k === 'invoice_ids' && typeof v === 'string' ? (
          <span key={k}>
            <span className="k">Earlier invoices summed:</span>{' '}
            {v.split(',').map((id, i) => (
              <span key={id}>
                {i > 0 ? ', ' : null}
                <a href={hrefFor({ name: 'invoice', invoiceId: id, lineKey: null })} onClick={(e) => e.stopPropagation()}>
                  {id}
                </a>
              </span>
            ))}
          </span>
        ) : (
          <span key={k}>
            <span className="k">{humanize(k)}:</span> <span className="num">{factValue(v)}</span>
          </span>
        ),
      )}
    </div>
  );
}

export function LineTable({
  lines,
  currency,
  selectedLineKey,
  onOpenSources,
}: {
  lines: InvoiceLineDetail[];
  currency: string;
  selectedLineKey: string | null;
  onOpenSources: (line: InvoiceLineDetail) => void;
}) {
  const groups = GROUPS.map(([kind, label]) => ({ kind, label, lines: lines.filter((l) => l.kind === kind) })).filter((g) => g.lines.length > 0);
  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, line: InvoiceLineDetail) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpenSources(line);
    }
  };
  return (
    <section className="card" aria-label="Invoice lines" style={{ overflow: 'hidden' }}>
      <div className="card-header">
        <h2 className="card-title">Lines</h2>
        <span className="card-subtitle">{formatCount(lines.length)} lines · click a metered line to see its source rows</span>
      </div>
      <table className="line-table" data-testid="invoice-lines">
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col" className="right">
              Quantity
            </th>
            <th scope="col" className="right">
              Unit price
            </th>
            <th scope="col" className="right">
              Amount
            </th>
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.kind}>
            <tr className="line-group">
              <td colSpan={4}>
                {group.label}
                <span className="group-total">
                  <Money amount={moneyString(sumStrings(group.lines.map((l) => l.amount)), currency)} currency={currency} />
                </span>
              </td>
            </tr>
            {group.lines.map((line) => {
              const clickable = line.source_count > 0;
              return (
                <tr
                  key={line.line_id}
                  className="line-row"
                  data-clickable={clickable}
                  data-testid={clickable ? 'line-with-sources' : 'line'}
                  aria-selected={selectedLineKey === line.line_key}
                  tabIndex={clickable ? 0 : undefined}
                  onClick={clickable ? () => onOpenSources(line) : undefined}
                  onKeyDown={clickable ? (e) => onKey(e, line) : undefined}
                  aria-label={clickable ? `${line.description}: show ${formatCount(line.source_count)} source rows` : undefined}
                >
                  <td>
                    <span className="line-desc">{line.description}</span>
                    {line.code ? <span className="line-code">{line.code}</span> : null}
                    <LineFacts detail={line.detail} />
                    {clickable ? (
                      <span className="line-sources">
                        <Icon name="list" size={12} />
                        {line.rollup_count
                          ? `${line.source_count > line.rollup_count ? `${formatCount(line.source_count - line.rollup_count)} usage records + ` : ''}${formatCount(line.rollup_count)} daily rollups`
                          : `${formatCount(line.source_count)} ${line.source_kind === 'hours' ? 'time entries' : 'usage records'}`}
                        {line.rollup_count ? (
                          <span className="badge" data-testid="line-from-rollups" title="Billed from usage rollups: one row per account, metric and day, as the warehouse computed them">
                            from rollups
                          </span>
                        ) : null}
                        <Icon name="chevronRight" size={12} />
                      </span>
                    ) : null}
                  </td>
                  {/* A prorated subscription shows its active days ("17/31 days") rather than "1" month. */}
                  <td className="right num">{prorationText(line.kind, line.detail) ?? groupDigits(line.quantity)}</td>
                  <td className="right num">
                    {/* a percentage line's unit price is its rate (rating/models/percentage.ts), not money */}
                    {line.detail['rate_percent'] != null ? `${line.unit_price} %` : <Money amount={line.unit_price} currency={currency} />}
                  </td>
                  <td className="right num amount">
                    <Money amount={line.amount} currency={currency} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        ))}
      </table>
    </section>
  );
}
