/** The totals block, exactly the stored invoice strings (grouped for reading, never recomputed). */
import { memo } from 'react';
import type { InvoiceJson } from '../../../shared/domain';
import { taxRowLabel } from '../../../shared/invoice-labels';
import { formatMoney, groupDigits } from '../lib/format';
import { Money } from './money';

function isZero(amount: string): boolean {
  return !/[1-9]/.test(amount);
}

/** taxRate: the fraction the tax was computed with, shown beside it ("Tax (8.25 %)"); null when unknown. */
export const TotalsCard = memo(function TotalsCard({ invoice, taxRate = null }: { invoice: InvoiceJson; taxRate?: string | null }) {
  // Discount and deposit are subtracted: shown with a minus. On a credit note they are stored negative
  // (the reversal adds them back), so they read "+", never "−−".
  const minus = (amount: string) => (isZero(amount) ? groupDigits(amount) : amount.startsWith('-') ? `+${groupDigits(amount.slice(1))}` : `−${groupDigits(amount)}`);
  return (
    <section className="card" aria-label="Totals" data-testid="invoice-totals">
      <div className="card-header">
        <h2 className="card-title">Totals</h2>
        <span className="card-subtitle">{invoice.currency}</span>
      </div>
      <div className="totals">
        <div className="totals-row">
          <span className="k">Subtotal</span>
          <span className="v">
            <Money amount={invoice.subtotal} currency={invoice.currency} />
          </span>
        </div>
        <div className="totals-row">
          <span className="k">Discount</span>
          <span className="v">
            <Money amount={invoice.discount} currency={invoice.currency} text={minus(invoice.discount)} />
          </span>
        </div>
        <div className="totals-row">
          <span className="k" data-testid="tax-label">
            {taxRowLabel('Tax', taxRate)}
          </span>
          <span className="v">
            <Money amount={invoice.tax} currency={invoice.currency} />
          </span>
        </div>
        <div className="totals-sep" />
        <div className="totals-row total">
          <span className="k">Total</span>
          <span className="v">
            <Money amount={invoice.total} currency={invoice.currency} />
          </span>
        </div>
        <div className="totals-row">
          <span className="k">Deposit applied</span>
          <span className="v">
            <Money amount={invoice.deposit_applied} currency={invoice.currency} text={minus(invoice.deposit_applied)} />
          </span>
        </div>
        <div className="totals-sep" />
        <div className="totals-row due">
          <span className="k">Amount due</span>
          <span className="v" data-testid="amount-due">
            {formatMoney(invoice.amount_due, invoice.currency)}
          </span>
        </div>
      </div>
    </section>
  );
});
