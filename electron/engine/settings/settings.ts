/**
 * Settings stored in the database (so the app and the CLI share them), with
 * defaults for a fresh book. Every change is audited by the caller.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { dbOf } from '../../../db/db-of';
import type { Sqlite } from '../../../db/open';
import { settings } from '../../../db/schema';

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
});
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
