/**
 * Finding the profile an import names: a built-in profile by name, or a user
 * profile file by a path ending in .json. A profile file that cannot be read
 * or is not valid stops the import with one sentence, before any file is read.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportKind } from '../../../shared/api';
import { createProfileMapper } from './apply-profile';
import { BUILTIN_PROFILES } from './builtin-profiles';
import { ImportFileError } from '../errors';
import { importProfileSchema, type ImportProfile } from './profile-schema';

export interface ProfileInfo {
  name: string;
  label: string;
  description: string | null;
  /** the kind the profile produces, or null when it is guessed from the columns */
  kind: ImportKind | null;
  builtIn: boolean;
}

/** A profile file is a small mapping; anything bigger is not one. */
const MAX_PROFILE_BYTES = 1 << 20;

const builtIns: ReadonlyMap<string, ImportProfile> = new Map(
  BUILTIN_PROFILES.map((p) => {
    // Validated like a user file: a broken built-in fails every test at once.
    const profile = importProfileSchema.parse(p);
    return [profile.name.toLowerCase(), profile];
  }),
);

/** The built-in profiles, for the UI's picker and the CLI's help. */
export function listProfiles(): ProfileInfo[] {
  return [...builtIns.values()].map((p) => ({ name: p.name, label: p.label, description: p.description ?? null, kind: p.kind ?? null, builtIn: true }));
}

function issueText(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'it does not match the profile format';
  const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}

export function parseProfileText(text: string, label: string): ImportProfile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFileError(`The import profile ${label} is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).`);
  }
  const result = importProfileSchema.safeParse(json);
  if (!result.success) throw new ImportFileError(`The import profile ${label} is not valid: ${issueText(result.error)}.`);
  return result.data;
}

/** The profile an import names, or null for the canonical form. */
export function resolveProfile(spec: string | undefined | null): ImportProfile | null {
  const name = spec?.trim();
  if (!name) return null;
  if (name.toLowerCase().endsWith('.json')) {
    const label = basename(name);
    let text: string;
    try {
      const stat = statSync(name);
      if (!stat.isFile()) throw new ImportFileError(`The import profile ${label} is not a file.`);
      if (stat.size > MAX_PROFILE_BYTES) throw new ImportFileError(`The import profile ${label} is larger than 1 MiB, so it is not a profile.`);
      text = readFileSync(name, 'utf8');
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      throw new ImportFileError(`The import profile ${label} could not be read.`);
    }
    return parseProfileText(text, label);
  }
  const profile = builtIns.get(name.toLowerCase());
  if (!profile) {
    const known = [...builtIns.values()].map((p) => p.name).join(', ');
    throw new ImportFileError(`There is no import profile called "${name}"; the built-in profiles are ${known}, or give the path of a .json profile file.`);
  }
  return profile;
}

/**
 * The built-in profile a header looks like (every column it needs is there),
 * so "could not tell the kind" can say "this looks like a Harvest export".
 */
export function suggestProfile(header: readonly string[]): ImportProfile | null {
  for (const profile of builtIns.values()) {
    if (!profile.kind) continue;
    try {
      createProfileMapper(profile, header).requireFieldsOf(profile.kind);
      return profile;
    } catch {
      // not this one
    }
  }
  return null;
}
