/** Manual adjustments: credit or debit lines a reviewer adds to a draft invoice, with a reason. */
import { z } from 'zod';
import { jobId, method, money } from './common';

export const adjustmentRow = z.object({
  id: z.number().int(),
  agreement_id: z.string(),
  period: z.string(),
  description: z.string(),
  amount: money,
  reason: z.string(),
  created_by: z.string(),
  created_at: z.string(),
});
export type AdjustmentRow = z.infer<typeof adjustmentRow>;

export const adjustmentMethods = {
  'adjustments.list': method(z.object({ invoice_id: z.string().min(1).max(300) }), z.array(adjustmentRow), "the manual adjustments of an invoice's agreement and period"),
  'adjustments.add': method(
    z.object({
      job_id: jobId,
      invoice_id: z.string().min(1).max(300),
      description: z.string().trim().min(1).max(200),
      /** signed decimal: negative credits the customer, positive charges more; the engine checks it (shared/adjustment-amount.ts) so a refusal says why */
      amount: z.string().max(60),
      reason: z.string().trim().min(3).max(2000),
    }),
    z.object({ adjustment: adjustmentRow, invoice_id: z.string(), total: money }),
    'add a manual credit or debit line to a draft (audited); the invoice is re-rated with it',
  ),
  'adjustments.remove': method(
    z.object({ job_id: jobId, adjustment_id: z.number().int().positive(), reason: z.string().trim().min(3).max(2000) }),
    z.object({ invoice_id: z.string(), total: money }),
    'remove a manual adjustment from a draft (audited); the invoice is re-rated without it',
  ),
} as const;
