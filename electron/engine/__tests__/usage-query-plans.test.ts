/**
 * No request reads every usage record of the book (issue 18). SQLite plans a query the same
 * way on a small book as on a ten-million-row one (the app never runs ANALYZE), so the plans
 * of every statement a review session prepares on a small demo book are the plans it will use
 * on a big one. Each statement that touches the usage tables is recorded as it is prepared,
 * then asked for its plan: none may materialize the usage_records view (SQLite does that on
 * the right of a LEFT JOIN: 13 s with one excluded row on a million-row book) or scan the
 * usage rows or one of their indexes whole, except the few statements named below, each of
 * which reads the whole table on purpose.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../../shared/api';
import { openDatabase, type Opened } from '../../../db/open';
import { createHandlers, dispatch, type HostServices } from '../api/handlers';
import { billPeriod } from '../commands/rate-period';
import { runCommand } from '../commands/run-command';
import { generateDemo } from '../demo/generate-demo';
import { importFiles } from '../import/import-files';
import { createJobContext } from '../job-context';

const P = '2026-10';
const PREV = '2026-09';

/** Whole-table reads that are meant: app.status's record count (3–69 ms on a 2M-row book). */
const WHOLE_TABLE_ON_PURPOSE = [/^select count\(\*\) from "usage_rows"$/i];

/** each statement on the usage tables the session prepared, and the lines of its plan that read usage whole */
const recorded = new Map<string, string[]>();
type Prepare = (this: Database.Database, source: string) => Database.Statement<unknown[]>;
/** the library's own prepare, called on each connection by the recording one and by the planner below */
const prepare = Reflect.get(Database.prototype, 'prepare') as Prepare;
let dir: string;
let opened: Opened;
let host: HostServices;

async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const outcome = await dispatch(createHandlers(host), method, args);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.error}`);
  return outcome.result as ResultOf<M>;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-plans-'));
  const dbPath = join(dir, 'book.db');
  // Opened (and migrated: a migration reads whole tables on purpose) before statements are recorded.
  opened = openDatabase(dbPath);
  Database.prototype.prepare = function (this: Database.Database, source: string) {
    const statement = prepare.call(this, source);
    // Planned when prepared, on its own connection: a temporary table it reads exists now.
    if (/usage_(rows|records)/.test(source) && !/^\s*(CREATE|DROP|ALTER)\b/i.test(source) && !recorded.has(source)) recorded.set(source, wholeReads(this, source));
    return statement;
  } as Database.Database['prepare'];
  const demo = await generateDemo({ outDir: join(dir, 'demo'), rows: 3_000 });
  host = {
    sqlite: opened.sqlite,
    dbPath,
    actor: 'Ana',
    resolveFile: (token) => token,
    runCommand: (request, _jobId, actor) => runCommand(opened.sqlite, request, createJobContext({ actor })),
    cancelJob: () => false,
  };
  const ctx = createJobContext({ actor: 'setup' });
  await importFiles(opened.sqlite, { files: demo.files.map((path) => ({ path })) }, ctx);
  billPeriod(opened.sqlite, PREV, ctx);
  billPeriod(opened.sqlite, P, ctx);
});

afterAll(() => {
  Reflect.set(Database.prototype, 'prepare', prepare);
  opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The names a statement gives the stored usage rows: the table's own, its aliases, and the view's inner alias (db/migrations/0015). */
function usageAliases(source: string): Set<string> {
  const aliases = new Set(['usage_rows']);
  for (const m of source.matchAll(/usage_rows`?\s+(?:AS\s+)?(\w+)/gi)) if (!/^(WHERE|JOIN|ON|ORDER|GROUP|LIMIT|LEFT|CROSS|INNER|SET|VALUES|UNION)$/i.test(m[1]!)) aliases.add(m[1]!);
  if (/usage_records/.test(source)) aliases.add('r');
  return aliases;
}

/** The plan lines of `source` that read the usage rows (or one of their indexes) whole, or materialize the view. */
function wholeReads(sqlite: Database.Database, source: string): string[] {
  const named: Record<string, null> = Object.fromEntries([...source.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => [m[1]!, null]));
  const explain = prepare.call(sqlite, `EXPLAIN QUERY PLAN ${source}`);
  const positional = (source.match(/\?/g) ?? []).length;
  const rows = (Object.keys(named).length > 0 ? explain.all(named) : explain.all(...Array<null>(positional).fill(null))) as { detail: string }[];
  const aliases = usageAliases(source);
  return rows.map((r) => r.detail).filter((d) => /^MATERIALIZE usage_records/.test(d) || aliases.has(/^SCAN (\S+)/.exec(d)?.[1] ?? ''));
}

describe('usage query plans', () => {
  it('a review session reads usage by series and period ranges, never the whole book', async () => {
    const usageId = (opened.sqlite.prepare('SELECT min(id) FROM usage_rows').pluck().get() as number) + 100;
    await call('app.status', {});
    await call('dashboard.summary', { period: P });
    await call('reconciliation.period', { period: P });
    await call('quality.summary', { period: P });
    await call('sources.unbilled', { period: P, kind: 'usage', offset: 0, limit: 50 });
    await call('sources.billing', { source_kind: 'usage', source_id: usageId });
    const invoices = await call('invoices.list', { period: P });
    const invoice = await call('invoices.get', { invoice_id: invoices[0]!.invoice_id });
    const usageLine = invoice.lines.find((l) => l.kind === 'usage');
    if (usageLine) await call('lines.sources', { line_id: usageLine.line_id, offset: 0, limit: 50 });
    await call('invoices.trend', { invoice_id: invoices[0]!.invoice_id, periods: 6 });
    const anomalies = await call('anomalies.explore', { period: P });
    for (const a of anomalies.slice(0, 20)) await call('anomalies.sources', { anomaly_id: a.anomaly_id, offset: 0, limit: 20 });
    await call('corrections.exclude', { source_kind: 'usage', source_id: usageId, reason: 'meter fault' });
    await call('reconciliation.period', { period: P });
    await call('runs.diff', { period: P });
    await call('changes.preview', { method: 'import.undo', args: { batch_id: 1 } } as never).catch(() => undefined);
    // Rollups beside rows (each import's overlap note), then the late usage file undone.
    const rollups = join(dir, 'rollups.csv');
    writeFileSync(rollups, 'account_id,metric,day,sum,count,max,last_ts,last_quantity,source\nZZ-PLANS,api_calls,2026-10-05,500,5,200,2026-10-05T23:00:00Z,100,warehouse\n');
    const late = join(dir, 'late.csv');
    writeFileSync(late, 'event_id,account_id,metric,quantity,timestamp\nplans-1,ZZ-PLANS,api_calls,3,2026-10-05T10:00:00Z\n');
    const imported = await importFiles(opened.sqlite, { files: [{ path: rollups }, { path: late }] }, createJobContext({ actor: 'Ana' }));
    expect(imported.files.map((f) => (f.notes ?? []).some((n) => n.includes('a usage rollup covers')))).toEqual([false, true]);
    await call('import.undo', { batch_id: imported.files[1]!.batchId });

    const offending = [...recorded]
      .filter(([source, plan]) => plan.length > 0 && !WHOLE_TABLE_ON_PURPOSE.some((ok) => ok.test(source.trim())))
      .map(([source, plan]) => ({ source: source.replace(/\s+/g, ' ').trim(), plan }));
    expect(recorded.size).toBeGreaterThan(30);
    expect(offending).toEqual([]);
  });
});
