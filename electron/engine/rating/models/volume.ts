/**
 * volume: the single tier whose range contains the billable quantity prices
 * every unit, plus that tier's flat_fee. Bounds are inclusive at the top
 * (billable == up_to is in that tier); billable 0 gives nothing to bill.
 */
import type { Tier } from '../../../../shared/domain';
import { dec, Decimal, plainString } from '../../../../shared/money';
import { groupDigits } from '../../../../shared/number-text';
import { tierRange } from '../labels';
import type { PricedPart } from './priced-part';

export function priceVolume(billable: Decimal, tiers: readonly Tier[]): PricedPart[] {
  if (billable.lte(0)) return [];
  // The schema guarantees ascending tiers with an open last one, so a tier is always found.
  const index = tiers.findIndex((t) => t.up_to === null || billable.lte(dec(t.up_to)));
  const tier = tiers[index];
  if (tier === undefined) throw new Error('volume tiers do not cover the billable quantity (the last tier must be open-ended)');
  const previous = index > 0 ? tiers[index - 1]?.up_to : null;
  const lower = previous == null ? new Decimal(0) : dec(previous);
  const upper = tier.up_to === null ? null : dec(tier.up_to);
  const flatFee = dec(tier.flat_fee);
  const range = tierRange(lower, upper, billable.isInteger());
  return [
    {
      label: `(volume tier ${range}${flatFee.isZero() ? '' : `, plus flat fee ${groupDigits(tier.flat_fee)}`})`,
      quantity: billable,
      unitPrice: tier.unit_price,
      amount: billable.times(dec(tier.unit_price)).plus(flatFee),
      detail: {
        tier: index + 1,
        tier_above: plainString(lower),
        tier_up_to: tier.up_to,
        unit_price: tier.unit_price,
        flat_fee: tier.flat_fee,
      },
    },
  ];
}
