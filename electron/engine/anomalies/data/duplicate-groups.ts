/**
 * duplicate_usage's groups: a pair's records of the period with the same
 * timestamp and quantity (split from usage.ts; the figures it starts from are
 * UsageData's).
 */
import { Decimal, dec } from '../../../../shared/money';
import { fromScaled } from '../../scaled-decimal';
import { tsOfAt } from '../../usage-time';
import { NOT_EXCLUDED_USAGE } from './excluded-rows';
import type { UsagePair } from '../../pair-totals';
import type { UsageData } from './usage';

export interface DuplicateGroup {
  /** the copies' instant (epoch milliseconds; tsOfAt gives the text) */
  at: number;
  ids: number[];
}

export interface DuplicateGroups {
  /** in (instant, quantity) order */
  groups: DuplicateGroup[];
  /** what the copies beyond the first add up to: Σ quantity × (copies − 1), exact */
  extraQuantity: Decimal;
}

const NONE: DuplicateGroups = { groups: [], extraQuantity: new Decimal(0) };

/** The pair's groups of records with the same timestamp and quantity, in the period. */
export function duplicateGroups(usage: UsageData, pair: UsagePair): DuplicateGroups {
  // The period totals count each pair's groups once (a stream over the index order), excluded rows included: a pair
  // without any is passed over first, before its figures are built (most pairs, 10,000 per period on the bench).
  const t = usage.pairTotals(pair, usage.period.id);
  if (t && usage.totals(usage.period.id).dupGroups(t) === 0) return NONE;
  const stats = usage.current(pair);
  if (!stats || stats.records < 2) return NONE;
  const params = usage.params(pair, usage.period.startTs, usage.period.endTs);
  if (stats.scaled) {
    // One statement per pair, all of it in the index usage_series_at (series, instant, scaled quantity, rowid): the
    // groups as a stream over the index order, then each group's rows by a seek. A statement per group, and reading
    // each copy's quantity text from the table, cost 7 s on a 10M-row month with 2,000 such pairs. The scaled
    // quantity comes as text: it can pass 2^53, and a bigint per row cost more than the query.
    const rows = usage.stmt(
      `SELECT k.at, CAST(k.q AS TEXT), r.id
         FROM (SELECT at, quantity_scaled AS q FROM usage_records WHERE ${usage.pairSql} GROUP BY at, quantity_scaled HAVING count(*) > 1) k
         CROSS JOIN usage_records r ON r.account_id = @account AND r.metric = @metric AND r.at = k.at AND r.quantity_scaled = k.q${usage.excluded.anyUsage ? NOT_EXCLUDED_USAGE : ''}
        ORDER BY k.at, k.q, r.id`,
      false,
    )
      .raw()
      .all(params) as [number, string, number][];
    const groups: DuplicateGroup[] = [];
    let extra = 0n;
    let group: DuplicateGroup | undefined;
    let q = '';
    const close = () => {
      if (group) extra += BigInt(q) * BigInt(group.ids.length - 1);
    };
    for (const [at, scaled, id] of rows) {
      // Rows come group by group, ordered by instant then scaled quantity.
      if (!group || at !== group.at || scaled !== q) {
        close();
        group = { at, ids: [] };
        q = scaled;
        groups.push(group);
      }
      group.ids.push(id);
    }
    close();
    return { groups, extraQuantity: fromScaled(extra) };
  }
  const byKey = new Map<string, DuplicateGroup & { quantity: Decimal }>();
  const rows = usage.stmt(`SELECT id, at, quantity FROM usage_records WHERE ${usage.pairSql} ORDER BY at, id`, false).raw();
  for (const [id, at, text] of rows.iterate(params) as IterableIterator<[number, number, string]>) {
    const quantity = dec(text);
    const key = `${at}|${quantity.toFixed()}`;
    const g = byKey.get(key) ?? { at, quantity, ids: [] };
    g.ids.push(id);
    byKey.set(key, g);
  }
  const groups = [...byKey.values()].filter((g) => g.ids.length > 1);
  return {
    groups,
    extraQuantity: groups.reduce((sum, g) => sum.plus(g.quantity.times(g.ids.length - 1)), new Decimal(0)),
  };
}

/**
 * The groups a finding shows, with their time and their quantity as it was sent: the smallest text of the copies
 * ("1520" before "1520.0"), as SQL's min() would give. Read by rowid for these few groups, not for every copy.
 */
export function shownGroups(usage: UsageData, groups: readonly DuplicateGroup[]): { ts: string; quantity: string; copies: number }[] {
  const ids = groups.flatMap((g) => g.ids);
  const rows = usage.stmt('SELECT u.id, u.quantity FROM json_each(?) j CROSS JOIN usage_rows u ON u.id = j.value', false).raw().all(JSON.stringify(ids)) as [number, string][];
  const text = new Map(rows);
  return groups.map((g) => ({
    ts: tsOfAt(g.at),
    quantity: g.ids.map((id) => text.get(id)!).reduce((m, t) => (t < m ? t : m)),
    copies: g.ids.length,
  }));
}
