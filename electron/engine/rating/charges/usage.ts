/**
 * Usage charges: billable = max(0, aggregate − included), then priced by the
 * charge's model. Each priced part becomes one line, rounded once. A charge
 * with nothing billable produces no line (the reviewer still sees the
 * aggregate in the usage views; an empty line would only add noise).
 */
import type { PrepaidBlock, UsageCharge } from '../../../../shared/domain';
import { dec, Decimal, plainString } from '../../../../shared/money';
import { groupDigits } from '../../../../shared/number-text';
import { humanize } from '../labels';
import { roundLineAmount } from '../line-money';
import { priceGraduated } from '../models/graduated';
import { pricePackage } from '../models/package';
import { pricePercentage } from '../models/percentage';
import { pricePerUnit } from '../models/per-unit';
import type { PricedPart } from '../models/priced-part';
import { priceVolume } from '../models/volume';
import { markOverridden } from '../overridden-line';
import { intervalWord, termDetail, termWords, type Term } from '../terms';
import type { QuantityOverride, RatedLine, UsageEvent, UsageTotal } from '../types';

/** What the bill-cycle rules add to a usage charge (usage-billed.ts decides them); all optional. */
export interface UsageOptions {
  /** the records, for the percentage model */
  events?: readonly UsageEvent[];
  /** a quarter, half-year or year: the lines say which term they cover */
  term?: Term;
  /** prepaid units this month's billable quantity consumes before the rest is priced */
  prepaid?: { block: PrepaidBlock; left: Decimal; consumed: Decimal };
  /** a reviewer's quantity instead of the measured billable one (controls/corrections.ts) */
  override?: QuantityOverride;
}

function priceModel(charge: UsageCharge, billable: Decimal, events: readonly UsageEvent[]): PricedPart[] {
  switch (charge.model) {
    case 'per_unit':
      return pricePerUnit(billable, charge.unit_price);
    case 'graduated':
      return priceGraduated(billable, charge.tiers);
    case 'volume':
      return priceVolume(billable, charge.tiers);
    case 'package':
      return pricePackage(billable, charge.package_size, charge.package_price);
    case 'percentage':
      return pricePercentage(events, charge);
  }
}

/**
 * @param total the aggregate of the records this agreement bills for the metric;
 *              undefined when there were none (aggregate 0).
 */
export function rateUsage(charge: UsageCharge, chargeIndex: number, total: UsageTotal | undefined, currency: string, options: UsageOptions = {}): RatedLine[] {
  const aggregate = total === undefined ? new Decimal(0) : dec(total.value);
  const included = dec(charge.included);
  const measured = Decimal.max(0, aggregate.minus(included));
  // A reviewer's override replaces the billable quantity (what the line shows), then prepaid units and the model apply as usual.
  const override = options.override;
  const billable = override === undefined ? measured : dec(override.quantity);
  const prepaid = options.prepaid;
  const priced = prepaid ? billable.minus(prepaid.consumed) : billable;
  const parts = priceModel(charge, priced, options.events ?? []);
  const name = charge.description ?? humanize(charge.metric);
  const includedNote = included.isZero() ? '' : ` (after ${groupDigits(charge.included)} ${options.term ? `included per ${intervalWord(options.term.interval)}` : 'included'})`;
  const termNote = options.term ? ` (${termWords(options.term)})` : '';
  const prepaidNote = prepaid ? ` (${prepaidWords(prepaid)})` : '';
  const extra = {
    ...(options.term ? termDetail(options.term) : {}),
    ...(prepaid ? prepaidDetail(prepaid, priced) : {}),
  };
  // All of it paid for up front: one line at zero says so (units used and left), instead of no line at all.
  if (prepaid && parts.length === 0 && prepaid.consumed.gt(0)) {
    const zero: RatedLine[] = [
      {
        kind: 'usage',
        code: charge.code ?? charge.metric,
        description: `${name}${termNote}${includedNote}${prepaidNote}`,
        quantity: plainString(prepaid.consumed),
        unitPrice: '0',
        amount: roundLineAmount(new Decimal(0), currency).text,
        chargeIndex,
        detail: { metric: charge.metric, model: charge.model, aggregation: charge.aggregation, records: total?.records ?? 0, aggregate: plainString(aggregate), included: charge.included, billable: plainString(billable), ...extra },
      },
    ];
    return overridden(zero, measured, override);
  }
  const lines = parts.map((part): RatedLine => ({
    kind: 'usage',
    code: charge.code ?? charge.metric,
    description: `${name}${part.label === '' ? '' : ` ${part.label}`}${termNote}${includedNote}${prepaidNote}`,
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
      ...extra,
    },
  }));
  return overridden(lines, measured, override);
}

function overridden(lines: RatedLine[], measured: Decimal, override: QuantityOverride | undefined): RatedLine[] {
  return override === undefined ? lines : lines.map((line) => markOverridden(line, plainString(measured), override));
}

/** "40,000 prepaid units used, 60,000 of 100,000 left (Jan–Jun 2026)" */
function prepaidWords(p: NonNullable<UsageOptions['prepaid']>): string {
  if (p.left.isZero()) return `all ${groupDigits(p.block.units)} prepaid units for ${p.block.from} to ${p.block.to} already used`;
  const after = p.left.minus(p.consumed);
  return `${groupDigits(plainString(p.consumed))} prepaid units used, ${groupDigits(plainString(after))} of ${groupDigits(p.block.units)} left for ${p.block.from} to ${p.block.to}`;
}

function prepaidDetail(p: NonNullable<UsageOptions['prepaid']>, priced: Decimal): Record<string, string> {
  return {
    prepaid_units: p.block.units,
    prepaid_from: p.block.from,
    prepaid_to: p.block.to,
    prepaid_left_before: plainString(p.left),
    prepaid_used: plainString(p.consumed),
    prepaid_left_after: plainString(p.left.minus(p.consumed)),
    priced_after_prepaid: plainString(priced),
  };
}
