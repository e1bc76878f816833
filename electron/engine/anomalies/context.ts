/**
 * What the rules share for one period, computed once and only when a rule
 * asks for it: agreements and ownership, usage figures, time entries.
 */
import type { Sqlite } from '../../../db/open';
import type { Period } from '../../../shared/period';
import { AgreementData } from './data/agreements';
import { HoursData } from './data/hours';
import { findUnbilledUsage, type UnbilledUsage } from './data/unbilled-usage';
import { UsageData } from './data/usage';

export class DetectionData {
  private agreementData: AgreementData | undefined;
  private usageData: UsageData | undefined;
  private hoursData: HoursData | undefined;
  private unbilledList: UnbilledUsage[] | undefined;

  constructor(
    readonly sqlite: Sqlite,
    readonly period: Period,
  ) {}

  get agreements(): AgreementData {
    this.agreementData ??= new AgreementData(this.sqlite, this.period);
    return this.agreementData;
  }

  get usage(): UsageData {
    this.usageData ??= new UsageData(this.sqlite, this.period);
    return this.usageData;
  }

  /** The period's usage that no invoice bills (see data/unbilled-usage.ts). */
  get unbilled(): UnbilledUsage[] {
    this.unbilledList ??= findUnbilledUsage(this.usage, this.agreements);
    return this.unbilledList;
  }

  get hours(): HoursData {
    this.hoursData ??= new HoursData(this.sqlite, this.period, this.agreements);
    return this.hoursData;
  }
}
