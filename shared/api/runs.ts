/**
 * Bill runs and their differences, agreement versions (change-control.md):
 * every rating of a period is a run; two runs compare per invoice and per
 * line, with the causes (rows added or removed, agreement version, rule
 * setting, adjustment, reviewer corrections) that explain the difference.
 */
import { z } from 'zod';
import { method, money, perCurrency, period } from './common';

/** What made a period be rated: the command whose change re-rated it. */
export const RUN_TRIGGERS = ['rate', 'import', 'undo', 'adjustment', 'rule', 'correction', 'demo'] as const;
export const runTrigger = z.enum(RUN_TRIGGERS);
export type RunTrigger = z.infer<typeof runTrigger>;

export const billRun = z.object({
  run_id: z.number().int(),
  trigger: runTrigger,
  actor: z.string(),
  at: z.string(),
  invoices: z.number().int(),
  totals: perCurrency,
});
export type BillRun = z.infer<typeof billRun>;

const figures = z.object({ total: money, amount_due: money, status: z.string(), currency: z.string() });
const lineFigures = z.object({ quantity: z.string(), amount: money });

export const fieldChange = z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() });
export type FieldChange = z.infer<typeof fieldChange>;

/** Why an invoice moved between two runs; `text` is the sentence shown to people. */
export const runCause = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rows_added'),
    batch_id: z.number().int(),
    file: z.string(),
    source_kind: z.enum(['usage', 'hours']),
    rows: z.number().int(),
    first_line: z.number().int(),
    last_line: z.number().int(),
    text: z.string(),
  }),
  z.object({ kind: z.literal('rows_removed'), batch_id: z.number().int(), file: z.string(), source_kind: z.enum(['usage', 'hours']), rows: z.number().int(), text: z.string() }),
  z.object({
    kind: z.literal('agreement_version'),
    agreement_id: z.string(),
    from_version: z.number().int().nullable(),
    to_version: z.number().int().nullable(),
    batch_id: z.number().int().nullable(),
    file: z.string().nullable(),
    changes: z.array(fieldChange),
    text: z.string(),
  }),
  z.object({ kind: z.literal('rule_setting'), rule: z.string(), setting: z.string(), before: z.string().nullable(), after: z.string().nullable(), text: z.string() }),
  z.object({ kind: z.literal('adjustment'), adjustment_id: z.number().int(), change: z.enum(['added', 'removed']), description: z.string(), amount: money, text: z.string() }),
  z.object({ kind: z.literal('status'), before: z.string(), after: z.string(), text: z.string() }),
  /** a reviewer excluded a source row from billing, or included it again (change-control.md, corrections) */
  z.object({
    kind: z.literal('row_excluded'),
    correction_id: z.number().int(),
    change: z.enum(['excluded', 'included']),
    source_kind: z.enum(['usage', 'hours']),
    source_id: z.number().int(),
    /** where the row came from; null when its import was undone since */
    file: z.string().nullable(),
    line: z.number().int().nullable(),
    actor: z.string(),
    reason: z.string(),
    text: z.string(),
  }),
  /** a reviewer overrode a line's billable quantity, changed the override or removed it */
  z.object({
    kind: z.literal('quantity_override'),
    correction_id: z.number().int(),
    code: z.string(),
    /** the overriding quantity in each run; null where none was active (the measured quantity billed) */
    before: z.string().nullable(),
    after: z.string().nullable(),
    actor: z.string(),
    reason: z.string(),
    text: z.string(),
  }),
]);
export type RunCause = z.infer<typeof runCause>;

export const invoiceRunDiff = z.object({
  invoice_id: z.string(),
  agreement_id: z.string(),
  before: figures.nullable(),
  after: figures.nullable(),
  /** the agreement version each run rated it with */
  versions: z.object({ before: z.number().int().nullable(), after: z.number().int().nullable() }),
  lines: z.array(z.object({ code: z.string(), before: lineFigures.nullable(), after: lineFigures.nullable() })),
  anomalies: z.object({ before: z.array(z.string()), after: z.array(z.string()) }),
  causes: z.array(runCause),
});
export type InvoiceRunDiff = z.infer<typeof invoiceRunDiff>;

export const runDiff = z.object({
  period: z.string(),
  from: billRun.nullable(),
  to: billRun.nullable(),
  invoices: z.array(invoiceRunDiff),
});
export type RunDiff = z.infer<typeof runDiff>;

export const agreementVersion = z.object({
  agreement_id: z.string(),
  version: z.number().int(),
  batch_id: z.number().int(),
  file: z.string(),
  imported_by: z.string(),
  at: z.string(),
  /** false once its import was undone */
  standing: z.boolean(),
  current: z.boolean(),
  changes: z.array(fieldChange),
});
export type AgreementVersion = z.infer<typeof agreementVersion>;

/** One line compared with the same code on last month's invoice of the agreement. */
export const monthComparison = z.object({
  invoice_id: z.string().nullable(),
  period: z.string(),
  total: money.nullable(),
  lines: z.array(z.object({ code: z.string(), before: lineFigures.nullable(), after: lineFigures.nullable() })),
});

export const runMethods = {
  'runs.list': method(z.object({ period }), z.array(billRun), "the period's bill runs, oldest first"),
  'runs.diff': method(
    z.object({ period, from: z.number().int().positive().optional(), to: z.number().int().positive().optional() }),
    runDiff,
    'what changed per invoice and line between two bill runs of a period (default: the last two), with causes',
  ),
  'invoices.changes': method(
    z.object({ invoice_id: z.string().min(1).max(300) }),
    z.object({ since_last_run: runDiff, last_month: monthComparison, version: z.number().int().nullable() }),
    "what changed on an invoice since its previous bill run and why, and its lines next to last month's invoice of the agreement",
  ),
  'agreements.versions': method(z.object({ agreement_id: z.string().min(1).max(300) }), z.array(agreementVersion), "an agreement's versions, oldest first, with the fields each changed"),
} as const;
