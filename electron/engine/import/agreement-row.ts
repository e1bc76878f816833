/**
 * Validates one agreement document (data-formats.md, kind: agreements) and
 * turns what is wrong into one sentence a finance person can act on: the
 * field, its value and what is wrong with it (`tax_rate "8.25" is more than 1,
 * but tax_rate is a fraction: …`), never a validator's own words.
 *
 * The schema (shared/domain.ts) says what is wrong as the end of a sentence;
 * this module puts the subject in front. Both forms of agreements use it: the
 * JSON form names a charge by its number ("charge 2 (usage api_calls): …"),
 * the CSV form by the line it is on.
 */
import type { z } from 'zod';
import { agreementSchema, duplicatePricingMessage, type Agreement, type DuplicatePricing } from '../../../shared/domain';
import { checkIds, RowError, truncate } from './fields';
import type { FieldValue } from './read-records';

export const AGREEMENT_MARKER_COLUMNS = ['agreement_id', 'charges'];

type Path = readonly PropertyKey[];

/**
 * What the schema did not word itself, in plain words: the end of a sentence
 * whose subject is the field. Schema messages come first (zod's precedence);
 * this catches the rest, so no default validator message can reach a person.
 */
const plainWords: z.core.$ZodErrorMap = (issue) => {
  const missing = issue.input === undefined || issue.input === null;
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return 'is missing';
      if (issue.expected === 'string') return 'must be text in quotes';
      if (issue.expected === 'number' || issue.expected === 'int') return 'must be a number written without quotes';
      if (issue.expected === 'array') return 'must be a list';
      if (issue.expected === 'object') return 'must be an object with its fields';
      return 'has the wrong kind of value';
    case 'too_small':
      if (issue.origin === 'string') return 'is missing';
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)}`;
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array' ? 'is too long' : `must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'is not one of the allowed forms';
    default:
      return 'is not valid';
  }
};

/** How a reader names a charge: "charge 2" in a JSON document, "the charge on line 14" in the CSV form. */
export interface ChargeNaming {
  name(index: number): string;
  /** put "charge 2 (usage api_calls): " in front of a charge's problems (the CSV form has the line instead) */
  prefix: boolean;
}

export const JSON_CHARGES: ChargeNaming = { name: (i) => `charge ${i + 1}`, prefix: true };

export interface AgreementProblem {
  /** where in the document, e.g. ['charges', 1, 'unit_price'] */
  path: (string | number)[];
  /** the charge the problem is in, if any */
  chargeIndex: number | null;
  message: string;
}

function valueAt(doc: unknown, path: Path): unknown {
  let value: unknown = doc;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A value worth quoting in a reason: short scalars only. */
function shown(value: unknown): string {
  if (typeof value === 'string') return value.trim() === '' ? '' : ` "${truncate(value.trim())}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return ` ${String(value)}`;
  return '';
}

/** "usage api_calls", "hours support architect", "recurring platform": what a charge is, from the raw document. */
function chargeLabel(charge: unknown): string {
  if (typeof charge !== 'object' || charge === null) return '';
  const c = charge as Record<string, unknown>;
  const words = [c.type, c.type === 'usage' ? c.metric : c.type === 'hours' ? c.kind : c.code, c.type === 'hours' ? c.role : undefined]
    .filter((w): w is string => typeof w === 'string' && w.trim() !== '')
    .map((w) => truncate(w.trim(), 30));
  return words.length ? ` (${words.join(' ')})` : '';
}

/** The subject of the sentence for a path inside one charge: "unit_price", "tier 2 up_to", "the charge". */
function chargeSubject(rest: Path): string {
  if (rest.length === 0) return 'the charge';
  if (rest[0] === 'tiers' && typeof rest[1] === 'number') {
    const tier = `tier ${rest[1] + 1}`;
    return rest.length > 2 ? `${tier} ${String(rest[2])}` : tier;
  }
  return rest.map(String).join('.');
}

function isDuplicate(params: unknown): params is { duplicateOf: number; duplicate: DuplicatePricing } {
  return typeof params === 'object' && params !== null && typeof (params as { duplicateOf?: unknown }).duplicateOf === 'number';
}

/** The first problem of an invalid agreement, worded for a person. */
function describe(issue: z.core.$ZodIssue, doc: unknown, naming: ChargeNaming): AgreementProblem {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const value = valueAt(doc, path);
  if (path[0] === 'charges' && typeof path[1] === 'number') {
    const index = path[1];
    const prefix = naming.prefix ? `${naming.name(index)}${chargeLabel(valueAt(doc, ['charges', index]))}: ` : '';
    const params = issue.code === 'custom' ? issue.params : undefined;
    if (isDuplicate(params)) {
      return { path, chargeIndex: index, message: `${prefix}${duplicatePricingMessage(params.duplicate, naming.name(params.duplicateOf))}` };
    }
    const rest = path.slice(2);
    // A whole charge or tier that is not an object is named, not quoted.
    const quoted = rest.length && typeof rest.at(-1) === 'string' ? shown(value) : '';
    return { path, chargeIndex: index, message: `${prefix}${chargeSubject(rest)}${quoted} ${issue.message}` };
  }
  if (path.length === 0) return { path, chargeIndex: null, message: `the agreement ${issue.message}` };
  // "prepaid block 2 (sms): from "2026-06" is after …": a block is named by its number and metric, like a charge.
  if (path[0] === 'prepaid' && typeof path[1] === 'number' && path.length > 2) {
    const metric = valueAt(doc, ['prepaid', path[1], 'metric']);
    const label = typeof metric === 'string' && metric.trim() !== '' ? ` (${truncate(metric.trim(), 30)})` : '';
    return { path, chargeIndex: null, message: `prepaid block ${path[1] + 1}${label}: ${path.slice(2).map(String).join('.')}${shown(value)} ${issue.message}` };
  }
  return { path, chargeIndex: null, message: `${path.map(String).join('.')}${shown(value)} ${issue.message}` };
}

export type AgreementCheck = { ok: true; agreement: Agreement } | { ok: false; problem: AgreementProblem };

/** Validates an agreement document; a failure is its first problem, worded for a person. */
export function checkAgreement(doc: unknown, naming: ChargeNaming = JSON_CHARGES): AgreementCheck {
  const result = agreementSchema.safeParse(doc, { error: plainWords });
  if (result.success) return { ok: true, agreement: result.data };
  return { ok: false, problem: describe(result.error.issues[0]!, doc, naming) };
}

/**
 * Fields of an agreement and of its charges that identify or match (usage
 * metrics, rate roles, charge codes, the currency): never a line break or
 * control character in them (fields.ts). Names, addresses and descriptions
 * are free text.
 */
export const AGREEMENT_IDS = ['agreement_id', 'account_id', 'currency'] as const;
export const CHARGE_IDS = ['code', 'metric', 'role'] as const;

export function parseAgreementRow(fields: Record<string, FieldValue>): Agreement {
  checkIds(fields, AGREEMENT_IDS);
  const charges = fields.charges;
  if (Array.isArray(charges)) {
    charges.forEach((charge: unknown, i) => {
      if (charge !== null && typeof charge === 'object' && !Array.isArray(charge)) checkIds(charge as Record<string, FieldValue>, CHARGE_IDS, `charges.${i}.`);
    });
  }
  const checked = checkAgreement(fields);
  if (checked.ok) return checked.agreement;
  const { path, message } = checked.problem;
  throw new RowError(path.length ? path.join('.') : null, message);
}
