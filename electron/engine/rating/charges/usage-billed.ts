/**
 * Which usage a charge bills this month, under the bill-cycle rules (rating.md
 * "Bill cycles, …"): a charge over a quarter, half-year or year bills nothing
 * until the last month of its term in which the agreement is active, and then
 * the whole term's records (the orchestrator aggregates them), `included` once
 * per term; a prepaid block of its metric is consumed first. The pricing itself
 * is the usage charge's (usage.ts).
 */
import type { Agreement, UsageCharge } from '../../../../shared/domain';
import { dec, Decimal } from '../../../../shared/money';
import type { Period } from '../../../../shared/period';
import { consumePrepaid, prepaidBlockIndex } from '../prepaid';
import { chargeTerm, isLongTerm } from '../terms';
import type { RatedLine, RatingInput } from '../types';
import { rateUsage, type UsageOptions } from './usage';

export interface BilledUsage {
  lines: RatedLine[];
  /** the prepaid block consumed from and how much, when any */
  prepaid: { index: number; units: Decimal } | null;
}

/** Whether a usage charge is billed on this month's invoice (always, for a monthly charge). */
export function usageBilledIn(agreement: Agreement, charge: UsageCharge, period: Period): boolean {
  return !isLongTerm(charge) || chargeTerm(agreement, charge, period).lastActiveMonth === period.id;
}

export function rateBilledUsage(charge: UsageCharge, chargeIndex: number, input: RatingInput): BilledUsage {
  const { agreement, period } = input;
  if (!usageBilledIn(agreement, charge, period)) return { lines: [], prepaid: null };
  const total = input.usage.get(charge.metric);
  const options: UsageOptions = { events: input.events?.get(charge.metric) ?? [] };
  const override = input.overrides?.get(chargeIndex);
  if (override) options.override = override;
  if (isLongTerm(charge)) options.term = chargeTerm(agreement, charge, period);

  const index = charge.model === 'percentage' ? -1 : prepaidBlockIndex(agreement, charge.metric, period.id);
  const block = agreement.prepaid?.[index];
  let prepaid: BilledUsage['prepaid'] = null;
  if (block) {
    const measured = Decimal.max(0, (total === undefined ? new Decimal(0) : dec(total.value)).minus(dec(charge.included)));
    const billable = override ? dec(override.quantity) : measured;
    const { left, consumed } = consumePrepaid(block.units, input.prepaidUsed?.get(index) ?? '0', billable);
    options.prepaid = { block, left, consumed };
    if (consumed.gt(0)) prepaid = { index, units: consumed };
  }
  return { lines: rateUsage(charge, chargeIndex, total, agreement.currency, options), prepaid };
}
