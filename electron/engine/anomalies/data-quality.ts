/**
 * Prescreening: the data problems of one import batch or one period, as plain
 * numbers, before anyone reads an invoice. "Unbilled" here is decided from
 * the agreements alone (no agreement active that day prices the metric or
 * the hours), so it works before the period is rated.
 */
import { usageRowsOfBatch } from '../import/batch-rows';
import type { Sqlite } from '../../../db/open';
import type { HoursKind } from '../../../shared/domain';
import { Decimal, dec } from '../../../shared/money';
import { addDays, parsePeriod, type Period } from '../../../shared/period';
import { findHoursCharge } from '../rating/charges/hours';
import { NotFoundError } from '../errors';
import { AgreementData, byPrecedence, type AgreementInfo } from './data/agreements';
import { hoursKinds, usageMetrics } from '../rating/ownership';
import { pairKey } from '../pair-totals';
import { fromScaled } from '../scaled-decimal';
import { UsageData } from './data/usage';

export type DataQualityScope = { batchId: number } | { period: string };

export interface DataQualitySummary {
  scope: { batch_id: number; period: null } | { batch_id: null; period: string };
  /** the import batches the figures below cover */
  batches: number[];
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  rejected_by_field: { field: string | null; rows: number }[];
  /** usage no agreement active on its day prices, per metric */
  unbilled_usage: { metric: string; records: number; quantity: string; accounts: number }[];
  unbilled_usage_records: number;
  /** billable time no agreement charge active on its day can price */
  unbilled_hours: { entries: number; hours: string };
  /** accounts with usage or hours in scope and no agreement at all */
  accounts_without_agreement: { account_id: string; usage_records: number; time_entries: number }[];
}

/** Agreements of an account that price the metric, as inclusive day ranges. */
function pricedDays(agreements: AgreementData, accountId: string, metric: string): { from: string; to: string }[] {
  return agreements
    .ofAccount(accountId)
    .filter((a) => usageMetrics(a.doc).includes(metric))
    .map((a) => ({ from: a.start, to: a.end ?? '9999-12-31' }));
}

const pricedOn = (ranges: readonly { from: string; to: string }[], day: string) => ranges.some((r) => r.from <= day && r.to >= day);

/** The hours-owning agreement on the day, as rating picks it (later start_date wins), and whether its charges price the entry. */
function hoursPriced(agreements: AgreementData, accountId: string, kind: HoursKind, role: string | null, date: string): boolean {
  const owner: AgreementInfo | undefined = agreements
    .ofAccount(accountId)
    .filter((a) => a.start <= date && (a.end === null || a.end >= date) && hoursKinds(a.doc).includes(kind))
    .sort(byPrecedence)[0];
  return owner !== undefined && findHoursCharge(owner.doc.charges, kind, role) !== undefined;
}

interface Tally {
  perMetric: Map<string, { records: number; quantity: Decimal; accounts: Set<string> }>;
  records: number;
  noAgreement: Map<string, { usage: number; hours: number }>;
}

function addUnbilled(t: Tally, accountId: string, metric: string, records: number, quantity: Decimal): void {
  if (records === 0) return;
  const m = t.perMetric.get(metric) ?? { records: 0, quantity: new Decimal(0), accounts: new Set<string>() };
  m.records += records;
  m.quantity = m.quantity.plus(quantity);
  m.accounts.add(accountId);
  t.perMetric.set(metric, m);
  t.records += records;
}

function usageOfPeriod(sqlite: Sqlite, period: Period, agreements: AgreementData, t: Tally): void {
  const usage = new UsageData(sqlite, period);
  for (const pair of usage.periodPairs) {
    // null when every record of the pair in the period is excluded by a reviewer (not unbilled: excluded)
    const stats = usage.current(pair);
    if (!stats) continue;
    if (agreements.ofAccount(pair.accountId).length === 0) {
      const n = t.noAgreement.get(pair.accountId) ?? { usage: 0, hours: 0 };
      n.usage += stats.records;
      t.noAgreement.set(pair.accountId, n);
    }
    const ranges = pricedDays(agreements, pair.accountId, pair.metric);
    // Unpriced days of the period, as maximal runs, each counted with one range query.
    let runStart: string | null = null;
    for (let day = period.first; ; day = addDays(day, 1)) {
      const open = day <= period.last && !pricedOn(ranges, day);
      if (open && runStart === null) runStart = day;
      if (!open && runStart !== null) {
        if (runStart === period.first && day > period.last) addUnbilled(t, pair.accountId, pair.metric, stats.records, stats.sum);
        else {
          const s = usage.slice(pair, `${runStart}T00:00:00.000Z`, `${day}T00:00:00.000Z`);
          addUnbilled(t, pair.accountId, pair.metric, s.records, s.quantity);
        }
        runStart = null;
      }
      if (day > period.last) break;
    }
  }
}

function usageOfBatch(sqlite: Sqlite, batchId: number, agreements: AgreementData, t: Tally): void {
  const groups = sqlite
    .prepare(
      `SELECT account_id, metric, substr(ts, 1, 10) AS day, count(*) AS n, count(quantity_scaled) AS ns, sum(quantity_scaled) AS s
       FROM usage_records WHERE ${usageRowsOfBatch('@batch')} GROUP BY account_id, metric, day`,
    )
    .safeIntegers(true)
    .all({ batch: batchId }) as { account_id: string; metric: string; day: string; n: bigint; ns: bigint; s: bigint | null }[];
  const texts = sqlite.prepare(`SELECT quantity FROM usage_records WHERE ${usageRowsOfBatch('@batch')} AND account_id = @account AND metric = @metric AND substr(ts, 1, 10) = @day`).pluck();
  const ranges = new Map<string, { from: string; to: string }[]>();
  for (const g of groups) {
    const records = Number(g.n);
    if (agreements.ofAccount(g.account_id).length === 0) {
      const n = t.noAgreement.get(g.account_id) ?? { usage: 0, hours: 0 };
      n.usage += records;
      t.noAgreement.set(g.account_id, n);
    }
    const key = pairKey(g.account_id, g.metric);
    let r = ranges.get(key);
    if (!r) {
      r = pricedDays(agreements, g.account_id, g.metric);
      ranges.set(key, r);
    }
    if (pricedOn(r, g.day)) continue;
    const quantity =
      g.ns === g.n
        ? fromScaled(g.s ?? 0n)
        : (texts.all({ batch: batchId, account: g.account_id, metric: g.metric, day: g.day }) as string[]).reduce((sum, q) => sum.plus(dec(q)), new Decimal(0));
    addUnbilled(t, g.account_id, g.metric, records, quantity);
  }
}

export function dataQualitySummary(sqlite: Sqlite, scope: DataQualityScope): DataQualitySummary {
  const isBatch = 'batchId' in scope;
  // Ownership and agreement lookups only need the agreements; the period anchors day ranges for period scope.
  const period = parsePeriod(isBatch ? '2000-01' : scope.period);
  const agreements = new AgreementData(sqlite, period);
  const t: Tally = { perMetric: new Map(), records: 0, noAgreement: new Map() };

  let batches: number[];
  if (isBatch) {
    if (sqlite.prepare('SELECT 1 FROM import_batches WHERE id = ?').get(scope.batchId) === undefined) {
      throw new NotFoundError(`There is no import ${scope.batchId}.`);
    }
    batches = [scope.batchId];
    usageOfBatch(sqlite, scope.batchId, agreements, t);
  } else {
    usageOfPeriod(sqlite, period, agreements, t);
    batches = sqlite
      .prepare(
        // Usage imports by the months they recorded (import_batches.periods): reading the batch of every row of the period took 3 s on a million rows.
        `SELECT b.id FROM import_batches b, json_each(b.periods) m WHERE b.kind = 'usage' AND b.status = 'complete' AND m.value = @period
         UNION SELECT batch_id FROM time_entries WHERE date >= @first AND date <= @last ORDER BY 1`,
      )
      .pluck()
      .all({ period: period.id, first: period.first, last: period.last }) as number[];
  }

  const entries = (
    isBatch
      ? sqlite.prepare('SELECT account_id, date, kind, role, hours, billable FROM time_entries WHERE batch_id = ?').all(scope.batchId)
      : sqlite.prepare('SELECT account_id, date, kind, role, hours, billable FROM time_entries WHERE date >= ? AND date <= ?').all(period.first, period.last)
  ) as { account_id: string; date: string; kind: HoursKind; role: string | null; hours: string; billable: number }[];
  let unbilledEntries = 0;
  let unbilledHours = new Decimal(0);
  for (const e of entries) {
    if (agreements.ofAccount(e.account_id).length === 0) {
      const n = t.noAgreement.get(e.account_id) ?? { usage: 0, hours: 0 };
      n.hours++;
      t.noAgreement.set(e.account_id, n);
    }
    if (e.billable === 1 && !hoursPriced(agreements, e.account_id, e.kind, e.role, e.date)) {
      unbilledEntries++;
      unbilledHours = unbilledHours.plus(dec(e.hours));
    }
  }

  const placeholders = batches.map(() => '?').join(',') || 'NULL';
  const counts = sqlite
    .prepare(
      `SELECT coalesce(sum(rows), 0) AS rows, coalesce(sum(imported), 0) AS imported, coalesce(sum(duplicates), 0) AS duplicates,
              coalesce(sum(rejected), 0) AS rejected FROM import_batches WHERE id IN (${placeholders})`,
    )
    .get(...batches) as { rows: number; imported: number; duplicates: number; rejected: number };
  const rejectedByField = sqlite
    .prepare(`SELECT field, count(*) AS rows FROM rejected_rows WHERE batch_id IN (${placeholders}) GROUP BY field ORDER BY rows DESC, field`)
    .all(...batches) as { field: string | null; rows: number }[];

  return {
    scope: isBatch ? { batch_id: scope.batchId, period: null } : { batch_id: null, period: scope.period },
    batches,
    ...counts,
    rejected_by_field: rejectedByField,
    unbilled_usage: [...t.perMetric]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([metric, m]) => ({ metric, records: m.records, quantity: m.quantity.toFixed(), accounts: m.accounts.size })),
    unbilled_usage_records: t.records,
    unbilled_hours: { entries: unbilledEntries, hours: unbilledHours.toFixed() },
    accounts_without_agreement: [...t.noAgreement]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([account_id, n]) => ({ account_id, usage_records: n.usage, time_entries: n.hours })),
  };
}
