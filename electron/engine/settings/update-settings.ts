/**
 * Changing branding and numbering: validated against the same schemas the
 * readers use, written in one transaction with an audit record (who, what
 * changed, the old and new values; a logo is recorded by size and sha256,
 * never its bytes). The app and the CLI both call these.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Sqlite } from '../../../db/open';
import { ConflictError } from '../errors';
import { appendAudit } from '../audit/audit-log';
import { issuedNumbers, numberFormatProblem, numbering, numberingSchema, type Numbering } from './numbering';
import { branding, brandingSchema, type BrandingSettings, writeSetting } from './settings';

/** Logos larger than this are refused: it is embedded in every PDF. */
export const MAX_LOGO_BYTES = 1024 * 1024;

export type BrandingPatch = Partial<BrandingSettings>;
export type NumberingPatch = Partial<Numbering>;

/** The kind of image the bytes hold, from their signature; null when neither PNG nor JPEG. */
export function logoKind(bytes: Uint8Array): 'png' | 'jpeg' | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47 && bytes[4] === 0x0d && bytes[5] === 0x0a && bytes[6] === 0x1a && bytes[7] === 0x0a) return 'png';
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** A logo file's bytes as the base64 the branding stores; refuses anything but a PNG or JPEG of at most 1 MB. */
export function logoBase64(bytes: Uint8Array, name = 'the logo'): string {
  if (bytes.length === 0) throw new ConflictError(`${name} is empty.`);
  if (bytes.length > MAX_LOGO_BYTES) throw new ConflictError(`${name} is ${Math.ceil(bytes.length / 1024)} KB; a logo may be at most 1024 KB.`);
  if (!logoKind(bytes)) throw new ConflictError(`${name} is not a PNG or JPEG image.`);
  return Buffer.from(bytes).toString('base64');
}

function describeLogo(base64: string | null): string | null {
  if (base64 === null) return null;
  const bytes = Buffer.from(base64, 'base64');
  return `${logoKind(bytes) ?? 'image'} ${bytes.length} bytes sha256:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
}

/** Plain words for the checks a person trips over most. */
const FIELD_HINTS: Record<string, string> = {
  accent_color: 'the accent colour is written #RRGGBB, e.g. #2457d6',
  company_name: 'the company name must be 1 to 200 characters',
  tax_label: 'the tax label must be 1 to 40 characters',
  tax_id: 'the tax id must be at most 50 characters',
  seller_country: 'the seller country is a two-letter ISO 3166-1 code, e.g. DE',
  seller_vat_id: 'the seller VAT id must be at most 50 characters',
  iban: 'the IBAN is not valid (its check digits do not match)',
  bic: 'the BIC has 8 or 11 letters and digits, e.g. NWBKGB2L',
  seller_peppol_id: 'the seller Peppol id is scheme:identifier with an EAS scheme code, e.g. 0088:4035811991021 or 9930:DE123456789',
  seller_contact_phone: 'the seller contact phone has at least three digits',
  seller_contact_email: 'the seller contact email is not an email address',
};

function firstIssue(error: z.ZodError, what: string): ConflictError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const hint = FIELD_HINTS[field];
  return new ConflictError(hint ? `Invalid ${what}: ${hint}.` : `Invalid ${what}: ${field || 'value'}: ${issue?.message ?? 'not accepted'}.`);
}

/** Changes of `next` against `current`, as { field: [old, new] } (logos described, not copied). */
function changes<T extends Record<string, unknown>>(current: T, next: T): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(next)) {
    if (current[key] === next[key]) continue;
    out[key] = key === 'logo_base64' ? [describeLogo(current[key] as string | null), describeLogo(next[key] as string | null)] : [current[key], next[key]];
  }
  return out;
}

/**
 * Applies a partial branding change (fields left out keep their value;
 * `logo_base64: null` removes the logo). Returns the new branding.
 */
export function updateBranding(sqlite: Sqlite, patch: BrandingPatch, actor: string, reason?: string): BrandingSettings {
  return sqlite.transaction(() => {
    const current = branding(sqlite);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const parsed = brandingSchema.strict().safeParse({ ...current, ...defined });
    if (!parsed.success) throw firstIssue(parsed.error, 'branding');
    const next = parsed.data;
    if (next.logo_base64 !== null) logoBase64(Buffer.from(next.logo_base64, 'base64'));
    const changed = changes(current, next);
    if (Object.keys(changed).length === 0) return current;
    writeSetting(sqlite, 'branding', next, actor);
    appendAudit(sqlite, { actor, action: 'settings_change', entityType: 'settings', entityId: 'branding', reason: reason?.trim() || null, details: changed });
    return next;
  }).immediate();
}

/**
 * Changes the invoice and/or credit-note number format. Numbers already given
 * stay as they are; each distinct prefix is its own gapless sequence. Once
 * numbers of a kind were issued, changing that kind's format starts a new
 * sequence the old numbers do not follow on from: it is refused unless the
 * caller confirms it (the app asks, the CLI takes --confirm).
 */
export function updateNumbering(sqlite: Sqlite, patch: NumberingPatch, actor: string, reason?: string, options: { confirmed?: boolean; /** how the caller confirms, e.g. "add --confirm" */ howToConfirm?: string } = {}): Numbering {
  return sqlite.transaction(() => {
    const current = numbering(sqlite);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as NumberingPatch;
    for (const [field, text] of Object.entries(defined) as [keyof Numbering, string][]) {
      const problem = text === current[field] ? null : numberFormatProblem(field, text);
      if (problem) throw new ConflictError(problem);
    }
    const parsed = numberingSchema.strict().safeParse({ ...current, ...defined });
    if (!parsed.success) throw firstIssue(parsed.error, 'numbering');
    const next = parsed.data;
    if (next.invoice_format === next.credit_note_format) throw new ConflictError('Invoices and credit notes need different number formats.');
    const changed = changes(current, next);
    if (Object.keys(changed).length === 0) return current;
    if (!options.confirmed) {
      const issued = issuedNumbers(sqlite);
      const risky = (Object.keys(changed) as (keyof Numbering)[]).filter((field) => issued[field] > 0);
      if (risky.length) throw new ConflictError(numberingChangeWarning(risky.map((field) => ({ field, issued: issued[field], format: current[field] })), options.howToConfirm));
    }
    writeSetting(sqlite, 'numbering', next, actor);
    appendAudit(sqlite, { actor, action: 'settings_change', entityType: 'settings', entityId: 'numbering', reason: reason?.trim() || null, details: changed });
    return next;
  }).immediate();
}

/** The sentence that asks to confirm a format change after numbers were issued. */
export function numberingChangeWarning(kinds: { field: keyof Numbering; issued: number; format: string }[], howToConfirm?: string): string {
  const what = kinds
    .map((k) => `${k.issued} ${k.field === 'invoice_format' ? 'invoice' : 'credit note'} number${k.issued === 1 ? ' was' : 's were'} already issued with ${k.format}`)
    .join(' and ');
  return `${what}; a new format starts a new sequence that does not follow on from those numbers, so confirm the change${howToConfirm ? ` (${howToConfirm})` : ''} to go ahead.`;
}
