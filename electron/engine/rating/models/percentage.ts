/**
 * percentage (rating.md "Percentage model"), for a metric whose quantities are
 * money: every record beyond the first `free_events` (earliest first; equal
 * timestamps, smaller quantity first) costs quantity × rate / 100 +
 * per_event_fee, clamped to min_per_event / max_per_event. The exact fees are
 * summed; the caller rounds the line once. `aggregation` and `included` do
 * not apply (the import refuses them).
 */
import type { UsageCharge } from '../../../../shared/domain';
import { dec, Decimal, plainString } from '../../../../shared/money';
import { groupDigits } from '../../../../shared/number-text';
import type { UsageEvent } from '../types';
import type { PricedPart } from './priced-part';

type PercentageCharge = Extract<UsageCharge, { model: 'percentage' }>;

/** Earliest first; equal timestamps: smaller quantity first (then id, so the order is total). */
function byTime(a: UsageEvent, b: UsageEvent): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  const q = dec(a.quantity).comparedTo(dec(b.quantity));
  return q !== 0 ? q : a.id - b.id;
}

export function pricePercentage(events: readonly UsageEvent[], charge: PercentageCharge): PricedPart[] {
  const ordered = [...events].sort(byTime);
  const free = Math.min(charge.free_events, ordered.length);
  const charged = ordered.slice(free);
  if (charged.length === 0) return [];
  const rate = dec(charge.rate).div(100);
  const fee = dec(charge.per_event_fee);
  const min = charge.min_per_event == null ? null : dec(charge.min_per_event);
  const max = charge.max_per_event == null ? null : dec(charge.max_per_event);
  let amount = new Decimal(0);
  let volume = new Decimal(0);
  let raised = 0;
  let capped = 0;
  for (const event of charged) {
    const quantity = dec(event.quantity);
    volume = volume.plus(quantity);
    let each = quantity.times(rate).plus(fee);
    if (min !== null && each.lt(min)) {
      each = min;
      raised++;
    }
    if (max !== null && each.gt(max)) {
      each = max;
      capped++;
    }
    amount = amount.plus(each);
  }
  const feeWords = fee.isZero() ? '' : ` + ${groupDigits(charge.per_event_fee)} per event`;
  const freeWords = free > 0 ? `, ${free} free` : '';
  return [
    {
      label: `(${charge.rate} % of ${groupDigits(plainString(volume))}${feeWords}; ${charged.length} ${charged.length === 1 ? 'event' : 'events'} charged${freeWords})`,
      quantity: new Decimal(charged.length),
      unitPrice: charge.rate,
      amount,
      detail: {
        rate_percent: charge.rate,
        per_event_fee: charge.per_event_fee,
        events: ordered.length,
        free_events: free,
        events_charged: charged.length,
        charged_volume: plainString(volume),
        min_per_event: charge.min_per_event ?? null,
        max_per_event: charge.max_per_event ?? null,
        raised_to_minimum: raised,
        capped_at_maximum: capped,
      },
    },
  ];
}
