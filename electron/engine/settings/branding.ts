/**
 * Branding and numbering as the Settings page sees them. The logo never
 * leaves the engine: the page learns only whether one is set, and a new logo
 * arrives as a file the host vouched for, read here (at most 1 MiB, PNG or
 * JPEG) and stored through updateBranding (validated and audited there).
 */
import { readFileSync, statSync } from 'node:fs';
import type { Sqlite } from '../../../db/open';
import type { BrandingInfo } from '../../../shared/api';
import { ConflictError } from '../errors';
import { issuedNumbers, numbering, type Numbering } from './numbering';
import { branding } from './settings';
import { logoBase64, MAX_LOGO_BYTES, updateBranding, updateNumbering, type BrandingPatch, type NumberingPatch } from './update-settings';

export interface BrandingView {
  branding: BrandingInfo;
  numbering: Numbering;
  issued_numbers: { invoice: number; credit_note: number };
}

export function brandingView(sqlite: Sqlite): BrandingView {
  const { logo_base64, ...rest } = branding(sqlite);
  const issued = issuedNumbers(sqlite);
  return {
    branding: { ...rest, has_logo: logo_base64 !== null },
    numbering: numbering(sqlite),
    issued_numbers: { invoice: issued.invoice_format, credit_note: issued.credit_note_format },
  };
}

/** A logo file's bytes as stored base64, refusing files over 1 MiB before reading them. */
export function readLogo(path: string, name: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new ConflictError(`The logo file ${name} cannot be read.`);
  }
  if (size > MAX_LOGO_BYTES) throw new ConflictError(`${name} is ${Math.ceil(size / 1024)} KB; a logo may be at most 1024 KB.`);
  return logoBase64(readFileSync(path), name);
}

export interface BrandingChange {
  branding: Omit<BrandingPatch, 'logo_base64'>;
  /** a new logo as stored base64, null to remove it, undefined to keep it */
  logo?: string | null;
  numbering: NumberingPatch;
  /** the reviewer confirmed changing a number format after numbers were issued */
  confirmNumberingChange?: boolean;
  /** how the refusal tells the person to confirm (the CLI: "add --confirm"); the app's sentence otherwise */
  howToConfirm?: string;
}

/** Applies branding and numbering changes together: both or neither. */
export function changeBranding(sqlite: Sqlite, change: BrandingChange, actor: string): BrandingView {
  sqlite.transaction(() => {
    const patch: BrandingPatch = { ...change.branding, ...(change.logo !== undefined ? { logo_base64: change.logo } : {}) };
    if (Object.values(patch).some((v) => v !== undefined)) updateBranding(sqlite, patch, actor);
    if (Object.values(change.numbering).some((v) => v !== undefined)) updateNumbering(sqlite, change.numbering, actor, undefined, {
        confirmed: change.confirmNumberingChange === true,
        ...(change.howToConfirm !== undefined ? { howToConfirm: change.howToConfirm } : {}),
      });
  }).immediate();
  return brandingView(sqlite);
}
