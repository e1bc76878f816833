/**
 * The bench's ui phase: is the app still responsive on the bench's book? The goal (the invoice grid
 * and the dashboard open in < 1 s; a line's first page of source rows in < 200 ms, even when the line
 * has a million rows) is about what a reviewer sees, so it is measured in Chromium against the real
 * renderer and API: the preview host (out/preview.mjs) serves the rated book, and each figure is the
 * wall time in the page from navigation start (or the click) to the frame that first shows the
 * content (the grid's first row, the dashboard's bars, the drawer's first source row), not network
 * idleness.
 *
 * No line of the scale book has more than a few hundred rows, so the phase first imports an extra
 * usage file of BENCH_UI_LINE_ROWS records (default 1,000,000) for one account and metric and
 * re-rates the period (setup, timed on its own). The source-rows request is also timed without the
 * browser, so a slow query and slow rendering can be told apart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Request } from '@playwright/test';
import type { Sqlite } from '../../db/open';
import type { ArgsOf, MethodName, ResultOf } from '../../shared/api';
import { parsePeriod } from '../../shared/period';
import { billPeriod } from '../engine/commands/rate-period';
import { importFiles } from '../engine/import/import-files';
import type { JobContext } from '../engine/job-context';
import { limitGoal, median, milliseconds as ms, referenceRow, seconds, type Goal } from './ratios';
import { writeLineUsage } from './ui-line-book';
import { atOfTs } from '../engine/usage-time';

export interface UiPhaseOptions {
  /** the bench's open connection to its book; rated for `period` already */
  sqlite: Sqlite;
  ctx: JobContext;
  dbPath: string;
  /** where the extra usage file and the screenshots go */
  dir: string;
  period: string;
  /** records of the one big line (BENCH_UI_LINE_ROWS) */
  lineRows: number;
  /** an existing account whose agreement prices `metric` per unit: one line, all its records */
  account?: string;
  metric?: string;
}

/** Each figure is the median of this many runs (after a first one, reported beside it). */
const RUNS = 3;
/** The flags the e2e tests start Chromium with (e2e/playwright.config.ts). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** No API call for this long: the page has loaded what it asks for on opening. */
const QUIET_MS = 300;
/** Generous: the first open of a million-row drawer on a slow machine should print a figure, not time out. */
const WAIT_MS = 120_000;

/**
 * What the page must show for each measured view, every selector visible. A row of the grid, bars
 * of a chart: the content a reviewer came for, so a spinner or an empty frame does not count.
 */
const READY: Record<string, string[]> = {
  grid: ['[data-testid="invoice-grid"] .ag-center-cols-container .ag-row'],
  dashboard: ['[data-testid="kpi-status"]', '[data-testid="chart-by-month"] .recharts-bar-rectangle'],
  invoice: ['[data-testid="invoice-lines"] tr.line-row'],
  sources: ['[data-testid="sources-drawer"] .ag-center-cols-container .ag-row'],
};

interface BenchWindow {
  /** per READY name: performance.now() of the first frame that showed it */
  __benchSeen: Record<string, number>;
  /** performance.now() of the latest click, taken before the app's handlers run */
  __benchClickAt: number;
}

/**
 * Runs in every page before the app's scripts. On each DOM change it looks for the READY views not
 * yet seen; once all of a view's selectors are visible it notes the time of the next animation frame,
 * the one that paints them. performance.now() counts from the document's navigation start.
 */
function watchReadiness(ready: Record<string, string[]>): void {
  const w = window as unknown as BenchWindow;
  w.__benchSeen = {};
  w.__benchClickAt = -1;
  const waiting = new Set<string>();
  const visible = (selector: string) => {
    const element = document.querySelector(selector);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const check = () => {
    for (const [name, selectors] of Object.entries(ready)) {
      if (name in w.__benchSeen || waiting.has(name) || !selectors.every(visible)) continue;
      waiting.add(name);
      requestAnimationFrame(() => (w.__benchSeen[name] = performance.now()));
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  window.addEventListener('click', () => (w.__benchClickAt = performance.now()), true);
}

interface DrawerParts {
  /** click to first row shown */
  total: number;
  clickToFetch: number;
  request: number;
  responseToRow: number;
}

/**
 * Runs in the page once the drawer shows its first row: the click-to-row time cut at the lines.sources
 * request's start and end (its resource timing entry, on the same clock), so rendering and the query
 * can be told apart.
 */
function drawerTiming(): DrawerParts {
  const w = window as unknown as BenchWindow;
  const request = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/lines.sources'));
  if (!request) throw new Error('the drawer made no lines.sources request');
  const shown = w.__benchSeen['sources']!;
  return {
    total: shown - w.__benchClickAt,
    clickToFetch: request.startTime - w.__benchClickAt,
    request: request.duration,
    responseToRow: shown - (request.startTime + request.duration),
  };
}

/** The page's time (ms since its navigation start) of the first frame showing `name`. */
async function seen(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((view) => (window as unknown as BenchWindow).__benchSeen[view], name, { timeout: WAIT_MS });
  return (await handle.jsonValue()) as number;
}

/**
 * API calls the page has in flight (the event stream aside), counted from its requests' events: the
 * invoice page loads its cards (trend, audit, changes…) after its lines, and a click before they are
 * answered would time the queue on the host, not the drawer.
 */
function apiInFlight(page: Page): { quiet: (forMs: number) => Promise<void> } {
  let pending = 0;
  const isApi = (url: string) => url.includes('/api/') && !url.includes('/api/events');
  page.on('request', (r) => {
    if (isApi(r.url())) pending++;
  });
  const done = (r: Request) => {
    if (isApi(r.url())) pending--;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    async quiet(forMs) {
      const deadline = Date.now() + WAIT_MS;
      let since = Date.now();
      while (Date.now() - since < forMs) {
        if (Date.now() > deadline) throw new Error(`the page still had ${pending} API calls in flight after ${WAIT_MS / 1000} s`);
        if (pending > 0) since = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

/** A loopback port nobody listens on now (the preview host takes it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Preview {
  child: ChildProcess;
  base: string;
  token: string;
}

/** out/preview.mjs beside this bundle (out/bench.mjs) on the bench's book, answering /healthz. */
async function startPreview(dbPath: string): Promise<Preview> {
  const port = await freePort();
  const token = randomBytes(24).toString('base64url');
  const script = join(dirname(fileURLToPath(import.meta.url)), 'preview.mjs');
  const child = spawn(process.execPath, [script, '--db', dbPath, '--port', String(port), '--as', 'bench'], {
    env: { ...process.env, BILLING_PREVIEW_TOKEN: token },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the preview host exited (${child.exitCode}): ${stderr.trim()}`);
    const up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (up) return { child, base, token };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`the preview host did not answer within 60 s: ${stderr.trim()}`);
}

/** SIGTERM (it closes its server and book), SIGKILL after 5 s; resolves once the process is gone. */
async function stopPreview(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** One API call as the renderer makes it, with its wall time. */
async function apiCall<M extends MethodName>(preview: Preview, method: M, args: ArgsOf<M>): Promise<{ result: ResultOf<M>; ms: number }> {
  const start = performance.now();
  const response = await fetch(`${preview.base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-billing-token': preview.token },
    body: JSON.stringify(args),
  });
  const body = await response.text();
  const elapsed = performance.now() - start;
  if (!response.ok) throw new Error(`${method} answered ${response.status}: ${body}`);
  return { result: JSON.parse(body) as ResultOf<M>, ms: elapsed };
}

/** Chromium as the e2e tests start it; null (and one line) where none can start. */
async function launchChromium(): Promise<Browser | null> {
  const { chromium } = await import('@playwright/test');
  const system = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(system)) return chromium.launch({ executablePath: system, headless: true, args: CHROMIUM_ARGS });
  try {
    return await chromium.launch({ headless: true, args: CHROMIUM_ARGS });
  } catch {
    console.log('ui timings skipped: no Chromium');
    return null;
  }
}

/** The extra file imported and the period re-rated; then the line with the most source rows. */
async function addBigLine(options: UiPhaseOptions): Promise<{ account: string; metric: string; invoiceId: string }> {
  const account = options.account ?? 'ACC00001';
  const metric = options.metric ?? 'compute_hours';
  const file = await writeLineUsage(options.dir, { account, metric, rows: options.lineRows, period: options.period });
  let start = performance.now();
  await importFiles(options.sqlite, { files: [{ path: file.path }] }, options.ctx);
  const importMs = performance.now() - start;
  start = performance.now();
  billPeriod(options.sqlite, options.period, options.ctx, 'rate');
  const rateMs = performance.now() - start;
  console.log(
    `ui setup (not a UI figure): ${options.lineRows.toLocaleString('en')} extra usage rows for ${account} ${metric} imported in ${seconds(importMs)}, ${options.period} re-rated in ${seconds(rateMs)}`,
  );
  // The account and metric with the most records in the period: by construction the one just added, unless it was given few rows.
  const p = parsePeriod(options.period);
  const top = options.sqlite
    .prepare('SELECT s.account_id, s.metric FROM usage_series s CROSS JOIN usage_rows u ON u.series_id = s.id AND u.at >= ? AND u.at < ? GROUP BY s.id ORDER BY count(*) DESC LIMIT 1')
    .get(atOfTs(p.startTs), atOfTs(p.endTs)) as { account_id: string; metric: string };
  const invoiceId = options.sqlite
    .prepare('SELECT s.invoice_id FROM usage_spans s JOIN invoices i ON i.id = s.invoice_id WHERE i.period = ? AND s.account_id = ? AND s.metric = ? LIMIT 1')
    .pluck()
    .get(options.period, top.account_id, top.metric) as string | undefined;
  if (invoiceId === undefined) throw new Error(`no invoice of ${options.period} bills ${top.account_id} ${top.metric}`);
  // The preview host reads the book from its own connection: no pages left in the WAL.
  options.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { account: top.account_id, metric: top.metric, invoiceId };
}

/** `first` and the median of RUNS more, each from `run`. */
async function repeated(run: () => Promise<number>): Promise<{ first: number; median: number }> {
  const first = await run();
  const rest: number[] = [];
  for (let i = 0; i < RUNS; i++) rest.push(await run());
  return { first, median: median(rest) };
}

export async function benchUi(options: UiPhaseOptions): Promise<Goal[]> {
  const browser = await launchChromium();
  if (!browser) return [];
  let preview: Preview | null = null;
  // Should the bench die before the finally below, the preview host must not outlive it.
  const killPreview = () => preview?.child.kill('SIGKILL');
  process.once('exit', killPreview);
  try {
    const big = await addBigLine(options);
    const host = await startPreview(options.dbPath);
    preview = host;
    const { base, token } = host;
    const app = (hash: string) => `${base}/?token=${token}#${hash}`;
    const detail = await apiCall(host, 'invoices.get', { invoice_id: big.invoiceId });
    const line = detail.result.lines.reduce((most, l) => (l.source_count > most.source_count ? l : most));
    console.log(
      `ui: Chromium ${browser.version()} headless, preview host on ${base}; each figure is the median of ${RUNS} runs after a first one, from navigation (or click) to the first frame showing the content, timed in the page`,
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    await context.addInitScript(watchReadiness, READY);
    const page = await context.newPage();
    const inFlight = apiInFlight(page);
    /**
     * `shown`: ms from navigation start to the first frame showing `view`; about:blank first, so every run is a full
     * page load. `started`: when the navigation was asked for, on this process's clock.
     */
    const open = async (hash: string, view: string) => {
      await page.goto('about:blank');
      const started = performance.now();
      await page.goto(app(hash), { waitUntil: 'commit' });
      return { shown: await seen(page, view), started };
    };
    const shot = (name: string) => page.screenshot({ path: join(options.dir, name) });

    // The grid's first run is the cold one: a new browser context (no cached scripts) and the host's first invoices.list.
    const grid = await repeated(async () => (await open(`/invoices?period=${options.period}`, 'grid')).shown);
    const gridCount = await page.getByTestId('row-count').innerText();
    await shot('ui-invoice-grid.png');
    console.log(`ui: invoice grid opened in ${ms(grid.median)} (median of ${RUNS}; cold ${ms(grid.first)}) · ${gridCount}`);

    const dashboard = await repeated(async () => (await open(`/dashboard?period=${options.period}`, 'dashboard')).shown);
    await shot('ui-dashboard.png');
    console.log(`ui: dashboard opened in ${ms(dashboard.median)} (median of ${RUNS}; first ${ms(dashboard.first)})`);

    // The drawer's rows are cached by the page once loaded, so each run opens the invoice afresh (timed too: it is
    // the way to the drawer), lets its cards load, and then clicks the line, timed from the click to the first row shown.
    const invoiceTimes: number[] = [];
    const settledTimes: number[] = [];
    const drawerParts: DrawerParts[] = [];
    const lineRow = page.locator(`[data-testid="line-with-sources"][aria-label="${line.description}: show ${line.source_count.toLocaleString('en-US')} source rows"]`);
    const sources = await repeated(async () => {
      const invoice = await open(`/invoices/${encodeURIComponent(big.invoiceId)}`, 'invoice');
      invoiceTimes.push(invoice.shown);
      await inFlight.quiet(QUIET_MS);
      settledTimes.push(performance.now() - invoice.started - QUIET_MS);
      await lineRow.click();
      await seen(page, 'sources');
      const parts = await page.evaluate(drawerTiming);
      drawerParts.push(parts);
      return parts.total;
    });
    const range = page.getByTestId('sources-range');
    await range.filter({ hasText: `of ${line.source_count.toLocaleString('en-US')}` }).waitFor({ timeout: WAIT_MS });
    const rangeText = await range.innerText();
    await shot('ui-source-rows.png');
    const warm = (values: number[]) => median(values.slice(1));
    const part = (key: keyof DrawerParts) => ms(warm(drawerParts.map((p) => p[key])));
    console.log(
      `ui: invoice ${big.invoiceId} (the big line's) opened in ${ms(warm(invoiceTimes))} (median of ${RUNS}; first ${ms(invoiceTimes[0]!)}), its cards' API calls all answered after ${ms(warm(settledTimes))} (first ${ms(settledTimes[0]!)}); on the way to the drawer, no goal`,
    );
    console.log(
      `ui: source rows first page of "${line.description}" (${big.account} ${big.metric}, ${line.source_count.toLocaleString('en')} rows; "${rangeText}") in ${ms(sources.median)} (median of ${RUNS}; first ${ms(sources.first)})`,
    );
    console.log(`    click to request sent ${part('clickToFetch')}, lines.sources request ${part('request')}, response to first row shown ${part('responseToRow')} (medians)`);

    // The drawer's request without the browser: the query and the host alone; and with the line's total counted, as other callers ask.
    const args = { line_id: line.line_id, offset: 0, limit: 100, sort: 'when', desc: false, count: false } as const;
    const api = await repeated(async () => (await apiCall(host, 'lines.sources', args)).ms);
    const counted = await repeated(async () => (await apiCall(host, 'lines.sources', { ...args, count: true })).ms);
    console.log(
      `ui: lines.sources first page (100 rows, as the drawer asks) answered in ${ms(api.median)} without the browser (median of ${RUNS}; first ${ms(api.first)}); with the total counted ${ms(counted.median)}`,
    );
    console.log(`ui: screenshots in ${options.dir}: ui-invoice-grid.png, ui-dashboard.png, ui-source-rows.png`);
    await context.close();

    const rows = `${line.source_count.toLocaleString('en')}-row line`;
    return [
      limitGoal('ui: invoice grid opened', grid.median, 1000, '1 s', ms),
      limitGoal('ui: invoice grid opened, cold', grid.first, 1000, '1 s', ms),
      limitGoal('ui: dashboard opened', dashboard.median, 1000, '1 s', ms),
      limitGoal(`ui: source rows first page, ${rows}`, sources.median, 200, '200 ms', ms),
      referenceRow('ui: its lines.sources request alone', api.median, null, ms),
    ];
  } finally {
    await browser.close();
    if (preview) await stopPreview(preview.child);
    process.removeListener('exit', killPreview);
  }
}
