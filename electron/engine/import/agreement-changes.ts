/**
 * Which fields of an agreement changed between two versions, for the version
 * history and the causes of a bill-run diff (change-control.md). Charges are
 * matched by what they price (recurring and one-time by code, usage by metric,
 * hours by kind and role), not by position, so reordering charges is no change
 * and a changed price is named as `charges[api_calls].tiers`.
 */
import type { Agreement, Charge } from '../../../shared/domain';

export interface FieldChange {
  field: string;
  /** the value as text (JSON for nested values), null when absent */
  before: string | null;
  after: string | null;
}

function chargeKey(c: Charge): string {
  if (c.type === 'usage') return c.metric;
  if (c.type === 'hours') return c.role ? `${c.kind}/${c.role}` : c.kind;
  return c.code;
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function compareFields(prefix: string, before: Record<string, unknown>, after: Record<string, unknown>, out: FieldChange[]): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    const b = text(before[key]);
    const a = text(after[key]);
    if (b !== a) out.push({ field: `${prefix}${key}`, before: b, after: a });
  }
}

export function agreementChanges(before: Agreement, after: Agreement): FieldChange[] {
  const out: FieldChange[] = [];
  const { charges: beforeCharges, ...beforeTop } = before;
  const { charges: afterCharges, ...afterTop } = after;
  compareFields('', beforeTop, afterTop, out);
  const old = new Map(beforeCharges.map((c) => [chargeKey(c), c]));
  const now = new Map(afterCharges.map((c) => [chargeKey(c), c]));
  for (const key of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const b = old.get(key);
    const a = now.get(key);
    if (!b || !a) {
      out.push({ field: `charges[${key}]`, before: b ? text(b) : null, after: a ? text(a) : null });
      continue;
    }
    compareFields(`charges[${key}].`, b, a, out);
  }
  return out;
}

/** One line for people: `tax_rate 0.08 → 0.1, charges[platform].amount 2500.00 → 2600.00`. */
export function describeChanges(changes: readonly FieldChange[]): string {
  return changes.map((c) => `${c.field} ${c.before ?? '(none)'} → ${c.after ?? '(none)'}`).join(', ');
}
