/**
 * The import profile format: a JSON mapping file that turns another system's
 * export into the canonical form of data-formats.md. Built-in profiles
 * (builtin-profiles.ts) and user files (`--profile my-crm.json`) are both
 * validated by this one schema, so a built-in profile is also the example of
 * how to write one.
 *
 * Example (all keys but name, label and columns are optional):
 *
 *   {
 *     "name": "my-crm",                       // letters, digits, - _ .
 *     "label": "My CRM time export",
 *     "kind": "hours",                        // the kind it produces (else guessed from the mapped columns)
 *     "delimiter": ";",                       // "," (default), ";", "\t" or "|"
 *     "decimal_separator": ",",               // how numbers write their fraction: "." (default) or ","
 *     "thousands_separator": ".",             // grouping to remove when well-formed: "", ",", ".", " ", "'"
 *     "columns": {                            // canonical field -> source column (matched like headers: trimmed, any case)
 *       "date": "Datum",
 *       "person": { "join": ["First Name", "Last Name"], "separator": " " },
 *       "account_id": { "first_of": ["Client", "Customer"] },
 *       "hours": "Duration",
 *       "billable": "Billable?",
 *       "rate": "Amount (*)"                  // * matches any text, e.g. "Amount (USD)"
 *     },
 *     "constants": { "kind": "professional_services" },
 *     "values": { "billable": { "Billable": "true", "Non-billable": "false" } },
 *     "dates": { "date": ["DD.MM.YYYY", "YYYY-MM-DD"] },
 *     "durations": { "hours": "h:mm" },       // decimal_hours, h:mm, h:mm:ss, minutes, seconds, auto
 *     "scale": { "quantity": "0.001" },       // unit conversion by an exact factor (e.g. MB -> GB)
 *     "keep_unmapped": true                   // other columns stay as extra attributes
 *   }
 *
 * Source columns that no mapping names keep their own names, so a column the
 * export already calls `notes` needs no mapping.
 */
import { z } from 'zod';
import { importKind, type ImportKind } from '../../../shared/api';
import { decimalString } from '../../../shared/domain';
import { isUsableDateFormat } from './date-format';
import { DURATION_FORMATS } from './duration';

export const USAGE_FIELDS = ['event_id', 'account_id', 'metric', 'quantity', 'timestamp'] as const;
export const HOURS_FIELDS = ['entry_id', 'date', 'account_id', 'person', 'kind', 'role', 'hours', 'billable', 'rate', 'project', 'notes'] as const;
export const AGREEMENT_FIELDS = [
  'agreement_id', 'account_id', 'account_name', 'currency', 'start_date', 'end_date', 'owner', 'po_number', 'bill_to', 'tax_id',
  'buyer_country', 'buyer_reference', 'buyer_peppol_id', 'tax_exemption', 'tax_exemption_reason', 'e_invoice',
  'payment_terms_days', 'tax_rate', 'discount_percent', 'minimum_commitment', 'deposit',
] as const;
export const CHARGE_FIELDS = [
  'type', 'charge_type', 'code', 'description', 'amount', 'metric', 'aggregation', 'model', 'unit_price', 'included', 'tiers',
  'package_size', 'package_price', 'kind', 'role', 'rate', 'increment_minutes', 'included_hours', 'bill_on',
  // bill cycles and the percentage model (rating.md "Bill cycles, …")
  'interval', 'align', 'timing', 'per_event_fee', 'free_events', 'min_per_event', 'max_per_event',
] as const;

export const PAYMENT_FIELDS = ['payment_id', 'date', 'account_id', 'amount', 'currency', 'invoice_number', 'method', 'reference', 'status'] as const;
export const DISPUTE_FIELDS = ['dispute_id', 'invoice_number', 'opened_on', 'reason', 'amount', 'resolved_on'] as const;
export const ROLLUP_FIELDS = ['account_id', 'metric', 'day', 'sum', 'count', 'max', 'last_ts', 'last_quantity', 'source'] as const;

export const CANONICAL_FIELDS: Record<ImportKind, ReadonlySet<string>> = {
  usage: new Set(USAGE_FIELDS),
  hours: new Set(HOURS_FIELDS),
  agreements: new Set<string>([...AGREEMENT_FIELDS, ...CHARGE_FIELDS, 'charges']),
  payments: new Set(PAYMENT_FIELDS),
  disputes: new Set(DISPUTE_FIELDS),
  usage_rollup: new Set(ROLLUP_FIELDS),
};

/** Fields without which no row of the kind can be valid: a profile that cannot fill them is refused for the file. */
export const REQUIRED_FIELDS: Record<ImportKind, readonly string[]> = {
  usage: ['account_id', 'metric', 'quantity', 'timestamp'],
  hours: ['date', 'account_id', 'person', 'kind', 'hours', 'billable'],
  agreements: ['agreement_id', 'account_id', 'currency', 'start_date'],
  payments: ['payment_id', 'date', 'account_id', 'amount', 'currency'],
  disputes: ['dispute_id', 'invoice_number', 'opened_on', 'reason'],
  usage_rollup: [...ROLLUP_FIELDS],
};

/** Fields holding decimals, where a profile's decimal and thousands separators apply. */
export const DECIMAL_FIELDS: ReadonlySet<string> = new Set([
  'quantity', 'hours', 'rate', 'amount', 'unit_price', 'included', 'package_size', 'package_price', 'included_hours',
  'tax_rate', 'discount_percent', 'minimum_commitment', 'deposit', 'per_event_fee', 'min_per_event', 'max_per_event',
  // usage rollups
  'sum', 'max', 'last_quantity',
]);

/** Fields that are timestamps rather than days (date formats then keep the time). */
export const TIMESTAMP_FIELDS: ReadonlySet<string> = new Set(['timestamp']);

const columnName = z.string().trim().min(1).max(200);

export const columnSourceSchema = z.union([
  columnName,
  z.object({ join: z.array(columnName).min(1).max(10), separator: z.string().max(10).default(' ') }).strict(),
  z.object({ first_of: z.array(columnName).min(1).max(10) }).strict(),
]);
export type ColumnSource = z.infer<typeof columnSourceSchema>;

const dateFormat = z.string().refine(isUsableDateFormat, {
  message: 'expected a date format of YYYY, MM/M, DD/D (once each), optional HH/H, mm, ss and separators - . / : space T',
});

const fieldName = z.string().trim().min(1).max(100);

export const importProfileSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { message: 'expected 1-64 letters, digits, "-", "_" or "."' }),
    label: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    kind: importKind.optional(),
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    decimal_separator: z.enum(['.', ',']).default('.'),
    thousands_separator: z.enum(['', ',', '.', ' ', "'"]).default(''),
    columns: z.record(fieldName, columnSourceSchema).default({}),
    constants: z.record(fieldName, z.string().max(1000)).default({}),
    values: z.record(fieldName, z.record(z.string().max(200), z.string().max(1000))).default({}),
    dates: z.record(fieldName, z.union([dateFormat, z.array(dateFormat).min(1).max(10)])).default({}),
    durations: z.record(fieldName, z.enum(DURATION_FORMATS)).default({}),
    scale: z.record(fieldName, decimalString.refine((v) => !v.startsWith('-') && /[1-9]/.test(v), { message: 'must be greater than zero' })).default({}),
    keep_unmapped: z.boolean().default(true),
  })
  .strict()
  .superRefine((p, ctx) => {
    const allowed = p.kind ? CANONICAL_FIELDS[p.kind] : new Set(Object.values(CANONICAL_FIELDS).flatMap((s) => [...s]));
    const where = p.kind ? `a ${p.kind} field` : 'a field of data-formats.md';
    for (const section of ['columns', 'constants', 'values', 'dates', 'durations', 'scale'] as const) {
      for (const field of Object.keys(p[section])) {
        if (!allowed.has(field)) ctx.addIssue({ code: 'custom', path: [section, field], message: `"${field}" is not ${where}` });
      }
    }
    if (p.decimal_separator === p.thousands_separator) {
      ctx.addIssue({ code: 'custom', path: ['thousands_separator'], message: 'must differ from decimal_separator' });
    }
  });

export type ImportProfile = z.infer<typeof importProfileSchema>;
/** What a profile file holds before defaults are applied. */
export type ImportProfileInput = z.input<typeof importProfileSchema>;
