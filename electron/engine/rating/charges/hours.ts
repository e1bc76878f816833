/**
 * Hours charges (rating.md). Only billable entries count. Each entry goes to
 * the agreement's hours charge of the same kind and role, else the charge of
 * the same kind with no role, else it is unbilled (anomaly unbilled_hours).
 * The entry's hours are then rounded up to that charge's increment, and per
 * charge billable_hours = max(0, sum − included_hours), amount = × rate.
 *
 * Work is done in minutes: rounded entries are whole multiples of the
 * increment, so sums stay exact even when an increment (e.g. 7 minutes) has
 * no finite decimal form in hours.
 */
import { normalizeRole, type Charge, type HoursCharge, type HoursKind } from '../../../../shared/domain';
import { DECIMAL_PATTERN, dec, Decimal, plainString } from '../../../../shared/money';
import { humanize } from '../labels';
import { roundLineAmount } from '../line-money';
import { markOverridden } from '../overridden-line';
import type { HoursEntry, QuantityOverride, RatedLine } from '../types';

/** Roles are compared trimmed and case-insensitively (shared with the import, which refuses two charges of one kind and role). */
export { normalizeRole };

export interface HoursChargeRef {
  charge: HoursCharge;
  index: number;
}

/**
 * The charge that prices an entry of `kind` and `role`: exact role match first,
 * then the role-less charge of the kind. With duplicates, the first in
 * agreement order wins. Exported for the rate_mismatch anomaly check.
 */
export function findHoursCharge(charges: readonly Charge[], kind: HoursKind, role: string | null): HoursChargeRef | undefined {
  const wanted = normalizeRole(role);
  let fallback: HoursChargeRef | undefined;
  for (const [index, charge] of charges.entries()) {
    if (charge.type !== 'hours' || charge.kind !== kind) continue;
    const chargeRole = normalizeRole(charge.role);
    if (wanted !== null && chargeRole === wanted) return { charge, index };
    if (chargeRole === null && fallback === undefined) fallback = { charge, index };
  }
  return fallback;
}

const SIXTY = new Decimal(60);

/**
 * An exact decimal as a scaled integer (value = units / 10^scale). The per-entry
 * work (parse, × 60, round up, add) is integer arithmetic on these: decimal.js
 * is only used once per charge, on the sums.
 */
interface Fixed {
  units: bigint;
  scale: number;
}

const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[n]!;
}

/** A contract decimal ("1.25", "-3") as a scaled integer; throws like dec() on anything else. */
function parseFixed(text: string): Fixed {
  if (!DECIMAL_PATTERN.test(text)) throw new Error(`"${text}" is not a decimal number`);
  const dot = text.indexOf('.');
  return dot === -1 ? { units: BigInt(text), scale: 0 } : { units: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

function addFixed(a: Fixed, b: Fixed): Fixed {
  if (a.scale === b.scale) return { units: a.units + b.units, scale: a.scale };
  return a.scale > b.scale
    ? { units: a.units + b.units * pow10(a.scale - b.scale), scale: a.scale }
    : { units: a.units * pow10(b.scale - a.scale) + b.units, scale: b.scale };
}

function fixedDecimal(f: Fixed): Decimal {
  if (f.scale === 0) return new Decimal(f.units.toString());
  const negative = f.units < 0n;
  const digits = (negative ? -f.units : f.units).toString().padStart(f.scale + 1, '0');
  return new Decimal(`${negative ? '-' : ''}${digits.slice(0, -f.scale)}.${digits.slice(-f.scale)}`);
}

/** roundedMinutes on scaled integers: hours × 60, rounded up to a multiple of the increment (ceil, also below zero). */
function roundedMinutesFixed(hours: Fixed, incrementMinutes: number): Fixed {
  const minutes = hours.units * 60n; // at hours.scale
  if (incrementMinutes <= 1) return { units: minutes, scale: hours.scale };
  const d = pow10(hours.scale) * BigInt(incrementMinutes);
  const q = minutes / d; // truncates toward zero
  const ceil = minutes > q * d ? q + 1n : q;
  return { units: ceil * BigInt(incrementMinutes), scale: 0 };
}

/**
 * An entry's minutes rounded up to a multiple of the increment. An increment
 * of 1 minute is the schema default and data-formats.md calls it "no
 * rounding", so such entries keep their hours exactly as entered.
 */
export function roundedMinutes(hours: string, incrementMinutes: number): Decimal {
  return fixedDecimal(roundedMinutesFixed(parseFixed(hours), incrementMinutes));
}

/**
 * Minutes as hours: exact when finite (75 → "1.25"); a repeating value is shown
 * to 4 places. minutes / 60 terminates exactly when the minutes' digits
 * (as an integer) are divisible by 3, since 60 = 2² · 3 · 5.
 */
function hoursText(minutes: Decimal): string {
  const hours = minutes.div(SIXTY);
  const digits = minutes.times(new Decimal(10).pow(minutes.decimalPlaces()));
  return plainString(digits.mod(3).isZero() ? hours : hours.toDecimalPlaces(4));
}

export interface HoursRating {
  /** one line per charge with billable hours, keyed by charge index */
  lines: Map<number, RatedLine>;
  /** billable entries no charge of the agreement can price */
  unbilled: HoursEntry[];
  /**
   * per charge index, the entries it priced at zero because the included hours
   * cover them all (no line): billed, not forgotten, so provenance records them
   */
  covered: Map<number, number[]>;
}

interface Bucket {
  charge: HoursCharge;
  entries: HoursEntry[];
  entered: Fixed;
  minutes: Fixed;
}

export function rateHours(charges: readonly Charge[], entries: readonly HoursEntry[], currency: string, overrides?: ReadonlyMap<number, QuantityOverride>): HoursRating {
  const buckets = new Map<number, Bucket>();
  const unbilled: HoursEntry[] = [];
  for (const entry of entries) {
    if (!entry.billable) continue; // non-billable time is neither priced nor an anomaly
    const ref = findHoursCharge(charges, entry.kind, entry.role);
    if (ref === undefined) {
      unbilled.push(entry);
      continue;
    }
    let bucket = buckets.get(ref.index);
    if (bucket === undefined) {
      bucket = { charge: ref.charge, entries: [], entered: { units: 0n, scale: 0 }, minutes: { units: 0n, scale: 0 } };
      buckets.set(ref.index, bucket);
    }
    bucket.entries.push(entry);
    const hours = parseFixed(entry.hours);
    bucket.entered = addFixed(bucket.entered, hours);
    bucket.minutes = addFixed(bucket.minutes, roundedMinutesFixed(hours, ref.charge.increment_minutes));
  }

  // A charge whose quantity a reviewer overrode bills that quantity even when none of its entries is left.
  for (const [index, charge] of charges.entries()) {
    if (charge.type === 'hours' && overrides?.has(index) && !buckets.has(index)) {
      buckets.set(index, { charge, entries: [], entered: { units: 0n, scale: 0 }, minutes: { units: 0n, scale: 0 } });
    }
  }

  const lines = new Map<number, RatedLine>();
  const covered = new Map<number, number[]>();
  for (const [index, bucket] of buckets) {
    const { charge, entries: priced } = bucket;
    const entered = fixedDecimal(bucket.entered);
    const minutes = fixedDecimal(bucket.minutes);
    const includedMinutes = dec(charge.included_hours).times(SIXTY);
    const measuredMinutes = Decimal.max(0, minutes.minus(includedMinutes));
    // A reviewer's override replaces the billable hours (what the line shows).
    const override = overrides?.get(index);
    const billableMinutes = override === undefined ? measuredMinutes : dec(override.quantity).times(SIXTY);
    if (billableMinutes.isZero()) {
      // all covered by included hours: no line, but the entries were billed (at zero) by this charge
      covered.set(index, priced.map((e) => e.id));
      continue;
    }
    const role = normalizeRole(charge.role) === null ? null : (charge.role ?? null);
    const name = charge.description ?? `${humanize(charge.kind)}${role === null ? '' : ` – ${humanize(role)}`}`;
    const includedNote = dec(charge.included_hours).isZero() ? '' : ` (after ${plainString(dec(charge.included_hours))} h included)`;
    const line: RatedLine = {
      kind: 'hours',
      code: role === null ? charge.kind : `${charge.kind}:${role}`,
      description: `${name}${includedNote}`,
      quantity: hoursText(billableMinutes),
      unitPrice: charge.rate,
      // Exact minutes × rate / 60, rounded once: no error from a shown, rounded quantity.
      amount: roundLineAmount(billableMinutes.times(dec(charge.rate)).div(SIXTY), currency).text,
      chargeIndex: index,
      detail: {
        kind: charge.kind,
        role,
        entries: priced.length,
        hours_entered: plainString(entered),
        increment_minutes: charge.increment_minutes,
        hours_rounded: hoursText(minutes),
        included_hours: charge.included_hours,
        billable_hours: hoursText(billableMinutes),
        billable_minutes: plainString(billableMinutes),
        rate: charge.rate,
      },
      hoursEntryIds: priced.map((e) => e.id),
    };
    lines.set(index, override === undefined ? line : markOverridden(line, hoursText(measuredMinutes), override));
  }
  return { lines, unbilled, covered };
}
