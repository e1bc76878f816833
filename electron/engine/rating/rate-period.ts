/**
 * Rates a billing period: selects every agreement active in it, decides which
 * agreement bills each usage record and time entry, aggregates exactly, prices
 * with the pure engine (rate-agreement.ts), and stores draft invoices with
 * their lines and provenance. Draft invoices are derived data and are replaced;
 * approved and finalized invoices are never touched.
 */
import type { Sqlite } from '../../../db/open';
import type { Agreement, Aggregation, UsageCharge } from '../../../shared/domain';
import { addDays, parsePeriod, type Period } from '../../../shared/period';
import { appendAudit } from '../audit/audit-log';
import { periodCorrections } from '../controls/corrections';
import { findHoursCharge } from './charges/hours';
import type { JobContext } from '../job-context';
import { commitmentHistory } from './commitment-history';
import { depositRemaining, reapplyLaterDeposits } from './deposits';
import { periodTotals } from './period-totals';
import { readTimeEntries, type TimeEntry } from '../period-time-entries';
import { activeSpan, decideOwnership, usageMetrics } from './ownership';
import { prepaidUsed, recordPrepaid } from './prepaid-balance';
import { rateAgreement } from './rate-agreement';
import { billedRanges } from './term-ranges';
import type { Adjustment, HoursEntry, UsageEvent, UsageTotal } from './types';
import { aggregateUsage, type UsageGroup } from './usage-aggregates';
import { loadUsageEvents } from './usage-events';
import { addRollupsTo, maxRollupId, rollupDetail, rollupsForGroups, rowGroupsOf } from './rollup-aggregates';
import { ConflictError } from '../errors';


export interface RatePeriodResult {
  period: string;
  invoices: number;
  durationMs: number;
}

interface ActiveAgreement {
  agreement: Agreement;
  /** first and last day this agreement bills within the period */
  from: string;
  to: string;
  frozen: boolean;
}

/** Stable id of an agreement's invoice for a period, so links and review state survive re-rating. */
export function invoiceIdFor(agreementId: string, period: string): string {
  return `${agreementId}@${period}`;
}

function loadActiveAgreements(sqlite: Sqlite, period: Period): ActiveAgreement[] {
  const rows = sqlite
    .prepare(
      `SELECT a.document, (SELECT status FROM invoices i WHERE i.agreement_id = a.id AND i.period = ? AND i.document_type = 'invoice') AS status
       FROM agreements a
       WHERE a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?)
       ORDER BY a.id`,
    )
    .all(period.id, period.last, period.first) as { document: string; status: string | null }[];
  return rows.map((row) => {
    const agreement = JSON.parse(row.document) as Agreement;
    // The query selected it as active in the period, so it has a span.
    const span = activeSpan(agreement, period)!;
    return { agreement, from: span.from, to: span.to, frozen: row.status === 'approved' || row.status === 'finalized' };
  });
}

function usageChargeOf(agreement: Agreement, metric: string): UsageCharge | undefined {
  return agreement.charges.find((c): c is UsageCharge => c.type === 'usage' && c.metric === metric);
}

function aggregationOf(agreement: Agreement, metric: string): Aggregation {
  return usageChargeOf(agreement, metric)?.aggregation ?? 'sum';
}

/**
 * Rates the period in one transaction: a failure or cancellation leaves the previous drafts in place.
 * `timeEntries`: the period's entries when the caller has read them already (a bill run reads them once for rating and detection).
 */
export function ratePeriod(sqlite: Sqlite, periodId: string, ctx: JobContext, options: { timeEntries?: readonly TimeEntry[] } = {}): RatePeriodResult {
  return sqlite.transaction(() => ratePeriodInTransaction(sqlite, periodId, ctx, options.timeEntries)).immediate();
}

function ratePeriodInTransaction(sqlite: Sqlite, periodId: string, ctx: JobContext, timeEntries: readonly TimeEntry[] | undefined): RatePeriodResult {
  const started = Date.now();
  const period = parsePeriod(periodId);
  const active = loadActiveAgreements(sqlite, period);
  const billable = active.filter((a) => !a.frozen);
  // Frozen agreements still take their days: an approved invoice's records are not re-billed by another agreement.
  const ownership = decideOwnership(active, (a) => a.agreement, (a) => a);

  // Reviewers' corrections belong to the period, not to one rating of it: rows excluded, quantities overridden.
  const corrections = periodCorrections(sqlite, period.id);

  // Usage: exact aggregates per (agreement, metric) over the day ranges each agreement bills.
  ctx.progress('Aggregating usage', 0, 1);
  const maxUsageId = sqlite.prepare('SELECT coalesce(max(id), 0) FROM usage_rows').pluck().get() as number;
  const groups: (UsageGroup & { owner: ActiveAgreement })[] = [];
  for (const entry of billable) {
    for (const metric of usageMetrics(entry.agreement)) {
      const owned = ownership.usageRanges(entry.agreement.account_id, metric).filter((r) => r.owner === entry);
      // A charge over a longer term bills only on its term's last active month, then the whole term (term-ranges.ts).
      const ranges = owned.length === 0 ? null : billedRanges(entry.agreement, usageChargeOf(entry.agreement, metric), period, owned);
      if (ranges === null || ranges.length === 0) continue;
      groups.push({
        key: groups.length,
        owner: entry,
        accountId: entry.agreement.account_id,
        metric,
        aggregation: aggregationOf(entry.agreement, metric),
        ranges: ranges.map((r) => ({ tsFrom: `${r.from}T00:00:00.000Z`, tsTo: `${addDays(r.to, 1)}T00:00:00.000Z` })),
      });
    }
  }
  // Whole-period groups (most of them) come from the period's totals, which detection reuses.
  const whole = { startTs: period.startTs, endTs: period.endTs, totals: periodTotals(sqlite, period.id) };
  // Days a usage rollup covers are billed from the rollup, never from rows (rollup-aggregates.ts): the rows see the other days.
  const maxRollup = maxRollupId(sqlite);
  const rollups = rollupsForGroups(sqlite, groups, maxRollup);
  const rowGroups = rowGroupsOf(groups, rollups);
  const rowRanges = new Map(rowGroups.map((g) => [g.key, g.ranges]));
  const aggregates = aggregateUsage(sqlite, rowGroups, maxUsageId, whole, corrections.excludedUsage);
  const excludedUsageIds = new Set(corrections.excludedUsage.map((r) => r.id));
  addRollupsTo(aggregates, sqlite, rowGroups, groups, rollups, maxUsageId, excludedUsageIds);
  const usageByAgreement = new Map<ActiveAgreement, Map<string, UsageTotal>>();
  const eventsByAgreement = new Map<ActiveAgreement, Map<string, UsageEvent[]>>();
  for (const group of groups) {
    if (usageChargeOf(group.owner.agreement, group.metric)?.model === 'percentage') {
      if (rollups.has(group.key)) {
        throw new ConflictError(
          `Agreement ${group.owner.agreement.agreement_id} prices ${group.metric} by percentage, which needs every record, but ${group.accountId}'s ${group.metric} has usage rollups in ${period.id}; import those days as usage rows instead.`,
        );
      }
      const perMetric = eventsByAgreement.get(group.owner) ?? new Map<string, UsageEvent[]>();
      perMetric.set(group.metric, loadUsageEvents(sqlite, group.accountId, group.metric, rowRanges.get(group.key) ?? [], maxUsageId, excludedUsageIds));
      eventsByAgreement.set(group.owner, perMetric);
    }
    const total = aggregates.get(group.key);
    if (!total) continue;
    const perMetric = usageByAgreement.get(group.owner) ?? new Map<string, UsageTotal>();
    perMetric.set(group.metric, total);
    usageByAgreement.set(group.owner, perMetric);
  }
  ctx.checkCancelled();

  // Hours: every entry of the period goes to the agreement that prices its kind on that day.
  const hoursByAgreement = new Map<ActiveAgreement, HoursEntry[]>();
  // Excluded entries are not priced, but stay rows of the charge that would price them (the line's drawer shows them, marked).
  const excludedHoursByAgreement = new Map<ActiveAgreement, HoursEntry[]>();
  for (const { id, accountId, date, kind, role, hours, billable: isBillable } of timeEntries ?? readTimeEntries(sqlite, period)) {
    const owner = ownership.hoursOwnerOn(accountId, kind, date);
    if (!owner || owner.frozen) continue;
    const target = corrections.excludedHours.has(id) ? excludedHoursByAgreement : hoursByAgreement;
    const list = target.get(owner) ?? [];
    list.push({ id, date, kind, role, hours, billable: isBillable });
    target.set(owner, list);
  }

  // Reviewer decisions that belong to the agreement's period, not to one rating of it: holds and adjustments.
  const held = new Set(
    sqlite.prepare("SELECT id FROM invoices WHERE period = ? AND status = 'draft' AND document_type = 'invoice' AND on_hold").pluck().all(period.id) as string[],
  );
  const adjustmentsByAgreement = new Map<string, Adjustment[]>();
  for (const row of sqlite.prepare('SELECT id, agreement_id, description, amount, reason FROM adjustments WHERE period = ? ORDER BY id').all(period.id) as (Adjustment & { agreement_id: string })[]) {
    const list = adjustmentsByAgreement.get(row.agreement_id) ?? [];
    list.push({ id: row.id, description: row.description, amount: row.amount, reason: row.reason });
    adjustmentsByAgreement.set(row.agreement_id, list);
  }

  // Replace the period's drafts.
  ctx.checkCancelled();
  sqlite.prepare("DELETE FROM invoices WHERE period = ? AND status = 'draft' AND document_type = 'invoice'").run(period.id);

  const insertInvoice = sqlite.prepare(
    `INSERT INTO invoices (id, agreement_id, account_id, period, currency, status, subtotal, discount, tax, total, deposit_applied, amount_due, rated_at, rated_by, on_hold)
     VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Lines and their time entries are staged and written at the end, one statement per table. invoice_lines has a
  // trigger (the finalized guard), and SQLite gives each statement on a table with triggers a statement journal,
  // as it does each multi-row INSERT; inside a bill run's transaction that journal has spilled to a file, so each
  // line inserted wrote its pages there again (266,000 page writes in a 2,000-agreement re-rate). One statement
  // journals a page once: lines 270 -> 110 ms, time entries' source rows 350 -> 120 ms. Ids, order and content
  // are as before (the staging table is read in insertion order).
  // Emptied once its rows are moved (below); a failure before that rolls it back empty with the rest.
  sqlite.exec(
    'CREATE TEMP TABLE IF NOT EXISTS rating_lines (invoice_id TEXT, position INTEGER, kind TEXT, code TEXT, description TEXT, quantity TEXT, unit_price TEXT, amount TEXT, charge_position INTEGER, metric TEXT, detail TEXT)',
  );
  const insertLine = sqlite.prepare(
    `INSERT INTO temp.rating_lines (invoice_id, position, kind, code, description, quantity, unit_price, amount, charge_position, metric, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  /** [invoice id, charge position, time entry ids] per line or charge */
  const hoursSources: [string, number | null, readonly number[]][] = [];
  const insertSpan = sqlite.prepare(
    'INSERT INTO usage_spans (invoice_id, charge_position, account_id, metric, ts_from, ts_to, max_usage_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertRollupSpan = sqlite.prepare(
    'INSERT INTO usage_rollup_spans (invoice_id, charge_position, account_id, metric, day_from, day_to, max_rollup_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const ratedAt = new Date().toISOString();
  const groupsByOwner = new Map<ActiveAgreement, typeof groups>();
  for (const group of groups) {
    const list = groupsByOwner.get(group.owner) ?? [];
    list.push(group);
    groupsByOwner.set(group.owner, list);
  }

  billable.forEach((entry, index) => {
    if (index % 50 === 0) {
      ctx.checkCancelled();
      ctx.progress('Rating agreements', index, billable.length);
    }
    const { agreement } = entry;
    const usage = usageByAgreement.get(entry) ?? new Map<string, UsageTotal>();
    const result = rateAgreement({
      agreement,
      period,
      usage,
      hours: hoursByAgreement.get(entry) ?? [],
      depositRemaining: depositRemaining(sqlite, agreement.agreement_id, agreement.deposit, period.id),
      adjustments: adjustmentsByAgreement.get(agreement.agreement_id) ?? [],
      overrides: corrections.overrides.get(agreement.agreement_id) ?? new Map(),
      events: eventsByAgreement.get(entry),
      prepaidUsed: prepaidUsed(sqlite, agreement, period.id),
      commitment: commitmentHistory(sqlite, agreement, period),
    });
    const invoiceId = invoiceIdFor(agreement.agreement_id, period.id);
    insertInvoice.run(
      invoiceId, agreement.agreement_id, agreement.account_id, period.id, agreement.currency,
      result.subtotal, result.discount, result.tax, result.total, result.depositApplied, result.amountDue, ratedAt, ctx.actor,
      held.has(invoiceId) ? 1 : 0,
    );
    const ownGroups = groupsByOwner.get(entry) ?? [];
    result.lines.forEach((line, position) => {
      const charge = line.chargeIndex === null ? undefined : agreement.charges[line.chargeIndex];
      const metric = charge?.type === 'usage' ? charge.metric : null;
      const lineRollups = metric === null ? undefined : rollups.get(ownGroups.find((g) => g.metric === metric)?.key ?? -1);
      const detail = lineRollups && line.kind === 'usage' ? { ...line.detail, ...rollupDetail(lineRollups) } : line.detail;
      insertLine.run(
        invoiceId, position, line.kind, line.code, line.description, line.quantity, line.unitPrice, line.amount,
        line.chargeIndex, metric, JSON.stringify(detail),
      );
      if (line.hoursEntryIds?.length) hoursSources.push([invoiceId, line.chargeIndex, line.hoursEntryIds]);
    });
    for (const [chargeIndex, ids] of result.coveredHours) hoursSources.push([invoiceId, chargeIndex, ids]);
    for (const e of excludedHoursByAgreement.get(entry) ?? []) {
      const charge = e.billable ? findHoursCharge(agreement.charges, e.kind, e.role) : undefined;
      if (charge) hoursSources.push([invoiceId, charge.index, [e.id]]);
    }
    recordPrepaid(sqlite, invoiceId, agreement, result.prepaidConsumed);
    // Usage provenance: the ranges this agreement billed, per metric it prices (even when all of
    // it fell within the included allowance and produced no line: billed at zero, not forgotten).
    // Rows: the days no rollup covers; rollups: their own spans over the whole billed ranges (day granularity).
    for (const group of ownGroups) {
      const position = agreement.charges.findIndex((c) => c.type === 'usage' && c.metric === group.metric);
      for (const r of rowRanges.get(group.key) ?? []) insertSpan.run(invoiceId, position, agreement.account_id, group.metric, r.tsFrom, r.tsTo, maxUsageId);
      if (!rollups.has(group.key)) continue;
      for (const r of group.ranges) insertRollupSpan.run(invoiceId, position, agreement.account_id, group.metric, r.tsFrom.slice(0, 10), r.tsTo.slice(0, 10), maxRollup);
    }
  });

  sqlite
    .prepare(
      `INSERT INTO invoice_lines (invoice_id, position, kind, code, description, quantity, unit_price, amount, charge_position, metric, detail)
       SELECT invoice_id, position, kind, code, description, quantity, unit_price, amount, charge_position, metric, detail FROM temp.rating_lines ORDER BY rowid`,
    )
    .run();
  sqlite.exec('DELETE FROM temp.rating_lines');
  sqlite
    .prepare(
      "INSERT OR IGNORE INTO line_sources (invoice_id, charge_position, source_kind, source_id) SELECT s.value ->> 0, s.value ->> 1, 'hours', e.value FROM json_each(?) s, json_each(s.value, '$[2]') e",
    )
    .run(JSON.stringify(hoursSources));

  reapplyLaterDeposits(
    sqlite,
    billable.map((e) => ({ id: e.agreement.agreement_id, deposit: e.agreement.deposit, currency: e.agreement.currency })),
    period.id,
  );

  appendAudit(sqlite, {
    actor: ctx.actor,
    action: 'rate',
    entityType: 'period',
    entityId: period.id,
    details: { invoices: billable.length, frozen: active.length - billable.length },
  });
  ctx.progress('Rating agreements', billable.length, billable.length);
  // Detection follows in the same transaction, run by the bill-run command (commands/rate-period.ts), not from here.
  return { period: period.id, invoices: billable.length, durationMs: Date.now() - started };
}

