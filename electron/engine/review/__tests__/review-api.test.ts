/**
 * The review workspace through the API, on a real book: the seeded demo
 * (20,000 usage rows) imported and rated for 2026-09 and 2026-10, every call
 * going through dispatch (arguments and results checked against the contract).
 * Figures are checked against plain SQL and exact decimal sums computed here.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../../../shared/api';
import { Decimal, dec, moneyString } from '../../../../shared/money';
import { openDatabase, type Opened } from '../../../../db/open';
import { createHandlers, dispatch, type HostServices } from '../../api/handlers';
import { generateDemo } from '../../demo/generate-demo';
import { makePng } from '../../export/__tests__/helpers';
import { importFiles } from '../../import/import-files';
import { createJobContext } from '../../job-context';
import { runCommand } from '../../commands/run-command';
import { billPeriod } from '../../commands/rate-period';

const ctx = createJobContext({ actor: 'setup' });
const P = '2026-10';
const PREV = '2026-09';

let dir: string;
let opened: Opened;
let host: HostServices;
const files = new Map<string, string>();

async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const outcome = await dispatch(createHandlers(host), method, args);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.error}`);
  return outcome.result as ResultOf<M>;
}

async function refused<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<{ code: string; error: string }> {
  const outcome = await dispatch(createHandlers(host), method, args);
  if (outcome.ok) throw new Error(`${method} was expected to be refused`);
  return outcome.error;
}

const sql = () => opened.sqlite;
const sumOf = (values: string[]) => values.reduce((s, v) => s.plus(dec(v)), new Decimal(0));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-review-api-'));
  const dbPath = join(dir, 'book.db');
  opened = openDatabase(dbPath);
  const demo = await generateDemo({ outDir: join(dir, 'demo'), rows: 20_000 });
  await importFiles(opened.sqlite, { files: demo.files.map((path) => ({ path })) }, ctx);
  billPeriod(opened.sqlite, PREV, ctx);
  billPeriod(opened.sqlite, P, ctx);
  host = {
    sqlite: opened.sqlite,
    dbPath,
    actor: 'Ana',
    resolveFile: (token) => {
      const path = files.get(token);
      if (!path) throw new Error('unknown file token');
      return path;
    },
    runCommand: (request, _jobId, actor) => runCommand(opened.sqlite, request, createJobContext({ actor })),
    cancelJob: () => false,
  };
});

afterAll(() => {
  opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('invoices.list', () => {
  it('adds document type, hold flag and the exact change against the previous period', async () => {
    const list = await call('invoices.list', { period: P });
    expect(list.length).toBe(sql().prepare('SELECT count(*) FROM invoices WHERE period = ?').pluck().get(P));
    const previous = new Map(
      (sql().prepare("SELECT agreement_id, total FROM invoices WHERE period = ? AND document_type = 'invoice'").all(PREV) as { agreement_id: string; total: string }[]).map(
        (r) => [r.agreement_id, r.total],
      ),
    );
    let compared = 0;
    for (const inv of list) {
      expect(inv.document_type).toBe('invoice');
      expect(inv.on_hold).toBe(false);
      const prev = previous.get(inv.agreement_id) ?? null;
      expect(inv.previous_total).toBe(prev);
      if (prev === null) {
        expect(inv.change).toBeNull();
        expect(inv.change_percent).toBeNull();
        continue;
      }
      compared++;
      expect(inv.change).toBe(moneyString(dec(inv.total).minus(dec(prev)), inv.currency));
      expect(dec(inv.change!).plus(dec(prev)).equals(dec(inv.total))).toBe(true);
      if (dec(prev).isZero()) expect(inv.change_percent).toBeNull();
      else expect(inv.change_percent).toBe(dec(inv.total).minus(dec(prev)).div(dec(prev).abs()).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1).replace(/^-0\.0$/, '0.0'));
    }
    expect(compared).toBeGreaterThan(40);
    // the money strings carry the currency's minor-unit digits (JPY has none)
    for (const inv of list.filter((i) => i.change !== null)) expect(inv.change).toBe(moneyString(dec(inv.change!), inv.currency));
  });

  it('counts open, active anomalies by severity per invoice', async () => {
    const list = await call('invoices.list', { period: P });
    const counts = sql()
      .prepare("SELECT invoice_id, severity, count(*) AS n FROM anomalies WHERE period = ? AND active AND status = 'open' AND invoice_id IS NOT NULL GROUP BY 1, 2")
      .all(P) as { invoice_id: string; severity: 'error' | 'warning' | 'info'; n: number }[];
    const byInvoice = new Map(list.map((i) => [i.invoice_id, i]));
    expect(counts.length).toBeGreaterThan(0);
    for (const c of counts) expect(byInvoice.get(c.invoice_id)?.anomalies[c.severity]).toBe(c.n);
  });
});

describe('dashboard.summary', () => {
  it('sums billed money per currency exactly, never across currencies', async () => {
    const list = (await call('invoices.list', { period: P })).filter((i) => i.document_type === 'invoice');
    const d = await call('dashboard.summary', { period: P });
    const currencies = [...new Set(list.map((i) => i.currency))];
    expect(new Set(d.currencies)).toEqual(new Set(currencies));
    expect(d.billed.map((b) => b.currency)).toEqual(d.currencies);
    for (const b of d.billed) {
      const mine = list.filter((i) => i.currency === b.currency);
      expect(b.invoices).toBe(mine.length);
      expect(b.total).toBe(moneyString(sumOf(mine.map((i) => i.total)), b.currency));
      expect(b.amount_due).toBe(moneyString(sumOf(mine.map((i) => i.amount_due)), b.currency));
    }
    // default chart currency: the one with most invoices
    const most = Math.max(...d.billed.map((b) => b.invoices));
    expect(d.billed.find((b) => b.currency === d.currency)?.invoices).toBe(most);
    expect(d.status.draft + d.status.approved + d.status.finalized).toBe(list.length);
  });

  it('draws six months of line amounts that add up to each period’s subtotal − discount', async () => {
    const d = await call('dashboard.summary', { period: P, currency: 'USD' });
    expect(d.currency).toBe('USD');
    expect([...new Set(d.by_month.map((m) => m.period))]).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', PREV, P]);
    for (const period of [PREV, P]) {
      const rows = sql()
        .prepare("SELECT subtotal, discount FROM invoices WHERE period = ? AND currency = 'USD' AND document_type = 'invoice'")
        .all(period) as { subtotal: string; discount: string }[];
      const expected = rows.reduce((s, r) => s.plus(dec(r.subtotal)).minus(dec(r.discount)), new Decimal(0));
      const drawn = sumOf(d.by_month.filter((m) => m.period === period).map((m) => m.amount));
      expect(drawn.equals(expected)).toBe(true);
    }
    expect(d.by_month.filter((m) => m.period === '2026-05').every((m) => dec(m.amount).isZero())).toBe(true);
  });

  it('lists the ten largest movers, at-risk totals and the unbilled counts of sources.unbilled', async () => {
    const d = await call('dashboard.summary', { period: P, currency: 'USD' });
    const usd = (await call('invoices.list', { period: P })).filter((i) => i.currency === 'USD' && i.change !== null);
    const changes = usd.map((i) => dec(i.change!).abs()).sort((a, b) => b.comparedTo(a));
    expect(d.movers.length).toBe(Math.min(10, usd.length));
    d.movers.forEach((m, k) => {
      expect(dec(m.change).abs().equals(changes[k]!)).toBe(true);
      expect(dec(m.total).minus(dec(m.previous_total)).equals(dec(m.change))).toBe(true);
    });
    const risky = (await call('invoices.list', { period: P })).filter((i) => i.anomalies.error + i.anomalies.warning > 0 && i.document_type === 'invoice');
    for (const r of d.at_risk) {
      const mine = risky.filter((i) => i.currency === r.currency);
      expect(r.invoices).toBe(mine.length);
      expect(r.amount).toBe(moneyString(sumOf(mine.map((i) => i.total)), r.currency));
    }
    expect(d.at_risk.reduce((n, r) => n + r.invoices, 0)).toBe(risky.length);
    const usage = await call('sources.unbilled', { period: P, kind: 'usage', limit: 1 });
    const hours = await call('sources.unbilled', { period: P, kind: 'hours', limit: 1000 });
    expect(d.unbilled.usage_records).toBe(usage.total);
    expect(d.unbilled.hours_entries).toBe(hours.total);
    expect(dec(d.unbilled.hours).equals(sumOf(hours.rows.map((r) => r.quantity)))).toBe(true);
    const open = sql().prepare("SELECT count(*) FROM anomalies WHERE period = ? AND active AND status = 'open'").pluck().get(P) as number;
    expect(d.open_anomalies.error + d.open_anomalies.warning + d.open_anomalies.info).toBe(open);
    expect(d.anomalies_by_rule.reduce((n, r) => n + r.open, 0)).toBe(open);
    // "Open errors" is one set everywhere: the dashboard figure is the anomalies list's open errors.
    const explored = await call('anomalies.explore', { period: P });
    expect(d.open_anomalies.error).toBe(explored.filter((a) => a.status === 'open' && a.severity === 'error').length);
    expect(d.open_anomalies.error).toBeGreaterThan(0);
  });
});

describe('reconciliation.period', () => {
  it('accounts for every usage row and billable hour of the period, matching plain SQL', async () => {
    const r = await call('reconciliation.period', { period: P });
    const rows = sql().prepare("SELECT count(*) FROM usage_records WHERE ts >= '2026-10-01T00:00:00.000Z' AND ts < '2026-11-01T00:00:00.000Z'").pluck().get() as number;
    const unbilled = sql()
      .prepare(
        `SELECT count(*) FROM usage_records u WHERE u.ts >= '2026-10-01T00:00:00.000Z' AND u.ts < '2026-11-01T00:00:00.000Z'
         AND NOT EXISTS (SELECT 1 FROM usage_spans s WHERE s.account_id = u.account_id AND s.metric = u.metric AND u.ts >= s.ts_from AND u.ts < s.ts_to AND u.id <= s.max_usage_id)`,
      )
      .pluck()
      .get() as number;
    expect(r.usage.rows).toBe(rows);
    expect(r.usage.unbilled).toBe(unbilled);
    expect(r.usage.billed).toBe(rows - unbilled);
    expect(r.usage.unbilled).toBeGreaterThan(0); // the demo plants unbilled usage
    expect(r.usage.unbilled_groups.reduce((n, g) => n + g.rows, 0)).toBe(unbilled);
    expect(r.usage.unbilled_groups.some((g) => g.rule === 'unbilled_usage')).toBe(true);
    // each group's quantity is the exact sum of its rows
    for (const g of r.usage.unbilled_groups.slice(0, 5)) {
      const quantities = sql()
        .prepare(
          `SELECT quantity FROM usage_records u WHERE u.account_id = ? AND u.metric = ? AND u.ts >= '2026-10-01T00:00:00.000Z' AND u.ts < '2026-11-01T00:00:00.000Z'
           AND NOT EXISTS (SELECT 1 FROM usage_spans s WHERE s.account_id = u.account_id AND s.metric = u.metric AND u.ts >= s.ts_from AND u.ts < s.ts_to AND u.id <= s.max_usage_id)`,
        )
        .pluck()
        .all(g.account_id, g.metric) as string[];
      expect(quantities.length).toBe(g.rows);
      expect(sumOf(quantities).equals(dec(g.quantity))).toBe(true);
    }
    const hours = sql()
      .prepare("SELECT count(*) AS entries, sum(billable = 0) AS non_billable FROM time_entries WHERE date >= '2026-10-01' AND date <= '2026-10-31'")
      .get() as { entries: number; non_billable: number };
    expect(r.hours.entries).toBe(hours.entries);
    expect(r.hours.non_billable).toBe(hours.non_billable);
    expect(r.hours.billed + r.hours.unbilled).toBe(hours.entries - hours.non_billable);
    expect(r.hours.unbilled).toBe((await call('sources.unbilled', { period: P, kind: 'hours' })).total);
    expect(r.files.length).toBeGreaterThan(0);
    expect(r.files.every((f) => f.balanced)).toBe(true);
    expect(r.usage.rejected + r.hours.rejected).toBe(sql().prepare("SELECT count(*) FROM rejected_rows r JOIN import_batches b ON b.id = r.batch_id WHERE b.kind IN ('usage', 'hours')").pluck().get());
    expect(r.balanced).toBe(true);
  });
});

describe('anomalies', () => {
  it('explores the period with owner, invoice status and source counts', async () => {
    const rows = await call('anomalies.explore', { period: P });
    expect(rows.length).toBe((await call('anomalies.list', { period: P })).length);
    for (const row of rows.slice(0, 20)) {
      // Rows named one by one plus the records of the finding's usage ranges: every row the drawer can page through.
      expect(row.source_count).toBe((await call('anomalies.sources', { anomaly_id: row.anomaly_id, limit: 1 })).total);
      if (row.agreement_id) expect(row.owner).toBe(sql().prepare('SELECT owner FROM agreements WHERE id = ?').pluck().get(row.agreement_id));
    }
    const withSources = rows.find((r) => r.source_count > 0)!;
    const page = await call('anomalies.sources', { anomaly_id: withSources.anomaly_id, limit: 5 });
    expect(page.total).toBe(withSources.source_count);
    expect(page.rows.length).toBe(Math.min(5, withSources.source_count));
  });

  it('acknowledges many in one go, one audit entry each, and reopens one', async () => {
    const open = (await call('anomalies.explore', { period: P })).filter((a) => a.status === 'open' && a.severity !== 'error').slice(0, 5);
    expect(open.length).toBe(5);
    const ids = open.map((a) => a.anomaly_id);
    expect(await call('anomalies.acknowledgeMany', { anomaly_ids: ids, note: 'seen in the weekly review' })).toEqual({ acknowledged: 5 });
    for (const id of ids) {
      expect(sql().prepare("SELECT count(*) FROM audit_log WHERE action = 'acknowledge_anomaly' AND entity_id = ?").pluck().get(id)).toBe(1);
    }
    // already acknowledged ones are left alone
    expect(await call('anomalies.acknowledgeMany', { anomaly_ids: ids, note: 'again' })).toEqual({ acknowledged: 0 });
    expect((await refused('anomalies.acknowledgeMany', { anomaly_ids: ['nope'], note: 'x' })).code).toBe('not_found');
    const reopened = await call('anomalies.reopen', { anomaly_id: ids[0]!, note: 'needs another look' });
    expect(reopened.status).toBe('open');
  });
});

describe('holds, approval and the audit timeline', () => {
  it('holds a draft, refuses to approve it, releases it, and tells the story oldest first', async () => {
    const list = await call('invoices.list', { period: P });
    const target = list.find((i) => i.anomalies.error === 0 && i.status === 'draft')!;
    const id = target.invoice_id;
    expect(await call('invoices.hold', { invoice_ids: [id], hold: true, reason: 'Customer disputes the seat count' })).toEqual([{ invoice_id: id, on_hold: true }]);
    expect((await call('invoices.list', { period: P })).find((i) => i.invoice_id === id)?.on_hold).toBe(true);
    const d = await call('dashboard.summary', { period: P });
    expect(d.status.on_hold).toBe(1);
    // The status figures partition the invoices: the held draft is not also counted as a draft.
    const invoices = sql().prepare("SELECT count(*) FROM invoices WHERE period = ? AND document_type = 'invoice'").pluck().get(P) as number;
    expect(d.status.draft + d.status.on_hold + d.status.approved + d.status.finalized).toBe(invoices);
    const refusal = await refused('invoices.approve', { invoice_ids: [id] });
    expect(refusal).toEqual({ code: 'conflict', error: `Invoice ${id} is on hold: Customer disputes the seat count; release it first.` });

    const anomaly = (await call('anomalies.explore', { period: P })).find((a) => a.invoice_id === id && a.status === 'open');
    if (anomaly) await call('anomalies.acknowledge', { anomaly_id: anomaly.anomaly_id, note: 'expected after the upgrade' });
    await call('invoices.hold', { invoice_ids: [id], hold: false, reason: 'Seat count confirmed' });
    await call('invoices.approve', { invoice_ids: [id] });
    expect((await refused('invoices.hold', { invoice_ids: [id], hold: true, reason: 'too late now' })).error).toBe(
      `Invoice ${id} is already approved; only drafts can be put on hold or released.`,
    );

    const timeline = await call('invoices.audit', { invoice_id: id });
    const all = timeline.map((e) => e.summary);
    // earlier tests may have reviewed this invoice's anomalies already: the story from the hold on
    const summaries = all.slice(all.indexOf('Put on hold: Customer disputes the seat count'));
    expect(summaries).toEqual([
      'Put on hold: Customer disputes the seat count',
      ...(anomaly ? [`Anomaly ${anomaly.rule} acknowledged: expected after the upgrade`] : []),
      'Released from hold: Seat count confirmed',
      'Approved by Ana',
    ]);
    expect(timeline.map((e) => e.id)).toEqual([...timeline.map((e) => e.id)].sort((a, b) => a - b));
  });

  it('keeps a draft on hold across a re-rate of its period', async () => {
    const id = (await call('invoices.list', { period: P })).find((i) => i.status === 'draft' && !i.on_hold)!.invoice_id;
    await call('invoices.hold', { invoice_ids: [id], hold: true, reason: 'Waiting for the PO' });
    await call('period.rate', { period: P });
    const after = await call('invoices.list', { period: P });
    expect(after.find((i) => i.invoice_id === id)?.on_hold).toBe(true);
    expect(after.filter((i) => i.on_hold).map((i) => i.invoice_id)).toEqual([id]);
    expect((await refused('invoices.approve', { invoice_ids: [id] })).code).toBe('conflict');
    await call('invoices.hold', { invoice_ids: [id], hold: false, reason: 'PO received' });
  });

  it('records an override with its reason in the timeline', async () => {
    const target = (await call('invoices.list', { period: P })).find((i) => i.anomalies.error > 0 && i.status === 'draft')!;
    await call('invoices.approve', { invoice_ids: [target.invoice_id], override_reason: 'Agreed with finance' });
    const summaries = (await call('invoices.audit', { invoice_id: target.invoice_id })).map((e) => e.summary);
    expect(summaries.slice(-2)).toEqual(['Override: Agreed with finance', 'Approved by Ana']);
  });
});

describe('invoices.trend', () => {
  it('gives the exact usage per billed metric for every period, and the invoice totals', async () => {
    const invoice = sql()
      .prepare(
        `SELECT i.id, i.agreement_id, i.account_id FROM invoices i WHERE i.period = ? AND EXISTS (SELECT 1 FROM charges c WHERE c.agreement_id = i.agreement_id AND c.type = 'usage')
         ORDER BY i.id LIMIT 1`,
      )
      .get(P) as { id: string; agreement_id: string; account_id: string };
    const trend = await call('invoices.trend', { invoice_id: invoice.id, periods: 4 });
    const metrics = sql().prepare("SELECT DISTINCT metric FROM charges WHERE agreement_id = ? AND type = 'usage'").pluck().all(invoice.agreement_id) as string[];
    expect(trend.metrics.map((m) => m.metric).sort()).toEqual([...metrics].sort());
    for (const m of trend.metrics) {
      expect(m.points.map((p) => p.period)).toEqual(['2026-07', '2026-08', PREV, P]);
      for (const point of m.points) {
        const quantities = sql()
          .prepare('SELECT quantity FROM usage_records WHERE account_id = ? AND metric = ? AND substr(ts, 1, 7) = ?')
          .pluck()
          .all(invoice.account_id, m.metric, point.period) as string[];
        expect(dec(point.quantity).equals(sumOf(quantities))).toBe(true);
      }
    }
    expect(trend.totals.map((t) => t.period)).toEqual(['2026-07', '2026-08', PREV, P]);
    expect(trend.totals.slice(0, 2).every((t) => t.total === null)).toBe(true);
    expect(trend.totals[3]?.total).toBe(sql().prepare('SELECT total FROM invoices WHERE id = ?').pluck().get(invoice.id));
  });
});

describe('league.table', () => {
  it('covers every invoice of the period once, per owner, with billed amounts per currency', async () => {
    const league = await call('league.table', { period: P });
    const count = sql().prepare("SELECT count(*) FROM invoices WHERE period = ? AND document_type = 'invoice'").pluck().get(P) as number;
    expect(league.reduce((n, r) => n + r.invoices, 0)).toBe(count);
    expect(league.some((r) => r.owner === null)).toBe(true); // the demo has agreements without an owner
    const d = await call('dashboard.summary', { period: P });
    for (const b of d.billed) {
      const total = sumOf(league.flatMap((r) => r.billed.filter((x) => x.currency === b.currency).map((x) => x.amount)));
      expect(moneyString(total, b.currency)).toBe(b.total);
    }
    for (const r of league) {
      expect(r.error_share).toBe(new Decimal(r.invoices_with_errors).div(r.invoices).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1));
    }
    const shares = league.map((r) => Number(r.error_share));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
  });

  it('counts an invoice with an open or acknowledged error, not one whose only error was dismissed', async () => {
    // An invoice with exactly one active error finding: dismissing it takes the invoice out of its owner's count.
    const target = sql()
      .prepare(
        `SELECT n.id AS anomaly_id, i.id AS invoice_id FROM anomalies n JOIN invoices i ON i.id = n.invoice_id
         WHERE i.period = ? AND i.document_type = 'invoice' AND n.active AND n.severity = 'error' AND n.status = 'open'
           AND (SELECT count(*) FROM anomalies m WHERE m.invoice_id = i.id AND m.active AND m.severity = 'error') = 1 LIMIT 1`,
      )
      .get(P) as { anomaly_id: string; invoice_id: number };
    const withErrors = async () => (await call('league.table', { period: P })).reduce((n, r) => n + r.invoices_with_errors, 0);
    const before = await withErrors();
    await call('anomalies.acknowledge', { anomaly_id: target.anomaly_id, note: 'Known, billed as agreed' });
    expect(await withErrors()).toBe(before);
    await call('anomalies.reopen', { anomaly_id: target.anomaly_id, note: 'Look again' });
    await call('anomalies.dismiss', { anomaly_id: target.anomaly_id, reason: 'Not an error: the contract allows it' });
    expect(await withErrors()).toBe(before - 1);
    await call('anomalies.reopen', { anomaly_id: target.anomaly_id, note: 'Back to open' });
    expect(await withErrors()).toBe(before);
  });
});

describe('adjustments', () => {
  it('stores an adjustment on a draft, audits it, re-rates the period, and can remove it', async () => {
    const target = (await call('invoices.list', { period: P })).find((i) => i.status === 'draft' && i.currency === 'USD')!;
    const ratesBefore = sql().prepare("SELECT count(*) FROM audit_log WHERE action = 'rate' AND entity_id = ?").pluck().get(P) as number;
    const added = await call('adjustments.add', { invoice_id: target.invoice_id, description: 'Goodwill credit', amount: '-150', reason: 'Outage on 12 October' });
    expect(added.adjustment).toMatchObject({ agreement_id: target.agreement_id, period: P, description: 'Goodwill credit', amount: '-150.00', reason: 'Outage on 12 October', created_by: 'Ana' });
    expect(added.invoice_id).toBe(target.invoice_id);
    expect(added.total).toBe(sql().prepare('SELECT total FROM invoices WHERE id = ?').pluck().get(target.invoice_id));
    expect(sql().prepare("SELECT count(*) FROM audit_log WHERE action = 'rate' AND entity_id = ?").pluck().get(P)).toBe(ratesBefore + 1);
    expect(await call('adjustments.list', { invoice_id: target.invoice_id })).toEqual([added.adjustment]);
    expect((await call('invoices.audit', { invoice_id: target.invoice_id })).map((e) => e.summary)).toContain(
      'Adjustment added: Goodwill credit (USD -150.00): Outage on 12 October',
    );

    expect((await refused('adjustments.add', { invoice_id: target.invoice_id, description: 'x', amount: '1.234', reason: 'too precise' })).error).toBe(
      'USD amounts have at most 2 decimals; 1.234 has more.',
    );
    // Whatever is typed, the refusal says why in the reviewer's words (not a validator's "Invalid request").
    expect((await refused('adjustments.add', { invoice_id: target.invoice_id, description: 'x', amount: '1.2345678', reason: 'too precise' })).error).toBe(
      'USD amounts have at most 2 decimals; 1.2345678 has more.',
    );
    expect((await refused('adjustments.add', { invoice_id: target.invoice_id, description: 'x', amount: '1,000.00', reason: 'typed as printed' })).error).toBe(
      'Type the amount as a plain number such as -150.00, without thousands separators, spaces or a currency sign.',
    );
    const removed = await call('adjustments.remove', { adjustment_id: added.adjustment.id, reason: 'Credit given another way' });
    expect(removed.invoice_id).toBe(target.invoice_id);
    expect(await call('adjustments.list', { invoice_id: target.invoice_id })).toEqual([]);
    expect((await call('invoices.audit', { invoice_id: target.invoice_id })).map((e) => e.summary)).toContain(
      'Adjustment removed: Goodwill credit (USD -150.00): Credit given another way',
    );
    expect(sql().prepare("SELECT count(*) FROM audit_log WHERE action = 'rate' AND entity_id = ?").pluck().get(P)).toBe(ratesBefore + 2);
  });

  it('re-rates the draft with the adjustment as a line: discount and tax apply to it, exactly', async () => {
    const target = (await call('invoices.list', { period: P })).find((i) => i.status === 'draft' && i.currency === 'USD' && !i.on_hold)!;
    const before = await call('invoices.get', { invoice_id: target.invoice_id });
    const agreement = sql().prepare('SELECT discount_percent, tax_rate FROM agreements WHERE id = ?').get(target.agreement_id) as { discount_percent: string; tax_rate: string };
    const added = await call('adjustments.add', { invoice_id: target.invoice_id, description: 'Goodwill credit', amount: '-150.00', reason: 'Outage on 12 October' });
    const after = await call('invoices.get', { invoice_id: target.invoice_id });
    const line = after.invoice.lines.find((l) => l.kind === 'adjustment');
    expect(line).toMatchObject({ kind: 'adjustment', description: 'Goodwill credit', quantity: '1', unit_price: '-150.00', amount: '-150.00' });
    // By hand: subtotal − 150; discount and tax recomputed on it, each rounded once (half away from zero).
    const subtotal = dec(before.invoice.subtotal).minus(150);
    const discount = subtotal.gt(0) ? subtotal.times(dec(agreement.discount_percent)).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP) : new Decimal(0);
    const tax = subtotal.minus(discount).times(dec(agreement.tax_rate)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    expect(after.invoice.subtotal).toBe(subtotal.toFixed(2));
    expect(after.invoice.discount).toBe(discount.toFixed(2));
    expect(after.invoice.tax).toBe(tax.toFixed(2));
    expect(after.invoice.total).toBe(subtotal.minus(discount).plus(tax).toFixed(2));
    expect(added.total).toBe(after.invoice.total);
    // It survives another re-rate, and leaves with its removal.
    await call('period.rate', { period: P });
    expect((await call('invoices.get', { invoice_id: target.invoice_id })).invoice.total).toBe(after.invoice.total);
    await call('adjustments.remove', { adjustment_id: added.adjustment.id, reason: 'Credit given another way' });
    expect((await call('invoices.get', { invoice_id: target.invoice_id })).invoice.total).toBe(before.invoice.total);
  });

  it('refuses adjustments of approved invoices', async () => {
    const approved = (await call('invoices.list', { period: P })).find((i) => i.status === 'approved')!;
    expect((await refused('adjustments.add', { invoice_id: approved.invoice_id, description: 'x', amount: '10', reason: 'late' })).error).toBe(
      `Invoice ${approved.invoice_id} is approved; it can be adjusted only while it is a draft.`,
    );
  });
});

describe('export, credit notes and branding', () => {
  it('brands the PDFs with a logo given as a file, never handing the logo back', async () => {
    const logo = join(dir, 'logo.png');
    writeFileSync(logo, makePng(8, 8, [200, 30, 30]));
    files.set('logo-token', logo);
    const before = await call('settings.branding', {});
    expect(before.branding.has_logo).toBe(false);
    const after = await call('settings.updateBranding', { company_name: 'Review Test Ltd.', logo: { token: 'logo-token', name: 'logo.png' }, invoice_format: 'RT-{YYYY}-{SEQ:5}' });
    expect(after.branding).toMatchObject({ company_name: 'Review Test Ltd.', has_logo: true });
    expect(after.numbering.invoice_format).toBe('RT-{YYYY}-{SEQ:5}');
    expect(JSON.stringify(after)).not.toContain('logo_base64');
    expect(sql().prepare("SELECT count(*) FROM audit_log WHERE action = 'settings_change'").pluck().get()).toBe(2);

    const big = join(dir, 'big.png');
    writeFileSync(big, Buffer.concat([makePng(2, 2, [0, 0, 0]), Buffer.alloc(1024 * 1024 + 1)]));
    files.set('big-token', big);
    expect((await refused('settings.updateBranding', { logo: { token: 'big-token', name: 'big.png' } })).error).toBe('big.png is 1025 KB; a logo may be at most 1024 KB.');
    expect((await call('settings.updateBranding', { remove_logo: true })).branding.has_logo).toBe(false);
  });

  it('exports the period beside the database and credits a finalized invoice', async () => {
    expect((await refused('export.period', { period: P, folder: { token: 't', name: 'Desktop' } })).code).toBe('conflict');
    const result = await call('export.period', { period: P, issue_date: '2026-11-02' });
    expect(result.out_dir).toBe(join(dir, 'exports', P));
    expect(result.invoices.length).toBe(sql().prepare("SELECT count(*) FROM invoices WHERE period = ? AND status = 'finalized'").pluck().get(P));
    for (const doc of result.invoices) expect(existsSync(join(result.out_dir, doc.file))).toBe(true);
    const finalized = result.invoices[0]!;
    expect(finalized.invoice_number).toMatch(/^RT-2026-\d{5}$/);

    const lines = await call('creditNotes.lines', { invoice_id: finalized.invoice_id });
    expect(lines.lines.every((l) => l.credited_by === null)).toBe(true);
    const note = await call('creditNotes.create', { invoice_id: finalized.invoice_id, reason: 'Billed twice by mistake' });
    const total = sql().prepare('SELECT total FROM invoices WHERE id = ?').pluck().get(finalized.invoice_id) as string;
    expect(note).toMatchObject({ credits_invoice_id: finalized.invoice_id, credits_invoice_number: finalized.invoice_number });
    expect(dec(note.total).equals(dec(total).negated())).toBe(true);
    expect((await call('creditNotes.lines', { invoice_id: finalized.invoice_id })).lines.every((l) => l.credited_by === note.credit_note_id)).toBe(true);
    const listed = (await call('invoices.list', { period: P })).find((i) => i.invoice_id === note.credit_note_id)!;
    expect(listed).toMatchObject({ document_type: 'credit_note', previous_total: null, change: null });
    expect((await call('invoices.audit', { invoice_id: finalized.invoice_id })).map((e) => e.summary)).toContain(
      `Credit note ${note.credit_note_id} created: Billed twice by mistake`,
    );
    // credit notes stay out of the dashboard's billed figures
    const d = await call('dashboard.summary', { period: P });
    expect(d.billed.reduce((n, b) => n + b.invoices, 0)).toBe(sql().prepare("SELECT count(*) FROM invoices WHERE period = ? AND document_type = 'invoice'").pluck().get(P));
  });

  it('summarizes the export, leaves a draft credit note to its approval, discards one, and credits an amount of a line', async () => {
    const draft = (await call('invoices.list', { period: P })).find((i) => i.document_type === 'credit_note')!;
    expect(draft.status).toBe('draft');
    const before = await call('export.summary', { period: P });
    expect(before).toMatchObject({ period: P, to_finalize: 0, credit_notes: [], blocked: [] });
    expect(before.drafts_left.credit_notes).toEqual([draft.invoice_id]);

    const discarded = await call('creditNotes.discard', { credit_note_id: draft.invoice_id, reason: 'Credited the wrong invoice' });
    const invoiceId = discarded.credits_invoice_id;
    expect(discarded.credit_note_id).toBe(draft.invoice_id);
    expect((await call('invoices.audit', { invoice_id: invoiceId })).map((e) => e.summary)).toContain(`Credit note ${draft.invoice_id} discarded: Credited the wrong invoice`);

    const line = (await call('creditNotes.lines', { invoice_id: invoiceId })).lines.find((l) => dec(l.amount).gt(1))!;
    const part = await call('creditNotes.create', { invoice_id: invoiceId, reason: 'Goodwill', line_ids: [line.line_id], amount: '1' });
    expect(part.credit_note_id).not.toBe(draft.invoice_id); // a discarded id is never reused
    const after = (await call('creditNotes.lines', { invoice_id: invoiceId })).lines.find((l) => l.line_id === line.line_id)!;
    expect(dec(after.credited).equals(1) && dec(after.remaining).equals(dec(line.amount).minus(1))).toBe(true);
    expect((await refused('creditNotes.create', { invoice_id: invoiceId, reason: 'Too much', line_ids: [line.line_id], amount: line.amount })).error).toMatch(/is more than the .* that is left to credit\.$/);

    await call('invoices.approve', { invoice_ids: [part.credit_note_id] });
    const summary = await call('export.summary', { period: P });
    expect(summary.to_finalize).toBe(1);
    expect(summary.credit_notes).toEqual([{ currency: expect.any(String) as string, count: 1, total: part.total, amount_due: part.total }]);
    expect((await refused('creditNotes.discard', { credit_note_id: part.credit_note_id, reason: 'Too late now' })).error).toBe(
      `Credit note ${part.credit_note_id} is already approved; only a draft credit note can be discarded.`,
    );
  });
});

describe('invoices.list on 20,000 invoices', () => {
  let big: Opened;
  let bigDir: string;
  beforeAll(() => {
    bigDir = mkdtempSync(join(tmpdir(), 'billing-review-big-'));
    big = openDatabase(join(bigDir, 'big.db'));
    const s = big.sqlite;
    s.exec(`
      INSERT INTO import_batches (file_name, file_size, sha256, kind, imported_by) VALUES ('a.json', 1, 'x', 'agreements', 't');
      INSERT INTO accounts (id, name) VALUES ('ACC', 'Account');
      WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 20000)
      INSERT INTO agreements (id, account_id, currency, start_date, owner, payment_terms_days, tax_rate, discount_percent, minimum_commitment, deposit, document, batch_id, line, raw)
        SELECT 'AG-' || k, 'ACC', CASE k % 3 WHEN 0 THEN 'JPY' ELSE 'USD' END, '2026-01-01', 'O' || (k % 7), 30, '0', '0', '0', '0', '{}', 1, k, '' FROM n;
      INSERT INTO invoices (id, agreement_id, account_id, period, currency, status, subtotal, discount, tax, total, deposit_applied, amount_due, rated_at, rated_by)
        SELECT a.id || '@' || p.period, a.id, 'ACC', p.period, a.currency, 'draft',
               CASE a.currency WHEN 'JPY' THEN (a.line * p.f) ELSE (a.line * p.f) || '.25' END, '0', '0',
               CASE a.currency WHEN 'JPY' THEN (a.line * p.f) ELSE (a.line * p.f) || '.25' END, '0', '0', 'now', 't'
        FROM agreements a, (SELECT '2026-11' AS period, 2 AS f UNION ALL SELECT '2026-12', 3) p;
      INSERT INTO invoice_lines (invoice_id, position, kind, code, description, quantity, unit_price, amount, detail)
        SELECT i.id, x.k, 'recurring', 'fee', 'Fee', '1', i.total, i.total, '{}' FROM invoices i, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) x;
    `);
  });
  afterAll(() => {
    big.close();
    rmSync(bigDir, { recursive: true, force: true });
  });

  // How fast these answer is measured by `npm run bench`, not asserted here.
  it('lists all 20,000 with their change against the previous period, and the dashboard counts and sums every one', async () => {
    const handlers = createHandlers({ ...host, sqlite: big.sqlite });
    const outcome = await dispatch(handlers, 'invoices.list', { period: '2026-12' });
    expect(outcome.ok).toBe(true);
    const list = (outcome as { result: ResultOf<'invoices.list'> }).result;
    expect(list.length).toBe(20_000);
    const one = list.find((i) => i.invoice_id === 'AG-2@2026-12')!;
    expect(one).toMatchObject({ previous_total: '4.25', total: '6.25', change: '2.00', change_percent: '47.1', line_count: 3 });
    const yen = list.find((i) => i.invoice_id === 'AG-3@2026-12')!;
    expect(yen).toMatchObject({ previous_total: '6', total: '9', change: '3', change_percent: '50.0' });
    const dash = await dispatch(handlers, 'dashboard.summary', { period: '2026-12' });
    expect(dash.ok).toBe(true);
    const summary = (dash as { result: ResultOf<'dashboard.summary'> }).result;
    expect(summary.status).toEqual({ draft: 20_000, approved: 0, finalized: 0, on_hold: 0 });
    // Agreement k is in yen when k is a multiple of 3: 6,666 of them; the total is 3 × the sum of those k.
    const yenK = Array.from({ length: 6_666 }, (_, i) => 3 * (i + 1));
    const yenBilled = summary.billed.find((b) => b.currency === 'JPY');
    expect(yenBilled).toMatchObject({ invoices: 6_666, total: String(3 * yenK.reduce((a, b) => a + b, 0)) });
    expect(summary.billed.find((b) => b.currency === 'USD')?.invoices).toBe(13_334);
  });
});
