/**
 * The rule registry: every anomaly rule of anomalies.md, in the order the
 * settings page lists them. Adding a rule = one module in this folder with its
 * test in __tests__/rules/, and one line here.
 */
import type { Rule } from '../types';
import { agreementIncomplete } from './agreement_incomplete';
import { discountOverLimit } from './discount_over_limit';
import { duplicateHours } from './duplicate_hours';
import { duplicateUsage } from './duplicate_usage';
import { excessiveHours } from './excessive_hours';
import { missingUsage } from './missing_usage';
import { negativeTotal } from './negative_total';
import { overlappingAgreements } from './overlapping_agreements';
import { rateMismatch } from './rate_mismatch';
import { totalJump } from './total_jump';
import { unbilledHours } from './unbilled_hours';
import { unbilledUsage } from './unbilled_usage';
import { unitMismatch } from './unit_mismatch';
import { usageAfterEnd } from './usage_after_end';
import { usageDrop } from './usage_drop';
import { usageSpike } from './usage_spike';
import { zeroTotal } from './zero_total';

export const RULES: readonly Rule[] = [
  usageSpike,
  usageDrop,
  missingUsage,
  unbilledUsage,
  unbilledHours,
  duplicateUsage,
  duplicateHours,
  excessiveHours,
  rateMismatch,
  usageAfterEnd,
  totalJump,
  zeroTotal,
  negativeTotal,
  discountOverLimit,
  overlappingAgreements,
  agreementIncomplete,
  unitMismatch,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
