/**
 * Rule settings a reviewer can change (settings key 'anomaly_rules'): per rule
 * `{ enabled, severity?, thresholds }`. Thresholds are exact decimal strings
 * (a JSON number is accepted and taken as written). Reading is forgiving, so
 * one bad stored value falls back to its default instead of disabling
 * detection; writing is strict and audited. The caller re-rates (and so
 * re-detects) the period after a change.
 */
import { z } from 'zod';
import type { Sqlite } from '../../../db/open';
import { severity as severitySchema, type Severity } from '../../../shared/domain';
import { Decimal, DECIMAL_PATTERN } from '../../../shared/money';
import { appendAudit } from '../audit/audit-log';
import { NotFoundError } from '../errors';
import { readSetting } from '../settings/settings';
import { RULES, ruleById } from './rules';
import type { Rule, ThresholdSpec } from './types';

export const ANOMALY_RULES_KEY = 'anomaly_rules';

export interface ResolvedRuleSettings {
  enabled: boolean;
  severity: Severity;
  thresholds: Record<string, Decimal>;
}

export interface RuleThresholdInfo {
  name: string;
  description: string;
  default: string;
  value: string;
  integer: boolean;
  min: string | null;
  max: string | null;
}

export interface RuleInfo {
  id: string;
  description: string;
  default_severity: Severity;
  severity: Severity;
  enabled: boolean;
  thresholds: RuleThresholdInfo[];
}

export interface RuleSettingsPatch {
  enabled?: boolean;
  /** null returns to the rule's default severity */
  severity?: Severity | null;
  /** null returns a threshold to its default */
  thresholds?: Record<string, string | number | null>;
}

/** A decimal threshold: a decimal string, or a JSON number taken as written (0.5 → "0.5"). */
const decimalInput = z
  .union([z.string().trim(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  // abort: the range checks after it would otherwise run on text that is no number and throw a raw DecimalError.
  .refine((v) => DECIMAL_PATTERN.test(v) && !v.startsWith('-'), { message: 'must be a non-negative decimal such as "2" or "0.5"', abort: true });

const storedEntry = z.object({
  enabled: z.boolean().optional(),
  severity: severitySchema.optional(),
  thresholds: z.record(z.string(), decimalInput).optional(),
});
type StoredEntry = z.infer<typeof storedEntry>;

function thresholdSchema(spec: ThresholdSpec) {
  return decimalInput
    .refine((v) => !spec.integer || /^\d+$/.test(v), { message: 'must be a whole number' })
    .refine((v) => spec.min === undefined || new Decimal(v).gte(spec.min), { message: `must be at least ${spec.min ?? ''}` })
    .refine((v) => spec.max === undefined || new Decimal(v).lte(spec.max), { message: `must be at most ${spec.max ?? ''}` });
}

function patchSchema(rule: Rule) {
  const shape = Object.fromEntries(Object.entries(rule.thresholds).map(([name, spec]) => [name, thresholdSchema(spec).nullable().optional()]));
  return z
    .object({
      enabled: z.boolean().optional(),
      severity: severitySchema.nullable().optional(),
      thresholds: z.object(shape).strict().optional(),
    })
    .strict();
}

function storedSettings(sqlite: Sqlite): Record<string, unknown> {
  return readSetting(sqlite, ANOMALY_RULES_KEY, z.record(z.string(), z.unknown()), {});
}

function storedEntryOf(stored: Record<string, unknown>, ruleId: string): StoredEntry {
  const parsed = storedEntry.safeParse(stored[ruleId] ?? {});
  return parsed.success ? parsed.data : {};
}

function resolve(rule: Rule, entry: StoredEntry): ResolvedRuleSettings {
  const thresholds: Record<string, Decimal> = {};
  for (const [name, spec] of Object.entries(rule.thresholds)) {
    const value = entry.thresholds?.[name];
    thresholds[name] = new Decimal(value !== undefined && thresholdSchema(spec).safeParse(value).success ? value : spec.default);
  }
  // Values that are each valid but contradict each other (min_periods > lookback_periods): back to the defaults.
  const valid = rule.validate?.(thresholds) ?? null;
  const final = valid === null ? thresholds : Object.fromEntries(Object.entries(rule.thresholds).map(([name, spec]) => [name, new Decimal(spec.default)]));
  return { enabled: entry.enabled ?? true, severity: entry.severity ?? rule.defaultSeverity, thresholds: final };
}

/** The settings of every rule, by rule id: the one place detection reads them from. */
export function readRuleSettings(sqlite: Sqlite): Map<string, ResolvedRuleSettings> {
  const stored = storedSettings(sqlite);
  return new Map(RULES.map((rule) => [rule.id, resolve(rule, storedEntryOf(stored, rule.id))]));
}

function info(rule: Rule, settings: ResolvedRuleSettings): RuleInfo {
  return {
    id: rule.id,
    description: rule.description,
    default_severity: rule.defaultSeverity,
    severity: settings.severity,
    enabled: settings.enabled,
    thresholds: Object.entries(rule.thresholds).map(([name, spec]) => ({
      name,
      description: spec.description,
      default: spec.default,
      value: settings.thresholds[name]!.toFixed(),
      integer: spec.integer ?? false,
      min: spec.min ?? null,
      max: spec.max ?? null,
    })),
  };
}

/** Every rule with its description, severity, whether it is on, and its thresholds' current values. */
export function listRules(sqlite: Sqlite): RuleInfo[] {
  const settings = readRuleSettings(sqlite);
  return RULES.map((rule) => info(rule, settings.get(rule.id)!));
}

/** Throws the ZodError of one invalid field, so every host reports it as an invalid request. */
function invalid(path: string, message: string): never {
  z.unknown().superRefine((_, ctx) => ctx.addIssue({ code: 'custom', path: [path], message })).parse(undefined);
  throw new Error(message);
}

/**
 * Changes one rule's settings (validated against its thresholds, audited with
 * before and after). The caller re-rates the period so the change takes effect.
 */
export function updateRuleSettings(sqlite: Sqlite, ruleId: string, patch: RuleSettingsPatch, actor: string): RuleInfo {
  const rule = ruleById(ruleId);
  if (!rule) throw new NotFoundError(`There is no anomaly rule ${ruleId}.`);
  const parsed = patchSchema(rule).parse(patch);
  return sqlite.transaction(() => {
    const stored = storedSettings(sqlite);
    const before = storedEntryOf(stored, rule.id);
    const after: StoredEntry = { ...before, thresholds: { ...(before.thresholds ?? {}) } };
    if (parsed.enabled !== undefined) after.enabled = parsed.enabled;
    if (parsed.severity === null) delete after.severity;
    else if (parsed.severity !== undefined) after.severity = parsed.severity;
    for (const [name, value] of Object.entries(parsed.thresholds ?? {})) {
      if (value === null) delete after.thresholds![name];
      else if (value !== undefined) after.thresholds![name] = value;
    }
    const merged = resolve(rule, { ...after, thresholds: after.thresholds });
    const contradiction = rule.validate?.(
      Object.fromEntries(Object.entries(rule.thresholds).map(([name, spec]) => [name, new Decimal(after.thresholds![name] ?? spec.default)])),
    );
    if (contradiction) invalid('thresholds', contradiction);
    const next = { ...stored, [rule.id]: after };
    sqlite
      .prepare(
        `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(ANOMALY_RULES_KEY, JSON.stringify(next), new Date().toISOString(), actor);
    appendAudit(sqlite, {
      actor,
      action: 'update_anomaly_rule',
      entityType: 'anomaly_rule',
      entityId: rule.id,
      details: { before: { ...before }, after: { ...after } },
    });
    return info(rule, merged);
  })();
}
