/// <reference lib="dom" />
/**
 * A reviewer's first session, as a person would do it: empty state, demo data,
 * rate the newest period, the invoice grid, one invoice with its lines and
 * totals, and the source rows of a line. Full-page screenshots go to
 * e2e/screenshots/ for people to look at.
 */
import { expect, test } from '@playwright/test';
import { TOKEN, shot, api, calm } from './helpers';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const periodLabel = (p: string) => `${MONTHS[Number(p.slice(5, 7)) - 1]} ${p.slice(0, 4)}`;
/** Thousands separators on the exact string, as the UI shows money. */
const grouped = (amount: string) => {
  const negative = amount.startsWith('-');
  const [int = '0', frac] = (negative ? amount.slice(1) : amount).split('.');
  return `${negative ? '−' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac !== undefined ? `.${frac}` : ''}`;
};



test('empty state → demo data → rate → invoices → invoice → source rows', async ({ page, request }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });

  await page.goto(`/?token=${TOKEN}`);
  const empty = page.getByTestId('empty-state');
  await expect(empty).toBeVisible();
  // The token leaves the address bar at once (kept in sessionStorage for reloads).
  expect(page.url()).not.toContain('token');
  await expect(empty.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Billing Reviewer', { exact: true })).toBeVisible();
  await page.screenshot({ path: shot('01-empty.png'), fullPage: true });

  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.getByTestId('rate-callout')).toBeVisible({ timeout: 5 * 60_000 });

  const status = await api<{ periods: string[]; rated_periods: string[] }>(request, 'app.status');
  const newest = status.periods[0];
  expect(newest, 'the demo data has periods').toBeTruthy();
  await expect(page.getByTestId('period-picker')).toHaveValue(newest!);
  const rate = page.getByRole('button', { name: `Rate ${periodLabel(newest!)}` });
  await expect(rate).toBeVisible();
  await rate.click();

  // Rating lands on the dashboard; the invoices are one click away.
  await expect(page.getByTestId('kpi-status')).toBeVisible({ timeout: 5 * 60_000 });
  await expect(page.getByTestId('chart-by-month')).toBeVisible();
  await calm(page);
  await page.screenshot({ path: shot('02-dashboard.png'), fullPage: true });
  // A reload arrives without the token in the address: the page takes it from sessionStorage.
  await page.reload();
  await expect(page.getByTestId('kpi-status')).toBeVisible();
  expect(page.url()).not.toContain('token');
  // One definition per figure: the status figures add up to the invoices, and "Open errors" is the anomalies list's open errors.
  const explored = await api<{ status: string; severity: string }[]>(request, 'anomalies.explore', { period: newest });
  const openErrors = explored.filter((a) => a.status === 'open' && a.severity === 'error').length;
  await expect(page.getByTestId('dash-open-error')).toHaveText(openErrors.toLocaleString('en-US'));
  const buckets = await Promise.all(['draft', 'on_hold', 'approved', 'finalized'].map(async (b) => Number((await page.getByTestId(`dash-${b}`).innerText()).replace(/[^\d]/g, ''))));
  const listed = await api<{ document_type: string }[]>(request, 'invoices.list', { period: newest });
  expect(buckets.reduce((a, b) => a + b, 0)).toBe(listed.filter((i) => i.document_type === 'invoice').length);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
  const grid = page.getByTestId('invoice-grid');
  await expect(grid).toBeVisible();
  await expect(page.getByTestId('row-count')).toHaveText(/^[\d,]+ invoices$/);
  const rowCount = Number((await page.getByTestId('row-count').innerText()).replace(/[^\d]/g, ''));
  expect(rowCount).toBeGreaterThan(60);
  expect(Number(await page.getByTestId('kpi-draft').innerText())).toBeGreaterThan(0);
  await expect(grid.locator('.ag-center-cols-container .ag-row').first()).toBeVisible();
  await expect(grid.getByText('Draft').first()).toBeVisible();
  await calm(page);
  await page.screenshot({ path: shot('03-invoices.png'), fullPage: true });

  // At 1,024 px the sidebar folds to icons and every invoice column fits: no header past the right edge, no sideways scroll.
  await page.setViewportSize({ width: 1024, height: 768 });
  await calm(page);
  const lastHeader = grid.locator('.ag-header-cell[col-id="anomalies"]');
  await expect(lastHeader).toBeVisible();
  expect(await lastHeader.evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(1024);
  expect(await grid.locator('.ag-center-cols-viewport').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: shot('03-invoices-1024.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Pick an invoice that has metered lines, find it with the search box and open it from the grid.
  const invoices = await api<{ invoice_id: string; account_name: string; line_count: number }[]>(request, 'invoices.list', { period: newest });
  type Detail = {
    invoice: Record<string, string>;
    lines: { line_id: number; description: string; source_count: number }[];
  };
  let chosen: { id: string; name: string; detail: Detail } | null = null;
  for (const inv of [...invoices].sort((a, b) => b.line_count - a.line_count).slice(0, 15)) {
    const detail = await api<Detail>(request, 'invoices.get', { invoice_id: inv.invoice_id });
    if (detail.lines.some((l) => l.source_count > 0)) {
      chosen = { id: inv.invoice_id, name: inv.account_name, detail };
      break;
    }
  }
  expect(chosen, 'an invoice with source rows').not.toBeNull();
  await page.getByRole('searchbox', { name: 'Search invoices' }).fill(chosen!.name);
  await expect(page.getByTestId('row-count')).toHaveText(/of/);
  await grid.locator('.ag-center-cols-container .ag-row', { hasText: chosen!.name }).first().click();

  const detail = page.getByTestId('invoice-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByRole('heading', { level: 1, name: chosen!.name })).toBeVisible();
  await expect(page.getByTestId('invoice-lines').locator('tbody tr.line-row')).toHaveCount(chosen!.detail.lines.length);
  const totals = page.getByTestId('invoice-totals');
  const inv = chosen!.detail.invoice;
  for (const field of ['subtotal', 'tax', 'total'] as const) await expect(totals).toContainText(grouped(inv[field]!));
  await expect(page.getByTestId('amount-due')).toHaveText(`${inv.currency} ${grouped(inv.amount_due!)}`.replace(`${inv.currency} −`, `−${inv.currency} `));
  await calm(page);
  await page.screenshot({ path: shot('04-detail.png'), fullPage: true });

  const metered = chosen!.detail.lines.find((l) => l.source_count > 0)!;
  await page.getByTestId('line-with-sources').first().click();
  const drawer = page.getByTestId('sources-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer.locator('.ag-center-cols-container .ag-row').first()).toBeVisible();
  await expect(page.getByTestId('sources-range')).toHaveText(/^Rows 1–[\d,]+ of [\d,]+$/);
  expect(metered.source_count).toBeGreaterThan(0);
  await calm(page);
  await page.screenshot({ path: shot('05-sources.png'), fullPage: true });

  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  expect(problems).toEqual([]);
});

test('the preview refuses requests without the token', async ({ request }) => {
  // The bare page (what a reload fetches once the renderer took the token out of the address) carries no token.
  const page = await request.get('/');
  expect(page.status()).toBe(200);
  expect(await page.text()).not.toContain('billing-token');
  expect((await request.get('/?token=not-the-token')).status()).toBe(403);
  const call = await request.post('/api/app.status', { data: {} });
  expect([401, 403]).toContain(call.status());
  const wrong = await request.post('/api/app.status', { data: {}, headers: { 'x-billing-token': 'not-the-token' } });
  expect([401, 403]).toContain(wrong.status());
});
