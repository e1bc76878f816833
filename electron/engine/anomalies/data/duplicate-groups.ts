/**
 * duplicate_usage's groups: a pair's records of the period with the same
 * timestamp and quantity (split from usage.ts; the figures it starts from are
 * UsageData's).
 */
import { dec } from '../../../../shared/money';
import { tsOfAt } from '../../usage-time';
import { NOT_EXCLUDED_USAGE } from './excluded-rows';
import type { UsageData, UsagePair } from './usage';

export interface DuplicateGroup {
  ts: string;
  quantity: string;
  ids: number[];
}

/** The pair's groups of records with the same timestamp and quantity, in the period. */
export function duplicateGroups(usage: UsageData, pair: UsagePair): DuplicateGroup[] {
  const stats = usage.current(pair);
  if (!stats || stats.records < 2) return [];
  const params = usage.params(pair, usage.period.startTs, usage.period.endTs);
  // The period totals count each pair's groups once (a stream over the index order); only a pair that has some is listed.
  const t = usage.pairTotals(pair, usage.period.id);
  if (t && usage.totals(usage.period.id).dupGroups(t) === 0) return [];
  if (stats.scaled) {
    // The groups first (a stream over the index order, nothing built per record), then each group's rows by an index seek.
    const keys = usage.stmt(
      `SELECT at, quantity_scaled AS q FROM usage_records WHERE ${usage.pairSql} GROUP BY at, quantity_scaled HAVING count(*) > 1 ORDER BY at, quantity_scaled`,
    ).all(params) as { at: bigint; q: bigint }[];
    const members = usage.stmt(
      `SELECT id, quantity FROM usage_records WHERE account_id = @account AND metric = @metric AND at = @at AND quantity_scaled = @q${usage.excluded.anyUsage ? NOT_EXCLUDED_USAGE : ''}`,
      false,
    ).raw();
    return keys.map(({ at, q }) => {
      const rows = members.all({ account: pair.accountId, metric: pair.metric, at, q }) as [number, string][];
      // The smallest text of the equal quantities ("1520" before "1520.0"), as SQL's min() would give.
      const quantity = rows.reduce((m, [, text]) => (text < m ? text : m), rows[0]![1]);
      return { ts: tsOfAt(Number(at)), quantity, ids: rows.map(([id]) => id).sort((a, b) => a - b) };
    });
  }
  const groups = new Map<string, DuplicateGroup>();
  const rows = usage.stmt(`SELECT id, ts, quantity FROM usage_records WHERE ${usage.pairSql} ORDER BY at, id`, false).raw();
  for (const [id, ts, quantity] of rows.iterate(params) as IterableIterator<[number, string, string]>) {
    const key = `${ts}|${dec(quantity).toFixed()}`;
    const g = groups.get(key) ?? { ts, quantity, ids: [] };
    g.ids.push(id);
    groups.set(key, g);
  }
  return [...groups.values()].filter((g) => g.ids.length > 1);
}
