/**
 * Change control's locks and corrections (change-control.md): closing and
 * reopening a period, the four-eyes setting, and reviewers' corrections
 * (a source row excluded from billing, a line's quantity overridden).
 */
import { z } from 'zod';
import { rerateImpact } from './imports';
import { jobId, method, money, period } from './common';

export const periodLock = z.object({ period: z.string(), reason: z.string(), closed_by: z.string(), closed_at: z.string() });
export type PeriodLockInfo = z.infer<typeof periodLock>;

export const correctionRow = z.object({
  id: z.number().int(),
  kind: z.enum(['exclude_row', 'override_quantity']),
  period: z.string(),
  source_kind: z.enum(['usage', 'hours']).nullable(),
  source_id: z.number().int().nullable(),
  agreement_id: z.string().nullable(),
  charge_position: z.number().int().nullable(),
  code: z.string().nullable(),
  quantity: z.string().nullable(),
  reason: z.string(),
  actor: z.string(),
  at: z.string(),
  removed_at: z.string().nullable(),
  removed_by: z.string().nullable(),
  removed_reason: z.string().nullable(),
});
export type CorrectionRow = z.infer<typeof correctionRow>;

const reason = z.string().trim().min(3).max(2000);
const invoiceId = z.string().min(1).max(300);
const code = z.string().min(1).max(200);
const rowRef = { source_kind: z.enum(['usage', 'hours']), source_id: z.number().int().positive() };
const rowResult = z.object({
  correction_id: z.number().int(),
  source_kind: z.enum(['usage', 'hours']),
  source_id: z.number().int(),
  period: z.string(),
  invoice_ids: z.array(z.string()),
  rerated: z.array(rerateImpact),
});
const overrideResult = z.object({ correction_id: z.number().int(), invoice_id: z.string(), period: z.string(), code: z.string(), quantity: z.string().nullable(), total: money });

export const controlMethods = {
  'period.lock': method(z.object({ period }), periodLock.nullable(), 'whether a period is closed, by whom and why (null when open)'),
  'period.close': method(z.object({ job_id: jobId, period, reason }), periodLock, 'close a period (audited): rating, adjustments, approvals, corrections and undoing its imports are refused until reopened'),
  'period.reopen': method(z.object({ job_id: jobId, period, reason }), z.object({ period: z.string(), reopened_by: z.string() }), 'reopen a closed period (audited)'),
  'settings.fourEyes': method(z.object({}), z.object({ four_eyes: z.boolean() }), 'whether whoever last changed an invoice is refused its approval'),
  'settings.setFourEyes': method(z.object({ job_id: jobId, required: z.boolean() }), z.object({ four_eyes: z.boolean() }), 'switch the four-eyes rule on or off (audited)'),
  'corrections.list': method(z.object({ period }), z.array(correctionRow), "the period's corrections, active and removed, oldest first"),
  'corrections.exclude': method(z.object({ job_id: jobId, ...rowRef, reason }), rowResult, 'exclude a usage record or time entry from billing (audited); its period is re-rated'),
  'corrections.include': method(z.object({ job_id: jobId, ...rowRef, reason: z.string().max(2000).default('') }), rowResult, 'put an excluded row back into billing (audited); its period is re-rated'),
  'corrections.overrideQuantity': method(
    z.object({ job_id: jobId, invoice_id: invoiceId, code, quantity: z.string().trim().min(1).max(60), reason }),
    overrideResult,
    "override the billable quantity of a usage or hours line (audited); the invoice is re-rated with it",
  ),
  'corrections.removeOverride': method(z.object({ job_id: jobId, invoice_id: invoiceId, code, reason }), overrideResult, "remove a line's quantity override (audited); the invoice is re-rated without it"),
} as const;
