/**
 * Usage charges: billable = max(0, aggregate − included), then priced by the
 * charge's model. Each priced part becomes one line, rounded once. A charge
 * with nothing billable produces no line (the reviewer still sees the
 * aggregate in the usage views; an empty line would only add noise).
 */
import type { UsageCharge } from '../../../../shared/domain';
import { dec, Decimal, plainString } from '../../../../shared/money';
import { groupDigits } from '../../../../shared/number-text';
import { humanize } from '../labels';
import { roundLineAmount } from '../line-money';
import { priceGraduated } from '../models/graduated';
import { pricePackage } from '../models/package';
import { pricePerUnit } from '../models/per-unit';
import type { PricedPart } from '../models/priced-part';
import { priceVolume } from '../models/volume';
import { markOverridden } from '../overridden-line';
import type { QuantityOverride, RatedLine, UsageTotal } from '../types';

function priceModel(charge: UsageCharge, billable: Decimal): PricedPart[] {
  switch (charge.model) {
    case 'per_unit':
      return pricePerUnit(billable, charge.unit_price);
    case 'graduated':
      return priceGraduated(billable, charge.tiers);
    case 'volume':
      return priceVolume(billable, charge.tiers);
    case 'package':
      return pricePackage(billable, charge.package_size, charge.package_price);
  }
}

/**
 * @param total the aggregate of the records this agreement bills for the metric;
 *              undefined when there were none (aggregate 0).
 * @param override a reviewer's billable quantity instead of the measured one (controls/corrections.ts).
 */
export function rateUsage(charge: UsageCharge, chargeIndex: number, total: UsageTotal | undefined, currency: string, override?: QuantityOverride): RatedLine[] {
  const aggregate = total === undefined ? new Decimal(0) : dec(total.value);
  const included = dec(charge.included);
  const measured = Decimal.max(0, aggregate.minus(included));
  // A reviewer's override replaces the billable quantity (what the line shows), then the model prices it as usual.
  const billable = override === undefined ? measured : dec(override.quantity);
  const parts = priceModel(charge, billable);
  const name = charge.description ?? humanize(charge.metric);
  const includedNote = included.isZero() ? '' : ` (after ${groupDigits(charge.included)} included)`;
  const lines = parts.map((part): RatedLine => ({
    kind: 'usage',
    code: charge.code ?? charge.metric,
    description: `${name}${part.label === '' ? '' : ` ${part.label}`}${includedNote}`,
    quantity: plainString(part.quantity),
    unitPrice: part.unitPrice,
    amount: roundLineAmount(part.amount, currency).text,
    chargeIndex,
    detail: {
      metric: charge.metric,
      model: charge.model,
      aggregation: charge.aggregation,
      records: total?.records ?? 0,
      aggregate: plainString(aggregate),
      included: charge.included,
      billable: plainString(billable),
      ...part.detail,
    },
  }));
  return override === undefined ? lines : lines.map((line) => markOverridden(line, plainString(measured), override));
}
