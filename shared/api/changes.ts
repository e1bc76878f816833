/**
 * Preview before apply (change-control.md): a data-changing method run for
 * real inside a transaction that is rolled back, answering with its impact
 * (invoices whose totals move, anomalies opened and closed) and with the
 * method's own result. Applying the same call next does exactly that.
 */
import { z } from 'zod';
import { invoiceStatus } from '../domain';
import { adjustmentMethods } from './adjustments';
import { anomalyMethods, anomalySummary } from './anomalies';
import { method, money } from './common';
import { controlMethods } from './controls';
import { importMethods } from './imports';
import { invoiceMethods } from './invoices';

const figures = z.object({ total: money, amount_due: money });

/** One invoice whose total or amount due changes; `before` null when it appears, `after` null when it disappears; `currency` of its figures. */
export const invoiceImpact = z.object({ invoice_id: z.string(), status: invoiceStatus, currency: z.string(), before: figures.nullable(), after: figures.nullable() });
export type InvoiceImpact = z.infer<typeof invoiceImpact>;

export const changeImpact = z.object({
  invoices: z.array(invoiceImpact),
  anomalies_opened: z.array(anomalySummary),
  anomalies_closed: z.array(anomalySummary),
});
export type ChangeImpact = z.infer<typeof changeImpact>;

/** Each previewable method with its own arguments, so a preview is checked exactly as the call it previews. */
const previewable = <M extends string, A extends z.ZodType>(name: M, args: A) => z.object({ method: z.literal(name), args });

export const previewRequest = z.discriminatedUnion('method', [
  previewable('import.files', importMethods['import.files'].args),
  previewable('import.undo', importMethods['import.undo'].args),
  previewable('period.rate', invoiceMethods['period.rate'].args),
  previewable('rules.update', anomalyMethods['rules.update'].args),
  previewable('adjustments.add', adjustmentMethods['adjustments.add'].args),
  previewable('adjustments.remove', adjustmentMethods['adjustments.remove'].args),
  previewable('corrections.exclude', controlMethods['corrections.exclude'].args),
  previewable('corrections.include', controlMethods['corrections.include'].args),
  previewable('corrections.overrideQuantity', controlMethods['corrections.overrideQuantity'].args),
  previewable('corrections.removeOverride', controlMethods['corrections.removeOverride'].args),
]);
export type PreviewRequest = z.input<typeof previewRequest>;
export type PreviewableMethod = PreviewRequest['method'];

export const changeMethods = {
  'changes.preview': method(
    previewRequest,
    // `result` is what the previewed method would answer (its own schema checks it in the handler).
    z.object({ impact: changeImpact, result: z.unknown() }),
    'run a data-changing method as a preview: its impact and result, with nothing kept',
  ),
} as const;
