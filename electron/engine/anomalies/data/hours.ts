/**
 * The period's time entries and how rating prices each billable one: the
 * agreement that owns the entry's (account, kind) on its date, then the
 * charge findHoursCharge picks (same role, else the role-less charge of the
 * kind). Time entries are few (people, not machines, write them), so they are
 * read once into memory.
 */
import type { Sqlite } from '../../../../db/open';
import type { Period } from '../../../../shared/period';
import { readTimeEntries, type TimeEntry } from '../../period-time-entries';
import { findHoursCharge, type HoursChargeRef } from '../../rating/charges/hours';
import type { AgreementData, AgreementInfo } from './agreements';
import { ExcludedRows } from './excluded-rows';

export type { TimeEntry };

export type HoursPricing =
  | { status: 'priced'; owner: AgreementInfo; charge: HoursChargeRef }
  /** the owner of the kind has no charge for the entry's role and no role-less charge */
  | { status: 'role_not_priced'; owner: AgreementInfo }
  /** an agreement of the account is active that day but none prices the kind */
  | { status: 'kind_not_priced'; agreement: AgreementInfo }
  /** no agreement of the account is active that day (and none had ended: see after_end) */
  | { status: 'no_agreement' }
  /** dated after the account's agreement ended, with no other agreement active */
  | { status: 'after_end'; agreement: AgreementInfo };

export class HoursData {
  readonly entries: readonly TimeEntry[];
  /** the entries a person bills for: all that unbilled_hours, rate_mismatch and usage_after_end look at */
  readonly billable: readonly TimeEntry[];
  private readonly pricingCache = new Map<number, HoursPricing>();

  constructor(
    sqlite: Sqlite,
    period: Period,
    private readonly agreements: AgreementData,
    /** rows reviewers excluded from billing: not the period's entries for any rule */
    excluded: ExcludedRows = new ExcludedRows(sqlite),
    /** the period's entries when the caller read them already (a bill run reads them once for rating and detection) */
    read: readonly TimeEntry[] = readTimeEntries(sqlite, period),
  ) {
    this.entries = excluded.hours.size === 0 ? read : read.filter((e) => !excluded.hours.has(e.id));
    this.billable = this.entries.filter((e) => e.billable);
  }

  /** How rating prices the entry (meaningful for billable entries). */
  pricing(entry: TimeEntry): HoursPricing {
    let p = this.pricingCache.get(entry.id);
    if (!p) {
      p = this.computePricing(entry);
      this.pricingCache.set(entry.id, p);
    }
    return p;
  }

  private computePricing(entry: TimeEntry): HoursPricing {
    const owner = this.agreements.hoursOwnerOn(entry.accountId, entry.kind, entry.date);
    if (owner) {
      const charge = findHoursCharge(owner.doc.charges, entry.kind, entry.role);
      return charge ? { status: 'priced', owner, charge } : { status: 'role_not_priced', owner };
    }
    const active = this.agreements.activeOn(entry.accountId, entry.date);
    if (active) return { status: 'kind_not_priced', agreement: active };
    const ended = this.agreements.endedBefore(entry.accountId, entry.date);
    return ended ? { status: 'after_end', agreement: ended } : { status: 'no_agreement' };
  }
}
