/**
 * A line priced from a quantity a reviewer set instead of the measured one:
 * its description says so (the customer sees a corrected quantity, not a
 * silent one) and its detail keeps both figures and the reason, so the
 * invoice page and the audit trail can show what was measured and what billed.
 */
import type { QuantityOverride, RatedLine } from './types';

export function markOverridden(line: RatedLine, measured: string, override: QuantityOverride): RatedLine {
  return {
    ...line,
    description: `${line.description} (quantity corrected by reviewer)`,
    detail: { ...line.detail, measured_quantity: measured, overridden_quantity: override.quantity, override_reason: override.reason, correction_id: override.id },
  };
}
