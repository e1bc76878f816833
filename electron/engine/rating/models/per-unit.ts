/** per_unit: billable × unit_price (rating.md). */
import { dec, type Decimal } from '../../../../shared/money';
import type { PricedPart } from './priced-part';

export function pricePerUnit(billable: Decimal, unitPrice: string): PricedPart[] {
  if (billable.lte(0)) return [];
  return [{ label: '', quantity: billable, unitPrice, amount: billable.times(dec(unitPrice)), detail: { unit_price: unitPrice } }];
}
