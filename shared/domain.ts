/**
 * Domain schemas: the canonical agreement document of data-formats.md and the
 * invoice JSON every host prints. Types are inferred from the schemas so the
 * validation and the types can never drift apart.
 *
 * Messages of the agreement schema are the end of a sentence whose subject is
 * the field ("is missing", "must not be negative"): the importer puts the
 * field, its value and where it is in front (agreement-row.ts), so a reason
 * reads `tax_rate "8.25" is more than 1 …`. Every check has its own words;
 * nothing shows a validator's default message.
 */
import { z } from 'zod';
import { currencyMinorUnits, isIsoCurrency } from './currencies';
import { DECIMAL_PATTERN, Decimal } from './money';
import { isPeriod, isValidDate } from './period';

const isMissing = (input: unknown) => input === undefined || input === null;

/** An `error` for a type check: "is missing" when there is no value, else what the value must be. */
const mustBe = (what: string) => (issue: { input?: unknown }) => (isMissing(issue.input) ? 'is missing' : `must be ${what}`);

export const decimalString = z
  .string({
    error: (issue) =>
      isMissing(issue.input)
        ? 'is missing'
        : typeof issue.input === 'number'
          ? 'must be a decimal written as text in quotes, such as "1234.50" (a JSON number can lose digits)'
          : 'must be a decimal written as text, such as "1234.50"',
  })
  .regex(DECIMAL_PATTERN, { message: 'is not a decimal number (expected digits with a "." separator and no thousands separators, e.g. "1234.50")' });

/** Checks that only make sense on a well-formed decimal skip the others: the pattern's own message speaks for those. */
const isDecimal = (v: string) => DECIMAL_PATTERN.test(v);

export const nonNegativeDecimal = decimalString.refine((v) => !isDecimal(v) || !v.startsWith('-'), { message: 'must not be negative' });

const positiveDecimal = decimalString.refine((v) => !isDecimal(v) || (!v.startsWith('-') && /[1-9]/.test(v)), {
  message: 'must be greater than zero',
});

export const dateString = z
  .string({ error: mustBe('a date written YYYY-MM-DD, such as "2026-01-15"') })
  .refine(isValidDate, { message: 'is not a real calendar date (expected YYYY-MM-DD, such as "2026-01-15")' });

/** Required text: blank counts as missing. */
const requiredText = z.string({ error: mustBe('text in quotes') }).trim().min(1, { message: 'is missing' });

/** Optional text: blank or whitespace-only is "not given" (null), as in the CSV form, never a rejection. */
const optionalText = z
  .string({ error: mustBe('text in quotes') })
  .trim()
  .transform((v) => (v === '' ? null : v))
  .nullish();

/** A whole number of days or minutes: counts, not money, so a JSON number is exact. */
const wholeNumber = (min: number, max: number, unit: string, example: number) =>
  z
    .number({ error: mustBe(`a whole number of ${unit} written without quotes, such as ${example}`) })
    .int({ message: `must be a whole number of ${unit}` })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

export const HOURS_KINDS = ['professional_services', 'support'] as const;
export const hoursKind = z.enum(HOURS_KINDS, { error: mustBe(`one of ${HOURS_KINDS.join(', ')}`) });
export type HoursKind = z.infer<typeof hoursKind>;

export const AGGREGATIONS = ['sum', 'max', 'last', 'count'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const tierSchema = z.object(
  {
    up_to: nonNegativeDecimal.nullable(),
    unit_price: nonNegativeDecimal,
    flat_fee: nonNegativeDecimal.default('0'),
  },
  { error: mustBe('an object with up_to and unit_price') },
);
export type Tier = z.infer<typeof tierSchema>;

/** Tiers ascend strictly and only the last one is open-ended. */
const tierList = z
  .array(tierSchema, { error: mustBe('a list of tiers') })
  .min(1, { message: 'needs at least one tier' })
  .superRefine((tiers, ctx) => {
    tiers.forEach((tier, i) => {
      const last = i === tiers.length - 1;
      if (tier.up_to === null && !last) ctx.addIssue({ code: 'custom', path: [i, 'up_to'], message: 'is open-ended, but only the last tier may be' });
      if (tier.up_to !== null && last) ctx.addIssue({ code: 'custom', path: [i, 'up_to'], message: 'must be open-ended in the last tier (up_to null, or inf in the CSV form)' });
      const prev = tiers[i - 1]?.up_to;
      if (i > 0 && prev != null && tier.up_to !== null && compareDecimalStrings(tier.up_to, prev) <= 0) {
        ctx.addIssue({ code: 'custom', path: [i, 'up_to'], message: `must be above the previous tier's up_to (${prev}): tier limits must increase` });
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

/** Roles are compared trimmed and case-insensitively; an empty role is no role (rating and import agree on this). */
export function normalizeRole(role: string | null | undefined): string | null {
  const r = role?.trim().toLowerCase() ?? '';
  return r === '' ? null : r;
}

/** Bill cycles (rating.md "Bill cycles, …"): how long a charge's term is, where terms start, when a recurring term is billed. */
export const INTERVALS = ['month', 'quarter', 'half_year', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];
export const ALIGNS = ['calendar', 'anniversary'] as const;
export type Align = (typeof ALIGNS)[number];
export const TIMINGS = ['advance', 'arrears'] as const;
export type Timing = (typeof TIMINGS)[number];

/** Absent or null means the default (month, calendar, advance): old documents stay byte-identical. */
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: mustBe(`one of ${values.join(', ')}`) }).nullish();
const termFields = { interval: oneOf(INTERVALS), align: oneOf(ALIGNS) };

/** A field that has no meaning on this kind of charge: refused, never silently ignored. */
const notHere = (why: string) => z.undefined({ error: () => `does not apply here: ${why}` }).optional();
const noTerm = (why: string) => ({ interval: notHere(why), align: notHere(why), timing: notHere(why) });

const recurringCharge = z.object({
  type: z.literal('recurring'),
  code: requiredText,
  description: optionalText,
  amount: decimalString,
  ...termFields,
  timing: oneOf(TIMINGS),
});

const oneTimeCharge = z.object({
  type: z.literal('one_time'),
  code: requiredText,
  description: optionalText,
  amount: decimalString,
  bill_on: dateString,
  ...noTerm('a one_time charge is billed once, in the month of bill_on'),
});

const usageBase = {
  type: z.literal('usage'),
  metric: requiredText,
  code: optionalText,
  description: optionalText,
  aggregation: z.enum(AGGREGATIONS, { error: mustBe(`one of ${AGGREGATIONS.join(', ')}`) }).default('sum'),
  included: nonNegativeDecimal.default('0'),
  ...termFields,
  timing: z
    .literal('arrears', { error: (issue) => (isMissing(issue.input) ? 'is missing' : 'must be arrears: usage is always billed after the term it was used in') })
    .nullish(),
};

/** A count of events: a JSON number, or digits in quotes (the CSV form has only text). */
const eventCount = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : v),
  wholeNumber(0, 999_999_999, 'events', 100),
);

export const USAGE_MODELS = ['per_unit', 'graduated', 'volume', 'package', 'percentage'] as const;

const usageCharge = z.discriminatedUnion(
  'model',
  [
    z.object({ ...usageBase, model: z.literal('per_unit'), unit_price: nonNegativeDecimal }),
    z.object({ ...usageBase, model: z.literal('graduated'), tiers: tierList }),
    z.object({ ...usageBase, model: z.literal('volume'), tiers: tierList }),
    z.object({ ...usageBase, model: z.literal('package'), package_size: positiveDecimal, package_price: nonNegativeDecimal }),
    z.object({
      ...usageBase,
      model: z.literal('percentage'),
      rate: nonNegativeDecimal,
      per_event_fee: nonNegativeDecimal.default('0'),
      free_events: eventCount.default(0),
      min_per_event: nonNegativeDecimal.nullish(),
      max_per_event: nonNegativeDecimal.nullish(),
    }),
  ],
  { error: discriminatorError('model', USAGE_MODELS) },
);

const hoursCharge = z.object({
  type: z.literal('hours'),
  kind: hoursKind,
  role: optionalText,
  description: optionalText,
  rate: nonNegativeDecimal,
  increment_minutes: wholeNumber(1, 1440, 'minutes', 15).default(1),
  included_hours: nonNegativeDecimal.default('0'),
  ...noTerm('hours are billed in the month the work was done'),
});

export const CHARGE_TYPES = ['recurring', 'one_time', 'usage', 'hours'] as const;

/** An unknown or missing `type` / `model`: the issue's path ends at that field; a charge that is no object at all is said so. */
function discriminatorError(field: string, values: readonly string[]) {
  return (issue: { code?: string; input?: unknown }) => {
    if (issue.code === 'invalid_type') return isMissing(issue.input) ? 'is missing' : 'must be an object with the charge\'s fields';
    const value = typeof issue.input === 'object' && issue.input !== null ? (issue.input as Record<string, unknown>)[field] : undefined;
    return isMissing(value) || value === '' ? `is missing (one of ${values.join(', ')})` : `is not one of ${values.join(', ')}`;
  };
}

export const chargeSchema = z.discriminatedUnion('type', [recurringCharge, oneTimeCharge, usageCharge, hoursCharge], {
  error: discriminatorError('type', CHARGE_TYPES),
});
export type Charge = z.infer<typeof chargeSchema>;
export type RecurringCharge = z.infer<typeof recurringCharge>;
export type OneTimeCharge = z.infer<typeof oneTimeCharge>;
export type UsageCharge = z.infer<typeof usageCharge>;
export type HoursCharge = z.infer<typeof hoursCharge>;

/** A decimal's digits after the point, trailing zeros ignored ("1200.00" has none: it is whole). */
function decimalPlaces(value: string): number {
  const fraction = value.split('.')[1] ?? '';
  return fraction.replace(/0+$/, '').length;
}

/**
 * The money amounts of an agreement that are themselves totals billed as they
 * are, so must fit the currency's minor unit (never rounded silently). Unit
 * prices (usage unit_price, tier unit_price, hours rate) are prices per unit
 * and may carry more decimals (0.002 per API call): their line is rounded once.
 */
function moneyAmounts(a: {
  minimum_commitment: string;
  deposit: string;
  charges: readonly Charge[];
  commitment?: { amount: string } | null;
}): { path: (string | number)[]; value: string }[] {
  const out: { path: (string | number)[]; value: string }[] = [
    { path: ['minimum_commitment'], value: a.minimum_commitment },
    { path: ['deposit'], value: a.deposit },
  ];
  if (a.commitment) out.push({ path: ['commitment', 'amount'], value: a.commitment.amount });
  a.charges.forEach((c, i) => {
    if (c.type === 'recurring' || c.type === 'one_time') out.push({ path: ['charges', i, 'amount'], value: c.amount });
    if (c.type === 'usage' && c.model === 'package') out.push({ path: ['charges', i, 'package_price'], value: c.package_price });
    if (c.type === 'usage' && (c.model === 'graduated' || c.model === 'volume')) {
      c.tiers.forEach((t, j) => out.push({ path: ['charges', i, 'tiers', j, 'flat_fee'], value: t.flat_fee }));
    }
  });
  return out;
}

function placesWords(n: number): string {
  return n === 0 ? 'no decimal places' : n === 1 ? '1 decimal place' : `${n} decimal places`;
}

/** What a second charge prices again: a usage metric, or an hours kind and role (null: no role). */
export type DuplicatePricing = { type: 'usage'; metric: string } | { type: 'hours'; kind: HoursKind; role: string | null };

/** The reason an agreement with two charges pricing the same thing is rejected; `first` names the earlier charge. */
export function duplicatePricingMessage(what: DuplicatePricing, first: string): string {
  return what.type === 'usage'
    ? `the metric ${what.metric} is already priced by ${first}, so its usage would be billed twice; keep one charge per metric`
    : `${what.kind} hours ${what.role === null ? 'with no role' : `for the role ${what.role}`} are already priced by ${first}, so which rate applies is ambiguous; keep one charge per hours kind and role`;
}

/**
 * Two charges pricing the same metric (usage) or the same hours kind and role
 * make the agreement ambiguous: the usage would be billed twice (anomalies.md).
 * The issue sits on the later charge; its params say what and which charge came first.
 */
function duplicatePricing(charges: readonly Charge[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  charges.forEach((c, i) => {
    if (c.type !== 'usage' && c.type !== 'hours') return;
    const role = c.type === 'hours' ? normalizeRole(c.role) : null;
    const key = c.type === 'usage' ? JSON.stringify(['usage', c.metric]) : JSON.stringify(['hours', c.kind, role]);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    const what: DuplicatePricing = c.type === 'usage' ? { type: 'usage', metric: c.metric } : { type: 'hours', kind: c.kind, role: role === null ? null : c.role!.trim() };
    ctx.addIssue({
      code: 'custom',
      path: ['charges', i, c.type === 'usage' ? 'metric' : role === null ? 'kind' : 'role'],
      message: duplicatePricingMessage(what, `charge ${first + 1}`),
      params: { duplicateOf: first, duplicate: what },
    });
  });
}

const monthString = z
  .string({ error: mustBe('a month written YYYY-MM, such as "2026-01"') })
  .refine(isPeriod, { message: 'is not a month written YYYY-MM, such as "2026-01"' });

/** A window of whole months; `from` after `to` is named on `from`. */
function windowOrder(w: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (isPeriod(w.from) && isPeriod(w.to) && w.from > w.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: `is after to "${w.to}"; a window runs from its first month to its last` });
  }
}

/** Units of a metric paid for up front, consumed month by month over the window (rating.md "Prepaid units"). */
const prepaidBlock = z
  .object(
    { metric: requiredText, units: nonNegativeDecimal, from: monthString, to: monthString },
    { error: mustBe('an object with metric, units, from and to') },
  )
  .superRefine(windowOrder);
export type PrepaidBlock = z.infer<typeof prepaidBlock>;

/** What the agreement's invoices of the window must add up to at least (rating.md "Commitment over a term"). */
const commitmentTerm = z
  .object({ amount: nonNegativeDecimal, from: monthString, to: monthString }, { error: mustBe('an object with amount, from and to') })
  .superRefine(windowOrder);
export type CommitmentTerm = z.infer<typeof commitmentTerm>;

/** Why a zero tax rate applies (e-invoicing.md "Tax"): each maps to an EN 16931 VAT category. */
export const TAX_EXEMPTIONS = ['reverse_charge', 'intra_community', 'export', 'exempt', 'zero_rated'] as const;
export type TaxExemption = (typeof TAX_EXEMPTIONS)[number];
/** The e-invoice form an agreement's documents are issued in (absent: a plain PDF). */
export const E_INVOICE_FORMS = ['facturx', 'cii', 'ubl'] as const;
export type EInvoiceForm = (typeof E_INVOICE_FORMS)[number];

/** Blank text is "not given", as in the CSV form. */
const blankAsNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
/** An ISO 3166-1 alpha-2 code the runtime's region data knows (case-insensitive). */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Za-z]{2}$/.test(code)) return false;
  const upper = code.toUpperCase();
  // Region codes that are not countries (ZZ unknown, EU/EZ/UN groupings) and UK (the ISO code is GB).
  if (['ZZ', 'EU', 'EZ', 'UN', 'UK', 'QO'].includes(upper)) return false;
  return regionNames.of(upper) !== upper;
}

/** The fields of an agreement document, each checked on its own. */
const agreementFields = z.object(
  {
    agreement_id: requiredText,
    account_id: requiredText,
    account_name: optionalText,
    // Any code is kept: an invalid one is flagged (agreement_incomplete), not rejected.
    currency: requiredText.transform((c) => c.toUpperCase()),
    start_date: dateString,
    end_date: dateString.nullish().transform((v) => v ?? null),
    owner: optionalText,
    po_number: optionalText,
    bill_to: optionalText,
    /** the customer's tax / VAT registration number, printed on its invoices (optional; kept in the agreement document) */
    tax_id: optionalText,
    // E-invoicing (e-invoicing.md "New fields"): optional unless e_invoice asks for a form that needs them.
    buyer_country: optionalText.refine((v) => v == null || isCountryCode(v), {
      message: 'is not a country code; write the two-letter ISO 3166-1 code, e.g. DE or FR',
    }).transform((v) => v?.toUpperCase() ?? null),
    /** BT-10, e.g. a Leitweg-ID; the e-invoice falls back to po_number */
    buyer_reference: optionalText,
    /** BT-49: the buyer's Peppol participant id, EAS scheme:identifier (e.g. 0204:04011000-12345-03 or 9930:DE987654321) */
    buyer_peppol_id: optionalText.refine((v) => v == null || /^([0-9]{4}|EM):[^\s:][^\s]{0,99}$/.test(v), {
      message: 'is scheme:identifier with an EAS scheme code, e.g. 0204:04011000-12345-03 or 9930:DE987654321',
    }),
    tax_exemption: z
      .preprocess(blankAsNull, z.enum(TAX_EXEMPTIONS, { error: mustBe(`one of ${TAX_EXEMPTIONS.join(', ')} (the reason a zero tax_rate applies)`) }).nullish())
      .transform((v) => v ?? null),
    tax_exemption_reason: optionalText,
    e_invoice: z
      .preprocess(blankAsNull, z.enum(E_INVOICE_FORMS, { error: mustBe(`one of ${E_INVOICE_FORMS.join(', ')} (or left empty for a plain PDF)`) }).nullish())
      .transform((v) => v ?? null),
    payment_terms_days: wholeNumber(0, 3650, 'days', 30).default(30),
    tax_rate: nonNegativeDecimal.default('0'),
    discount_percent: nonNegativeDecimal
      .refine((v) => !isDecimal(v) || v.startsWith('-') || compareDecimalStrings(v, '100') <= 0, { message: 'must be at most 100 (it is a percentage: 10 means 10 %)' })
      .default('0'),
    minimum_commitment: nonNegativeDecimal.default('0'),
    deposit: nonNegativeDecimal.default('0'),
    charges: z.array(chargeSchema, { error: mustBe('a list of charges') }),
    prepaid: z.array(prepaidBlock, { error: mustBe('a list of prepaid blocks') }).nullish(),
    commitment: commitmentTerm.nullish(),
  },
  { error: mustBe('an object with the agreement fields') },
);

/**
 * A stored agreement document: what the rating reads. Documents imported
 * before the import's rules below were tightened are still of this shape, so
 * the rating (and its tests) must price anything this schema accepts.
 */
export const agreementDocumentSchema = agreementFields.superRefine((a, ctx) => {
  if (a.end_date !== null && a.end_date < a.start_date) {
    ctx.addIssue({ code: 'custom', path: ['end_date'], message: `is before start_date ${a.start_date}` });
  }
});

/**
 * What the import lets in: a document whose terms can be billed as they are.
 * - tax_rate is a fraction (0.0825 = 8.25 %): above 1 it was meant as a percentage.
 * - Money totals fit the currency's minor unit (never rounded silently).
 * - No metric, and no hours kind and role, is priced by two charges.
 */
function importRules(a: z.output<typeof agreementDocumentSchema>, ctx: z.RefinementCtx): void {
  if (compareDecimalStrings(a.tax_rate, '1') > 0) {
    const percent = new Decimal(a.tax_rate);
    ctx.addIssue({
      code: 'custom',
      path: ['tax_rate'],
      message: `is more than 1, but tax_rate is a fraction: 0.0825 means 8.25 % (for ${percent.toFixed()} % write ${percent.div(100).toFixed()})`,
    });
  }
  const places = currencyMinorUnits(a.currency);
  const unit = isIsoCurrency(a.currency) ? `${a.currency} amounts have` : `amounts in ${a.currency} (not an ISO 4217 code, so treated as 2 decimals) have`;
  for (const { path, value } of moneyAmounts(a)) {
    const has = decimalPlaces(value);
    if (has > places) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `has ${placesWords(has)}, but ${unit} ${places === 0 ? 'none' : `at most ${places}`}; correct the amount (it is never rounded silently)`,
      });
    }
  }
  if (a.tax_exemption !== null && compareDecimalStrings(a.tax_rate, '0') > 0) {
    ctx.addIssue({ code: 'custom', path: ['tax_exemption'], message: `applies only to a zero tax_rate, but tax_rate is ${a.tax_rate}` });
  }
  duplicatePricing(a.charges, ctx);
  percentageRules(a.charges, ctx);
  prepaidRules(a, ctx);
}

/** Fields the percentage model has no use for are refused rather than ignored; the per-event bounds must not cross. */
function percentageRules(charges: readonly Charge[], ctx: z.RefinementCtx): void {
  charges.forEach((c, i) => {
    if (c.type !== 'usage' || c.model !== 'percentage') return;
    if (c.aggregation !== 'sum') {
      ctx.addIssue({ code: 'custom', path: ['charges', i, 'aggregation'], message: 'does not apply to the percentage model: every record is priced on its own' });
    }
    if (new Decimal(c.included).gt(0)) {
      ctx.addIssue({ code: 'custom', path: ['charges', i, 'included'], message: 'does not apply to the percentage model; use free_events for events not charged' });
    }
    if (c.min_per_event != null && c.max_per_event != null && new Decimal(c.min_per_event).gt(c.max_per_event)) {
      ctx.addIssue({ code: 'custom', path: ['charges', i, 'min_per_event'], message: `is above max_per_event "${c.max_per_event}", so no fee could satisfy both` });
    }
  });
}

/**
 * A prepaid block must name a metric a usage charge of the agreement prices by
 * sum or count (rating.md); two blocks of one metric must not overlap, or
 * which block a month consumes would be ambiguous.
 */
function prepaidRules(a: { charges: readonly Charge[]; prepaid?: readonly PrepaidBlock[] | null }, ctx: z.RefinementCtx): void {
  (a.prepaid ?? []).forEach((block, i) => {
    const charge = a.charges.find((c): c is UsageCharge => c.type === 'usage' && c.metric === block.metric);
    if (!charge) {
      ctx.addIssue({ code: 'custom', path: ['prepaid', i, 'metric'], message: 'is not priced by any usage charge of this agreement, so the units could never be used' });
    } else if (charge.model === 'percentage') {
      ctx.addIssue({ code: 'custom', path: ['prepaid', i, 'metric'], message: 'is priced by the percentage model, whose records are money, not units that can be prepaid' });
    } else if (charge.aggregation !== 'sum' && charge.aggregation !== 'count') {
      ctx.addIssue({
        code: 'custom',
        path: ['prepaid', i, 'metric'],
        message: `is aggregated by ${charge.aggregation}; only sum and count aggregations may be prepaid (a ${charge.aggregation} is not used up month by month)`,
      });
    }
    const overlap = (a.prepaid ?? []).findIndex((other, j) => j < i && other.metric === block.metric && other.from <= block.to && block.from <= other.to);
    if (overlap !== -1) {
      ctx.addIssue({ code: 'custom', path: ['prepaid', i, 'from'], message: `overlaps prepaid block ${overlap + 1} of the same metric; windows of one metric must not overlap` });
    }
  });
}

// Only on a document whose fields are each valid: a malformed decimal has its own reason, and the first problem is what a person sees.
export const agreementSchema = agreementDocumentSchema.superRefine(importRules, { when: (payload) => payload.issues.length === 0 });
export type Agreement = z.infer<typeof agreementSchema>;

export const LINE_KINDS = ['recurring', 'usage', 'hours', 'one_time', 'minimum', 'true_up', 'discount', 'adjustment'] as const;
export const lineKind = z.enum(LINE_KINDS);
export type LineKind = z.infer<typeof lineKind>;

export const INVOICE_STATUSES = ['draft', 'approved', 'finalized'] as const;
export const invoiceStatus = z.enum(INVOICE_STATUSES);
export type InvoiceStatus = z.infer<typeof invoiceStatus>;

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export const severity = z.enum(SEVERITIES);
export const ANOMALY_STATUSES = ['open', 'acknowledged', 'dismissed'] as const;
export const anomalyStatus = z.enum(ANOMALY_STATUSES);
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
  /** whether the invoice is held (only drafts can be); added after data-formats.md, which lists the other keys */
  on_hold: z.boolean(),
  /** `billing invoices --json` only: what is still unpaid as of --as-of (receivables.md); null until the invoice is issued */
  open_balance: z.string().nullable().optional(),
  /** each active finding with its review status (open, acknowledged, dismissed) */
  anomalies: z.array(z.object({ rule: z.string(), severity, message: z.string(), status: anomalyStatus })),
});
export type InvoiceJson = z.infer<typeof invoiceJsonSchema>;
