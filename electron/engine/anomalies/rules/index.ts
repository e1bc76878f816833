/**
 * The rule registry: every anomaly rule of anomalies.md, in the order the
 * settings page lists them. Adding a rule = one module in this folder with its
 * test in __tests__/rules/, and one line here.
 */
import type { Rule } from '../types';
import { agreementIncomplete } from './agreement-incomplete';
import { discountOverLimit } from './discount-over-limit';
import { duplicateHours } from './duplicate-hours';
import { duplicateUsage } from './duplicate-usage';
import { excessiveHours } from './excessive-hours';
import { largeTrueUp } from './large-true-up';
import { missingUsage } from './missing-usage';
import { negativeTotal } from './negative-total';
import { overlappingAgreements } from './overlapping-agreements';
import { prepaidExhaustedEarly } from './prepaid-exhausted-early';
import { rateMismatch } from './rate-mismatch';
import { totalJump } from './total-jump';
import { unbilledHours } from './unbilled-hours';
import { unbilledUsage } from './unbilled-usage';
import { unitMismatch } from './unit-mismatch';
import { usageAfterEnd } from './usage-after-end';
import { usageDrop } from './usage-drop';
import { usageSpike } from './usage-spike';
import { zeroTotal } from './zero-total';

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
  prepaidExhaustedEarly,
  largeTrueUp,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
