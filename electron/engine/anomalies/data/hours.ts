/**
 * The period's time entries and how rating prices each billable one: the
 * agreement that owns the entry's (account, kind) on its date, then the
 * charge findHoursCharge picks (same role, else the role-less charge of the
 * kind). Time entries are few (people, not machines, write them), so they are
 * read once into memory.
 */
import type { Sqlite } from '../../../../db/open';
import type { HoursKind } from '../../../../shared/domain';
import type { Period } from '../../../../shared/period';
import { findHoursCharge, type HoursChargeRef } from '../../rating/charges/hours';
import type { AgreementData, AgreementInfo } from './agreements';
import { ExcludedRows } from './excluded-rows';

export interface TimeEntry {
  id: number;
  accountId: string;
  person: string;
  date: string;
  kind: HoursKind;
  role: string | null;
  hours: string;
  billable: boolean;
  rate: string | null;
}

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
  readonly entries: TimeEntry[];
  private readonly pricingCache = new Map<number, HoursPricing>();

  constructor(
    sqlite: Sqlite,
    period: Period,
    private readonly agreements: AgreementData,
    /** rows reviewers excluded from billing: not the period's entries for any rule */
    excluded: ExcludedRows = new ExcludedRows(sqlite),
  ) {
    const rows = sqlite
      .prepare(
        `SELECT id, account_id, person, date, kind, role, hours, billable, rate FROM time_entries
         WHERE date >= ? AND date <= ? ORDER BY date, id`,
      )
      .raw()
      .all(period.first, period.last) as [number, string, string, string, HoursKind, string | null, string, number, string | null][];
    this.entries = rows.filter(([id]) => !excluded.hours.has(id)).map(([id, accountId, person, date, kind, role, hours, billable, rate]) => ({
      id, accountId, person, date, kind, role, hours, billable: billable === 1, rate,
    }));
  }

  get billable(): TimeEntry[] {
    return this.entries.filter((e) => e.billable);
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
