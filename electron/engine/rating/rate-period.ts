/**
 * Rates a billing period: selects every agreement active in it, decides which
 * agreement bills each usage record and time entry, aggregates exactly, prices
 * with the pure engine (rate-agreement.ts), and stores draft invoices with
 * their lines and provenance. Draft invoices are derived data and are replaced;
 * approved and finalized invoices are never touched.
 */
import type { Sqlite } from '../../../db/open';
import type { Agreement, Aggregation, HoursKind, UsageCharge } from '../../../shared/domain';
import { dec, Decimal } from '../../../shared/money';
import { maxDate, minDate, parsePeriod, type Period } from '../../../shared/period';
import { appendAudit } from '../audit/audit-log';
import type { JobContext } from '../jobs/job-context';
import { createAggregator } from './aggregate';
import { rateAgreement } from './rate-agreement';
import type { HoursEntry, UsageTotal } from './types';

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
    return {
      agreement,
      from: maxDate(agreement.start_date, period.first),
      to: agreement.end_date === null ? period.last : minDate(agreement.end_date, period.last),
      frozen: row.status === 'approved' || row.status === 'finalized',
    };
  });
}

/**
 * For each account and billed item (a metric, or an hours kind), the agreements
 * that price it, latest start_date first: a record goes to the first one active
 * on its date (rating.md: overlaps are priced by the later agreement).
 */
function candidatesByItem(active: ActiveAgreement[], itemsOf: (a: Agreement) => string[]): Map<string, ActiveAgreement[]> {
  const map = new Map<string, ActiveAgreement[]>();
  for (const entry of active) {
    for (const item of new Set(itemsOf(entry.agreement))) {
      const key = `${entry.agreement.account_id}\u0000${item}`;
      const list = map.get(key) ?? [];
      list.push(entry);
      map.set(key, list);
    }
  }
  for (const list of map.values()) {
    list.sort((a, b) =>
      a.agreement.start_date === b.agreement.start_date
        ? b.agreement.agreement_id.localeCompare(a.agreement.agreement_id)
        : b.agreement.start_date.localeCompare(a.agreement.start_date),
    );
  }
  return map;
}

function pick(candidates: ActiveAgreement[] | undefined, day: string): ActiveAgreement | undefined {
  if (!candidates) return undefined;
  for (const c of candidates) if (day >= c.from && day <= c.to) return c;
  return undefined;
}

const usageMetrics = (a: Agreement) => a.charges.filter((c): c is UsageCharge => c.type === 'usage').map((c) => c.metric);
const hoursKinds = (a: Agreement) => a.charges.flatMap((c) => (c.type === 'hours' ? [c.kind] : []));

interface UsageBucket {
  aggregator: ReturnType<typeof createAggregator>;
  ids: number[];
}

function aggregationOf(agreement: Agreement, metric: string): Aggregation {
  const charge = agreement.charges.find((c): c is UsageCharge => c.type === 'usage' && c.metric === metric);
  return charge?.aggregation ?? 'sum';
}

function depositRemaining(sqlite: Sqlite, agreement: Agreement, period: string): string {
  const applied = sqlite
    .prepare("SELECT deposit_applied FROM invoices WHERE agreement_id = ? AND period < ? AND document_type = 'invoice'")
    .pluck()
    .all(agreement.agreement_id, period) as string[];
  let remaining = dec(agreement.deposit);
  for (const a of applied) remaining = remaining.minus(a);
  return Decimal.max(remaining, 0).toFixed();
}

/** Rates the period in one transaction: a failure or cancellation leaves the previous drafts in place. */
export function ratePeriod(sqlite: Sqlite, periodId: string, ctx: JobContext): RatePeriodResult {
  return sqlite.transaction(() => ratePeriodInTransaction(sqlite, periodId, ctx)).immediate();
}

function ratePeriodInTransaction(sqlite: Sqlite, periodId: string, ctx: JobContext): RatePeriodResult {
  const started = Date.now();
  const period = parsePeriod(periodId);
  const active = loadActiveAgreements(sqlite, period);
  const billable = active.filter((a) => !a.frozen);
  const usageCandidates = candidatesByItem(active, usageMetrics);
  const hoursCandidates = candidatesByItem(active, hoursKinds);

  // Usage: one pass over the period's records, aggregated exactly per (agreement, metric).
  ctx.progress('Reading usage', 0, 1);
  const buckets = new Map<ActiveAgreement, Map<string, UsageBucket>>();
  const usageRows = sqlite
    .prepare('SELECT id, account_id, metric, quantity, ts FROM usage_records WHERE ts >= ? AND ts < ?')
    .raw()
    .iterate(period.startTs, period.endTs) as IterableIterator<[number, string, string, string, string]>;
  let seen = 0;
  for (const [id, accountId, metric, quantity, ts] of usageRows) {
    if (++seen % 100_000 === 0) {
      ctx.checkCancelled();
      ctx.progress('Reading usage', seen, seen + 1);
    }
    const owner = pick(usageCandidates.get(`${accountId}\u0000${metric}`), ts.slice(0, 10));
    if (!owner || owner.frozen) continue;
    let perMetric = buckets.get(owner);
    if (!perMetric) buckets.set(owner, (perMetric = new Map()));
    let bucket = perMetric.get(metric);
    if (!bucket) perMetric.set(metric, (bucket = { aggregator: createAggregator(aggregationOf(owner.agreement, metric)), ids: [] }));
    bucket.aggregator.add(quantity, ts);
    bucket.ids.push(id);
  }

  // Hours: every entry of the period goes to the agreement that prices its kind on that day.
  const hoursByAgreement = new Map<ActiveAgreement, HoursEntry[]>();
  const hoursRows = sqlite
    .prepare('SELECT id, account_id, date, kind, role, hours, billable FROM time_entries WHERE date >= ? AND date <= ?')
    .raw()
    .all(period.first, period.last) as [number, string, string, HoursKind, string | null, string, number][];
  for (const [id, accountId, date, kind, role, hours, isBillable] of hoursRows) {
    const owner = pick(hoursCandidates.get(`${accountId}\u0000${kind}`), date);
    if (!owner || owner.frozen) continue;
    const list = hoursByAgreement.get(owner) ?? [];
    list.push({ id, date, kind, role, hours, billable: isBillable === 1 });
    hoursByAgreement.set(owner, list);
  }

  // Replace the period's drafts.
  ctx.checkCancelled();
  sqlite.prepare("DELETE FROM invoices WHERE period = ? AND status = 'draft' AND document_type = 'invoice'").run(period.id);

  const insertInvoice = sqlite.prepare(
    `INSERT INTO invoices (id, agreement_id, account_id, period, currency, status, subtotal, discount, tax, total, deposit_applied, amount_due, rated_at, rated_by)
     VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLine = sqlite.prepare(
    `INSERT INTO invoice_lines (invoice_id, position, kind, code, description, quantity, unit_price, amount, charge_position, metric, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSource = sqlite.prepare('INSERT OR IGNORE INTO line_sources (invoice_id, charge_position, source_kind, source_id) VALUES (?, ?, ?, ?)');
  const ratedAt = new Date().toISOString();

  billable.forEach((entry, index) => {
    if (index % 50 === 0) {
      ctx.checkCancelled();
      ctx.progress('Rating agreements', index, billable.length);
    }
    const { agreement } = entry;
    const perMetric = buckets.get(entry) ?? new Map<string, UsageBucket>();
    const usage = new Map<string, UsageTotal>();
    for (const [metric, bucket] of perMetric) usage.set(metric, bucket.aggregator.result());
    const result = rateAgreement({
      agreement,
      period,
      usage,
      hours: hoursByAgreement.get(entry) ?? [],
      depositRemaining: depositRemaining(sqlite, agreement, period.id),
    });
    const invoiceId = invoiceIdFor(agreement.agreement_id, period.id);
    insertInvoice.run(
      invoiceId, agreement.agreement_id, agreement.account_id, period.id, agreement.currency,
      result.subtotal, result.discount, result.tax, result.total, result.depositApplied, result.amountDue, ratedAt, ctx.actor,
    );
    const linked = new Set<number>();
    result.lines.forEach((line, position) => {
      const charge = line.chargeIndex === null ? undefined : agreement.charges[line.chargeIndex];
      const metric = charge?.type === 'usage' ? charge.metric : null;
      insertLine.run(
        invoiceId, position, line.kind, line.code, line.description, line.quantity, line.unitPrice, line.amount,
        line.chargeIndex, metric, JSON.stringify(line.detail),
      );
      if (line.chargeIndex === null || linked.has(line.chargeIndex)) return;
      linked.add(line.chargeIndex);
      if (metric !== null) {
        for (const id of perMetric.get(metric)?.ids ?? []) insertSource.run(invoiceId, line.chargeIndex, 'usage', id);
      }
      for (const id of line.hoursEntryIds ?? []) insertSource.run(invoiceId, line.chargeIndex, 'hours', id);
    });
  });

  appendAudit(sqlite, {
    actor: ctx.actor,
    action: 'rate',
    entityType: 'period',
    entityId: period.id,
    details: { invoices: billable.length, frozen: active.length - billable.length },
  });
  ctx.progress('Rating agreements', billable.length, billable.length);
  return { period: period.id, invoices: billable.length, durationMs: Date.now() - started };
}

