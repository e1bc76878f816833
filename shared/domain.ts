/**
 * Domain schemas: the canonical agreement document of data-formats.md and the
 * invoice JSON every host prints. Types are inferred from the schemas so the
 * validation and the types can never drift apart.
 */
import { z } from 'zod';
import { DECIMAL_PATTERN } from './money';
import { isValidDate } from './period';

export const decimalString = z
  .string({ error: 'expected a decimal string such as "1234.50"' })
  .regex(DECIMAL_PATTERN, { message: 'expected a decimal such as "1234.50" (dot separator, no thousands separators)' });

export const nonNegativeDecimal = decimalString.refine((v) => !v.startsWith('-'), { message: 'must not be negative' });

const positiveDecimal = decimalString.refine((v) => !v.startsWith('-') && /[1-9]/.test(v), {
  message: 'must be greater than zero',
});

export const dateString = z
  .string({ error: 'expected a date YYYY-MM-DD' })
  .refine(isValidDate, { message: 'expected a real calendar date YYYY-MM-DD' });

const optionalText = z.string().trim().min(1).nullish();

export const HOURS_KINDS = ['professional_services', 'support'] as const;
export const hoursKind = z.enum(HOURS_KINDS, { error: `expected one of ${HOURS_KINDS.join(', ')}` });
export type HoursKind = z.infer<typeof hoursKind>;

export const AGGREGATIONS = ['sum', 'max', 'last', 'count'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const tierSchema = z.object({
  up_to: nonNegativeDecimal.nullable(),
  unit_price: nonNegativeDecimal,
  flat_fee: nonNegativeDecimal.default('0'),
});
export type Tier = z.infer<typeof tierSchema>;

/** Tiers ascend strictly and only the last one is open-ended. */
const tierList = z
  .array(tierSchema)
  .min(1, { message: 'needs at least one tier' })
  .superRefine((tiers, ctx) => {
    tiers.forEach((tier, i) => {
      const last = i === tiers.length - 1;
      if (tier.up_to === null && !last) ctx.addIssue({ code: 'custom', path: [i, 'up_to'], message: 'only the last tier may be open-ended' });
      if (tier.up_to !== null && last) ctx.addIssue({ code: 'custom', path: [i, 'up_to'], message: 'the last tier must be open-ended (up_to null / inf)' });
      const prev = tiers[i - 1]?.up_to;
      if (i > 0 && prev != null && tier.up_to !== null && compareDecimalStrings(tier.up_to, prev) <= 0) {
        ctx.addIssue({ code: 'custom', path: [i, 'up_to'], message: 'tier limits must increase' });
      }
    });
  });

/** Compares non-negative decimal strings without floats. */
function compareDecimalStrings(a: string, b: string): number {
  const [ai = '', af = ''] = a.split('.');
  const [bi = '', bf = ''] = b.split('.');
  const aInt = ai.replace(/^0+(?=\d)/, '');
  const bInt = bi.replace(/^0+(?=\d)/, '');
  if (aInt.length !== bInt.length) return aInt.length - bInt.length;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const aF = af.padEnd(width, '0');
  const bF = bf.padEnd(width, '0');
  return aF === bF ? 0 : aF < bF ? -1 : 1;
}

const recurringCharge = z.object({
  type: z.literal('recurring'),
  code: z.string().trim().min(1),
  description: optionalText,
  amount: decimalString,
});

const oneTimeCharge = z.object({
  type: z.literal('one_time'),
  code: z.string().trim().min(1),
  description: optionalText,
  amount: decimalString,
  bill_on: dateString,
});

const usageBase = {
  type: z.literal('usage'),
  metric: z.string().trim().min(1),
  code: optionalText,
  description: optionalText,
  aggregation: z.enum(AGGREGATIONS, { error: `expected one of ${AGGREGATIONS.join(', ')}` }).default('sum'),
  included: nonNegativeDecimal.default('0'),
};

const usageCharge = z.discriminatedUnion('model', [
  z.object({ ...usageBase, model: z.literal('per_unit'), unit_price: nonNegativeDecimal }),
  z.object({ ...usageBase, model: z.literal('graduated'), tiers: tierList }),
  z.object({ ...usageBase, model: z.literal('volume'), tiers: tierList }),
  z.object({ ...usageBase, model: z.literal('package'), package_size: positiveDecimal, package_price: nonNegativeDecimal }),
]);

const hoursCharge = z.object({
  type: z.literal('hours'),
  kind: hoursKind,
  role: optionalText,
  description: optionalText,
  rate: nonNegativeDecimal,
  increment_minutes: z.number().int().min(1).max(1440).default(1),
  included_hours: nonNegativeDecimal.default('0'),
});

export const chargeSchema = z.discriminatedUnion('type', [recurringCharge, oneTimeCharge, usageCharge, hoursCharge]);
export type Charge = z.infer<typeof chargeSchema>;
export type RecurringCharge = z.infer<typeof recurringCharge>;
export type OneTimeCharge = z.infer<typeof oneTimeCharge>;
export type UsageCharge = z.infer<typeof usageCharge>;
export type HoursCharge = z.infer<typeof hoursCharge>;

export const agreementSchema = z
  .object({
    agreement_id: z.string().trim().min(1),
    account_id: z.string().trim().min(1),
    account_name: optionalText,
    // Any code is kept: an invalid one is flagged (agreement_incomplete), not rejected.
    currency: z.string().trim().min(1).transform((c) => c.toUpperCase()),
    start_date: dateString,
    end_date: dateString.nullish().transform((v) => v ?? null),
    owner: optionalText,
    po_number: optionalText,
    bill_to: optionalText,
    /** the customer's tax / VAT registration number, printed on its invoices (optional; kept in the agreement document) */
    tax_id: optionalText,
    payment_terms_days: z.number().int().min(0).max(3650).default(30),
    tax_rate: nonNegativeDecimal.default('0'),
    discount_percent: nonNegativeDecimal
      .refine((v) => compareDecimalStrings(v, '100') <= 0, { message: 'must be at most 100' })
      .default('0'),
    minimum_commitment: nonNegativeDecimal.default('0'),
    deposit: nonNegativeDecimal.default('0'),
    charges: z.array(chargeSchema),
  })
  .superRefine((a, ctx) => {
    if (a.end_date !== null && a.end_date < a.start_date) {
      ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'end_date is before start_date' });
    }
  });
export type Agreement = z.infer<typeof agreementSchema>;

export const LINE_KINDS = ['recurring', 'usage', 'hours', 'one_time', 'minimum', 'discount', 'adjustment'] as const;
export const lineKind = z.enum(LINE_KINDS);
export type LineKind = z.infer<typeof lineKind>;

export const INVOICE_STATUSES = ['draft', 'approved', 'finalized'] as const;
export const invoiceStatus = z.enum(INVOICE_STATUSES);
export type InvoiceStatus = z.infer<typeof invoiceStatus>;

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export const severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severity>;

/** The invoice JSON of data-formats.md, exactly. */
export const invoiceJsonSchema = z.object({
  invoice_id: z.string(),
  invoice_number: z.string().nullable(),
  status: invoiceStatus,
  agreement_id: z.string(),
  account_id: z.string(),
  period: z.string(),
  currency: z.string(),
  lines: z.array(
    z.object({
      kind: lineKind,
      code: z.string(),
      description: z.string(),
      quantity: z.string(),
      unit_price: z.string(),
      amount: z.string(),
    }),
  ),
  subtotal: z.string(),
  discount: z.string(),
  tax: z.string(),
  total: z.string(),
  deposit_applied: z.string(),
  amount_due: z.string(),
  anomalies: z.array(z.object({ rule: z.string(), severity, message: z.string() })),
});
export type InvoiceJson = z.infer<typeof invoiceJsonSchema>;
