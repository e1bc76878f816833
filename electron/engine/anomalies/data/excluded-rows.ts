/**
 * Source rows a reviewer excluded from billing (change-control.md,
 * corrections): the anomaly rules ignore them exactly as rating does, so
 * excluding the bad meter reading that caused a finding closes the finding.
 *
 * Every rule reads usage through UsageData and hours through HoursData; both
 * ask this module, so no rule can count an excluded row by reading its own
 * way. Exclusions are few (a reviewer writes each by hand): they are read once
 * into memory, and the usage SQL gets its `NOT IN` clause only when the book
 * has any, so a book without exclusions runs the same statements as before.
 */
import type { Sqlite } from '../../../../db/open';
import { pairKey } from '../../pair-totals';

/** The ids of the usage records excluded now (an uncorrelated subquery: SQLite builds it once per statement run). */
export const EXCLUDED_USAGE_IDS = "SELECT source_id FROM corrections WHERE kind = 'exclude_row' AND source_kind = 'usage' AND removed_at IS NULL";

/** `AND id NOT IN (…)`, to append to a WHERE over usage_records. */
export const NOT_EXCLUDED_USAGE = ` AND id NOT IN (${EXCLUDED_USAGE_IDS})`;

export class ExcludedRows {
  /** excluded time entries, by id */
  readonly hours: ReadonlySet<number>;
  /** excluded usage records, by id */
  readonly usage: ReadonlySet<number>;
  /** the timestamps of the excluded usage records of each (account, metric) */
  private readonly usageTs = new Map<string, string[]>();

  constructor(sqlite: Sqlite) {
    this.hours = new Set(
      sqlite.prepare("SELECT source_id FROM corrections WHERE kind = 'exclude_row' AND source_kind = 'hours' AND removed_at IS NULL").pluck().all() as number[],
    );
    const rows = sqlite
      .prepare(`SELECT id, account_id, metric, ts FROM usage_records WHERE id IN (${EXCLUDED_USAGE_IDS})`)
      .raw()
      .all() as [number, string, string, string][];
    this.usage = new Set(rows.map(([id]) => id));
    for (const [, accountId, metric, ts] of rows) {
      const key = pairKey(accountId, metric);
      this.usageTs.set(key, [...(this.usageTs.get(key) ?? []), ts]);
    }
  }

  /** Whether any usage record is excluded (else the usage SQL needs no clause). */
  get anyUsage(): boolean {
    return this.usage.size > 0;
  }

  /** Whether an excluded usage record of the pair is dated in [from, to). */
  usageIn(accountId: string, metric: string, from: string, to: string): boolean {
    return this.usageTs.get(pairKey(accountId, metric))?.some((ts) => ts >= from && ts < to) ?? false;
  }
}
