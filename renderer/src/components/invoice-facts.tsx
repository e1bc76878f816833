/** The invoice's who/what/when strip under the title. */
import { memo } from 'react';
import type { InvoiceDetail } from '../../../shared/api';
import { periodLabel } from '../lib/format';

export const InvoiceFacts = memo(function InvoiceFacts({ detail }: { detail: InvoiceDetail }) {
  const inv = detail.invoice;
  const term = `${detail.agreement_start} → ${detail.agreement_end ?? 'open-ended'}`;
  const facts: [string, string, string?][] = [
    ['Account', inv.account_id],
    ['Agreement', inv.agreement_id, term],
    ['Period', periodLabel(inv.period)],
    ['Currency', inv.currency],
    ['Bill to', detail.bill_to ?? '—'],
    ['PO number', detail.po_number ?? '—'],
    ...(detail.tax_id ? [['Tax ID', detail.tax_id] as [string, string]] : []),
  ];
  return (
    <dl className="card facts" data-testid="invoice-facts">
      {facts.map(([label, value, note]) => (
        <div key={label} className="fact">
          <dt>{label}</dt>
          <dd>
            {value}
            {note ? <div className="muted" style={{ fontSize: 'var(--text-xs)' }}>{note}</div> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
});
