/**
 * Settings stored in the database (so the app and the CLI share them), with
 * defaults for a fresh book. Every change is audited by the caller.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { dbOf } from '../../../db/db-of';
import type { Sqlite } from '../../../db/open';
import { settings } from '../../../db/schema';
import { isCountryCode } from '../../../shared/domain';

export const brandingSchema = z.object({
  company_name: z.string().min(1).max(200),
  company_address: z.string().max(1000),
  /** base64 PNG or JPEG, or null */
  logo_base64: z.string().nullable(),
  accent_color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  payment_instructions: z.string().max(2000),
  footer: z.string().max(500),
  tax_label: z.string().min(1).max(40),
  /** the seller's tax / VAT registration number ('' for none); branding saved before it existed reads as none */
  tax_id: z.string().trim().max(50).default(''),
  // Seller facts an e-invoice needs (e-invoicing.md "New fields"); '' for not set. Branding saved before they existed reads as not set.
  /** ISO 3166-1 alpha-2 (BT-40) */
  seller_country: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine((v) => v === '' || isCountryCode(v), { message: 'seller_country is not a two-letter ISO 3166-1 country code, e.g. DE' })
    .default(''),
  /** the seller's VAT identifier (BT-31), with its country prefix */
  seller_vat_id: z.string().trim().max(50).default(''),
  /** the account payments go to (BT-84), stored without spaces */
  iban: z
    .string()
    .transform((v) => v.replace(/\s+/g, '').toUpperCase())
    .refine((v) => v === '' || isIban(v), { message: 'iban is not a valid IBAN (its check digits do not match)' })
    .default(''),
  /** BT-86 */
  bic: z
    .string()
    .transform((v) => v.replace(/\s+/g, '').toUpperCase())
    .refine((v) => v === '' || /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(v), { message: 'bic is not a BIC; it has 8 or 11 letters and digits, e.g. NWBKGB2L' })
    .default(''),
  /** BT-34: the seller's Peppol participant id as EAS scheme:identifier (e-invoicing DECISIONS "Contract extensions") */
  seller_peppol_id: z
    .string()
    .trim()
    .refine((v) => v === '' || isPeppolId(v), { message: 'seller_peppol_id is scheme:identifier with an EAS scheme code, e.g. 0088:4035811991021 or 9930:DE123456789' })
    .default(''),
  /** BG-6 seller contact: BT-41, BT-42, BT-43 */
  seller_contact_name: z.string().trim().max(100).default(''),
  seller_contact_phone: z.string().trim().max(50).refine((v) => v === '' || /([0-9].*){3,}/.test(v), { message: 'seller_contact_phone has at least three digits' }).default(''),
  seller_contact_email: z.string().trim().max(200).refine((v) => v === '' || /^[^@\s]+@([^@.\s]+\.)+[^@.\s]+$/.test(v), { message: 'seller_contact_email is not an email address' }).default(''),
});

/** A Peppol participant id written scheme:identifier: an EAS code (four digits, or EM for an email address) and the identifier. */
export function isPeppolId(value: string): boolean {
  return /^([0-9]{4}|EM):[^\s:][^\s]{0,99}$/.test(value);
}

/** An IBAN: country, check digits and account, whose ISO 7064 mod-97 check holds. */
export function isIban(value: string): boolean {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/.test(value)) return false;
  const digits = (value.slice(4) + value.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}
export type BrandingSettings = z.infer<typeof brandingSchema>;

export const DEFAULT_BRANDING: BrandingSettings = {
  company_name: 'Lumen Cloud Ltd.',
  company_address: '12 Harbour Street\nBristol BS1 4RN\nUnited Kingdom',
  logo_base64: null,
  accent_color: '#2457d6',
  payment_instructions: 'Please pay by bank transfer to IBAN GB29 NWBK 6016 1331 9268 19 (BIC NWBKGB2L), quoting the invoice number.',
  footer: 'Lumen Cloud Ltd. · Registered in England and Wales No. 09876543 · VAT GB 123 4567 89',
  tax_label: 'Tax',
  tax_id: '',
  seller_country: '',
  seller_vat_id: '',
  iban: '',
  bic: '',
  seller_peppol_id: '',
  seller_contact_name: '',
  seller_contact_phone: '',
  seller_contact_email: '',
};

export function readSetting<T>(sqlite: Sqlite, key: string, schema: z.ZodType<T>, fallback: T): T {
  const row = dbOf(sqlite).select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  if (row === undefined) return fallback;
  const parsed = schema.safeParse(row.value);
  return parsed.success ? parsed.data : fallback;
}

export function branding(sqlite: Sqlite): BrandingSettings {
  return readSetting(sqlite, 'branding', brandingSchema, DEFAULT_BRANDING);
}

/** Stores a setting (as JSON), stamped with when and by whom. */
export function writeSetting(sqlite: Sqlite, key: string, value: unknown, actor: string): void {
  const stamp = { value, updatedAt: new Date().toISOString(), updatedBy: actor };
  dbOf(sqlite).insert(settings).values({ key, ...stamp }).onConflictDoUpdate({ target: settings.key, set: stamp }).run();
}

/** Removes a setting, so it reads as its default again. */
export function deleteSetting(sqlite: Sqlite, key: string): void {
  dbOf(sqlite).delete(settings).where(eq(settings.key, key)).run();
}
