/**
 * What a pricing model returns for a billable quantity: one part per invoice
 * line, with the exact (unrounded) amount. The usage charge turns parts into
 * lines and rounds each amount once.
 */
import type { Decimal } from '../../../../shared/money';

export interface PricedPart {
  /** wording after the metric name, e.g. "100,001–1,000,000"; '' when none is needed */
  label: string;
  quantity: Decimal;
  /** the agreement's own text ("0.002", "2500.00") */
  unitPrice: string;
  /** exact amount; rounded by the caller */
  amount: Decimal;
  /** facts to check the part by hand */
  detail: Record<string, string | number | null>;
}
