/**
 * The pure rating interface: one agreement, one period, already-selected
 * inputs in, priced lines and totals out. No database here; the period
 * orchestrator (rate-period.ts) selects the rows and stores the result.
 */
import type { Agreement, HoursKind, LineKind } from '../../../shared/domain';
import type { Period } from '../../../shared/period';

/** A manual adjustment a reviewer added to an agreement's period (charges/adjustments.ts turns it into a line). */
export interface Adjustment {
  id: number;
  description: string;
  amount: string;
  reason: string;
}

/** The exact aggregate of one metric's records billed by this agreement in the period. */
export interface UsageTotal {
  /** exact decimal string (sum / max / last / count per the charge's aggregation) */
  value: string;
  /** number of source records aggregated */
  records: number;
}

/** One usage record, for the percentage model (each record is priced on its own). */
export interface UsageEvent {
  id: number;
  /** UTC ISO timestamp */
  ts: string;
  /** exact decimal string */
  quantity: string;
}

/** The window's earlier invoices a commitment true-up adds up (read by the orchestrator). */
export interface CommitmentHistory {
  /** the recurring, usage, hours and minimum lines of those invoices, summed (money string) */
  billed: string;
  /** their invoice ids, oldest first: the true-up line's provenance */
  invoiceIds: string[];
}

/** A time entry of the account, inside the period and the agreement's active dates. */
export interface HoursEntry {
  id: number;
  date: string;
  kind: HoursKind;
  role: string | null;
  /** decimal string, > 0 and <= 24 */
  hours: string;
  billable: boolean;
}

export interface RatedLine {
  kind: LineKind;
  code: string;
  description: string;
  /** exact decimal string */
  quantity: string;
  /** exact decimal string, as the agreement states it where it comes from the agreement */
  unitPrice: string;
  /** rounded once to the currency's minor unit; money string with exactly the minor-unit digits */
  amount: string;
  /** index into agreement.charges of the charge that produced the line; null for minimum and discount */
  chargeIndex: number | null;
  /** facts a reviewer needs to check the line by hand (aggregate, included, tier range, prorated days …) */
  detail: Record<string, string | number | null>;
  /** for hours lines: the ids of the entries priced by this line */
  hoursEntryIds?: number[];
}

export interface RatingInput {
  agreement: Agreement;
  period: Period;
  /**
   * Per metric: the aggregate of the records this agreement bills, computed with
   * that metric's charge aggregation. A metric without records is absent.
   */
  usage: ReadonlyMap<string, UsageTotal>;
  /** the account's entries in the period within the agreement's active dates, for the hours kinds this agreement prices */
  hours: readonly HoursEntry[];
  /** deposit not yet applied by earlier periods' invoices (decimal string) */
  depositRemaining: string;
  /** manual adjustments a reviewer added to this agreement's period, oldest first */
  adjustments?: readonly Adjustment[];
  /** per charge index: the quantity a reviewer set instead of the measured one (usage aggregate, rounded hours) */
  overrides?: ReadonlyMap<number, QuantityOverride>;
  /**
   * Per metric priced by the percentage model: the records this agreement
   * bills (the period's, or the whole term's on the month the term is billed).
   */
  events?: ReadonlyMap<string, readonly UsageEvent[]>;
  /** per index into agreement.prepaid: units the window's other invoices already consumed (prepaid-balance.ts) */
  prepaidUsed?: ReadonlyMap<number, string>;
  /** on the commitment window's last active month: what the window's earlier invoices billed */
  commitment?: CommitmentHistory;
}

/** A reviewer's override of the quantity a usage or hours charge measured (controls/corrections.ts). */
export interface QuantityOverride {
  id: number;
  /** exact decimal string, >= 0 */
  quantity: string;
  reason: string;
}

export interface RatingResult {
  lines: RatedLine[];
  subtotal: string;
  /** non-negative */
  discount: string;
  tax: string;
  total: string;
  depositApplied: string;
  amountDue: string;
  /** billable entries no hours charge of this agreement can price (anomaly unbilled_hours) */
  unbilledHours: HoursEntry[];
  /** per charge index: time entries priced at zero because included hours cover them all (no line, still provenance) */
  coveredHours: ReadonlyMap<number, number[]>;
  /** per index into agreement.prepaid: units this invoice consumed (only blocks it consumed from) */
  prepaidConsumed: ReadonlyMap<number, string>;
}
