/**
 * graduated: each unit is priced at the tier it falls in. Tier k covers
 * quantities above tier k−1's up_to up to and including its own up_to, so a
 * billable of exactly 100,000 stays entirely in a tier with up_to 100,000.
 * Every tier with units is one part (one invoice line) and adds its flat_fee
 * to that part; a used tier with a zero price still shows, with amount 0.
 */
import type { Tier } from '../../../../shared/domain';
import { dec, Decimal, plainString } from '../../../../shared/money';
import { groupDigits } from '../../../../shared/number-text';
import { tierRange } from '../labels';
import type { PricedPart } from './priced-part';

export function priceGraduated(billable: Decimal, tiers: readonly Tier[]): PricedPart[] {
  const parts: PricedPart[] = [];
  let lower = new Decimal(0);
  for (const [i, tier] of tiers.entries()) {
    if (billable.lte(lower)) break;
    const upper = tier.up_to === null ? null : dec(tier.up_to);
    const units = (upper === null ? billable : Decimal.min(billable, upper)).minus(lower);
    const flatFee = dec(tier.flat_fee);
    const range = tierRange(lower, upper, billable.isInteger());
    parts.push({
      label: flatFee.isZero() ? range : `${range} (incl. flat fee ${groupDigits(tier.flat_fee)})`,
      quantity: units,
      unitPrice: tier.unit_price,
      amount: units.times(dec(tier.unit_price)).plus(flatFee),
      detail: {
        tier: i + 1,
        tier_above: plainString(lower),
        tier_up_to: tier.up_to,
        units: plainString(units),
        unit_price: tier.unit_price,
        flat_fee: tier.flat_fee,
      },
    });
    if (upper === null) break;
    lower = upper;
  }
  return parts;
}
