/**
 * What the rules share for one period, computed once and only when a rule
 * asks for it: agreements and ownership, usage figures, time entries.
 */
import type { Sqlite } from '../../../db/open';
import type { Period } from '../../../shared/period';
import { AgreementData } from './data/agreements';
import { ExcludedRows } from './data/excluded-rows';
import { HoursData } from './data/hours';
import { findUnbilledUsage, type UnbilledUsage } from './data/unbilled-usage';
import { UsageData } from './data/usage';
import type { TimeEntry } from '../period-time-entries';

export class DetectionData {
  private agreementData: AgreementData | undefined;
  private usageData: UsageData | undefined;
  private hoursData: HoursData | undefined;
  private unbilledList: UnbilledUsage[] | undefined;
  private excludedRows: ExcludedRows | undefined;

  constructor(
    readonly sqlite: Sqlite,
    readonly period: Period,
    /** the period's time entries when the caller read them already (a bill run reads them once for rating and detection) */
    private readonly timeEntries?: readonly TimeEntry[],
  ) {}

  get agreements(): AgreementData {
    this.agreementData ??= new AgreementData(this.sqlite, this.period);
    return this.agreementData;
  }

  /** Rows reviewers excluded from billing, which every rule ignores (read once, shared by usage and hours). */
  get excluded(): ExcludedRows {
    this.excludedRows ??= new ExcludedRows(this.sqlite);
    return this.excludedRows;
  }

  get usage(): UsageData {
    this.usageData ??= new UsageData(this.sqlite, this.period, this.excluded);
    return this.usageData;
  }

  /** The period's usage that no invoice bills (see data/unbilled-usage.ts). */
  get unbilled(): UnbilledUsage[] {
    this.unbilledList ??= findUnbilledUsage(this.usage, this.agreements);
    return this.unbilledList;
  }

  get hours(): HoursData {
    this.hoursData ??= new HoursData(this.sqlite, this.period, this.agreements, this.excluded, this.timeEntries);
    return this.hoursData;
  }
}
