/** Credit notes: crediting a finalized invoice in full, by line or by amount, and discarding a draft note. */
import { z } from 'zod';
import { method, money } from './common';

export const creditNoteMethods = {
  'creditNotes.lines': method(
    z.object({ invoice_id: z.string().min(1).max(300) }),
    z.object({
      invoice_id: z.string(),
      currency: z.string(),
      lines: z.array(
        z.object({
          line_id: z.number().int(),
          kind: z.string(),
          description: z.string(),
          amount: money,
          /** how much of the line credit notes credit already */
          credited: money,
          /** what is left to credit of it */
          remaining: money,
          /** the credit notes crediting (part of) it, comma-separated */
          credited_by: z.string().nullable(),
        }),
      ),
    }),
    "a finalized invoice's lines, how much of each is credited already and by which credit notes",
  ),
  'creditNotes.create': method(
    z.object({
      invoice_id: z.string().min(1).max(300),
      reason: z.string().trim().min(3).max(2000),
      line_ids: z.array(z.number().int().positive()).min(1).max(1000).optional(),
      /** an amount of the one line in lineIds, e.g. "12.34" (the engine checks sign, decimals and what is left) */
      amount: z.string().trim().min(1).max(40).optional(),
    }),
    z.object({ credit_note_id: z.string(), credits_invoice_id: z.string(), credits_invoice_number: z.string(), total: money }),
    'credit a finalized invoice in full, some of its lines, or an amount of one line (audited); the draft note is approved like an invoice and numbered at the next export',
  ),
  'creditNotes.discard': method(
    z.object({ credit_note_id: z.string().min(1).max(300), reason: z.string().trim().min(3).max(2000) }),
    z.object({ credit_note_id: z.string(), credits_invoice_id: z.string() }),
    'discard a draft credit note with a reason (audited); what it credited can be credited again',
  ),
} as const;
