/**
 * Minimum commitment (rating.md): when the recurring, usage and hours lines
 * of the month add up to less than minimum_commitment, a `minimum` line adds
 * the difference. One-time lines do not count. The commitment is a monthly
 * figure and is not prorated for partial months (see DECISIONS.md).
 */
import { dec, Decimal } from '../../../shared/money';
import { groupDigits } from '../../../shared/number-text';
import { roundLineAmount } from './line-money';
import type { RatedLine } from './types';

const COUNTED = new Set<RatedLine['kind']>(['recurring', 'usage', 'hours']);

export function minimumLine(lines: readonly RatedLine[], minimumCommitment: string, currency: string): RatedLine | null {
  const commitment = dec(minimumCommitment);
  if (commitment.lte(0)) return null;
  // Sums of rounded line amounts, as the invoice shows them.
  let counted = new Decimal(0);
  for (const line of lines) if (COUNTED.has(line.kind)) counted = counted.plus(dec(line.amount));
  if (counted.gte(commitment)) return null;
  const shortfall = roundLineAmount(commitment.minus(counted), currency);
  if (shortfall.value.isZero()) return null; // a shortfall below the minor unit is not billable
  return {
    kind: 'minimum',
    code: 'minimum',
    description: `Minimum commitment top-up (monthly minimum ${groupDigits(minimumCommitment)})`,
    quantity: '1',
    unitPrice: shortfall.text,
    amount: shortfall.text,
    chargeIndex: null,
    detail: {
      minimum_commitment: minimumCommitment,
      counted_lines_total: counted.toFixed(),
      shortfall: shortfall.text,
    },
  };
}
