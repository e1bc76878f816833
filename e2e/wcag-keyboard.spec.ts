/**
 * The review by keyboard alone, on the demo book: after the page loads, every
 * step is a key press (Tab, Enter, arrows, typing, Escape), never a click.
 * Dashboard → a rule (the chart's table) → its finding (the grid) → the rows
 * behind it (the drawer) → the invoice → approve with an override. Also: the
 * grid's first row within three Tab presses of the top bar ("Skip to grid"),
 * a chart's bar click and its table row's Enter doing the same thing, and a
 * job announced once per phase, not on every progress tick.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { TOKEN, api, demoPeriod } from './helpers';

type AnomalyRow = { anomaly_id: string; rule: string; severity: string; status: string; invoice_id: string | null; source_count: number };
type Summary = { invoice_id: string; status: string; currency: string; on_hold: boolean; document_type: string };

let period = '';

test.beforeAll(async ({ request }) => {
  test.setTimeout(10 * 60_000);
  period = await demoPeriod(request);
});

const at = (hash: string) => `/?token=${TOKEN}#${hash}`;
const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false);

/** Presses Tab until `target` (or something inside it) has focus; fails after `max` presses. Returns the presses it took. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) return presses;
  }
  throw new Error(`${target.toString()} not reached in ${max} Tab presses`);
}

test('keyboard only: dashboard → rule → finding → its rows → the invoice → approve with an override', async ({ page, request }) => {
  // A finding with rows behind it that is an open error on a draft invoice that can be approved: approving it needs the override.
  const invoices = await api<Summary[]>(request, 'invoices.list', { period });
  const approvable = new Set(invoices.filter((i) => i.status === 'draft' && !i.on_hold && i.document_type === 'invoice' && /^[A-Z]{3}$/.test(i.currency)).map((i) => i.invoice_id));
  const finding = (await api<AnomalyRow[]>(request, 'anomalies.explore', { period })).find((a) => a.status === 'open' && a.severity === 'error' && a.source_count > 0 && a.invoice_id && approvable.has(a.invoice_id))!;
  expect(finding, 'an open error on an approvable draft').toBeTruthy();

  await page.goto(at(`/dashboard?period=${period}`));
  const chart = page.getByTestId('chart-rules');
  await expect(chart).toBeVisible();
  // The chart is one stop, named and described, right after its "Show as table" toggle: the table is the way in.
  const toggle = page.getByTestId('chart-rules-toggle');
  await tabTo(page, toggle);
  await page.keyboard.press('Tab');
  await expect(chart).toBeFocused();
  await expect(chart).toHaveAccessibleName('Anomalies by rule');
  await expect(chart).toHaveAccessibleDescription(/rules with findings/);
  await page.keyboard.press('Shift+Tab');
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Enter');
  const ruleRow = page.getByTestId('chart-rules-table').locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${finding.rule}$`) }) });
  await tabTo(page, ruleRow, 30);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/anomalies\\?period=${period}.*rule=${finding.rule}`));

  // Skip to grid, then down to the finding and Enter.
  const grid = page.getByTestId('anomaly-grid');
  const row = grid.locator(`.ag-center-cols-container .ag-row[row-id="${finding.anomaly_id}"]`);
  await expect(row).toBeVisible();
  await tabTo(page, page.getByTestId('skip-to-grid'));
  await page.keyboard.press('Enter');
  await expect(grid.locator('.ag-row[row-index="0"] .ag-cell:focus')).toHaveCount(1);
  const index = Number(await row.getAttribute('row-index'));
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await expect(row.locator('.ag-cell:focus')).toHaveCount(1);
  await page.keyboard.press('Enter');
  const drawer = page.getByTestId('anomaly-drawer');
  await expect(drawer).toBeVisible();
  // The rows behind the finding, in the drawer that now holds the keyboard.
  await expect(drawer.getByTestId('anomaly-sources').locator('.ag-center-cols-container .ag-row').first()).toBeVisible();
  // Escape gives focus back to the finding's cell; Enter opens it again.
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(row.locator('.ag-cell:focus')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(drawer).toBeVisible();
  await tabTo(page, drawer.getByTestId('anomaly-invoice-link'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('invoice-detail')).toBeVisible();

  // Approve: open errors ask for the override reason, typed and confirmed by keyboard.
  await tabTo(page, page.getByTestId('approve-button'));
  await page.keyboard.press('Enter');
  const override = page.getByTestId('override-drawer');
  await expect(override.getByTestId('reason-input')).toBeFocused();
  await page.keyboard.type('Checked by keyboard against the contract');
  await tabTo(page, override.getByTestId('reason-confirm'), 10);
  await page.keyboard.press('Enter');
  await expect(override).toBeHidden();
  await expect.poll(async () => (await api<Summary[]>(request, 'invoices.list', { period })).find((i) => i.invoice_id === finding.invoice_id)?.status).toBe('approved');
  const audit = await api<{ action: string; reason: string | null }[]>(request, 'invoices.audit', { invoice_id: finding.invoice_id });
  expect(audit.some((e) => e.action === 'override' && /by keyboard/.test(e.reason ?? ''))).toBe(true);
});

for (const [name, hash, testId] of [
  ['invoices', '/invoices', 'invoice-grid'],
  ['anomalies', '/anomalies', 'anomaly-grid'],
] as const) {
  test(`${name}: the grid's first row is at most three Tab presses from the top bar`, async ({ page }) => {
    await page.goto(at(`${hash}?period=${period}`));
    const grid = page.getByTestId(testId);
    await expect(grid.locator('.ag-center-cols-container .ag-row').first()).toBeVisible();
    // The top bar's last control: the period picker.
    await tabTo(page, page.getByTestId('period-picker'));
    const firstRow = grid.locator('.ag-row[row-index="0"]');
    let presses = 0;
    while (!(await isFocused(firstRow))) {
      expect(presses, 'Tab presses from the top bar to the first row').toBeLessThan(3);
      await page.keyboard.press('Tab');
      presses++;
      if (await isFocused(page.getByTestId('skip-to-grid'))) {
        // Visible while it has focus.
        await expect(page.getByTestId('skip-to-grid')).toBeInViewport();
        await page.keyboard.press('Enter');
      }
    }
    expect(presses).toBeLessThanOrEqual(3);
  });
}

test('a chart: clicking a bar and Enter on its table row do the same thing', async ({ page }) => {
  await page.goto(at(`/dashboard?period=${period}`));
  const chart = page.getByTestId('chart-rules');
  await expect(chart).toBeVisible();
  // The bar of the first rule: just right of its axis label, where its bar starts.
  const tick = chart.locator('.chart-tick-link').first();
  await tick.scrollIntoViewIfNeeded();
  const rule = (await tick.textContent())!.trim();
  const box = (await tick.boundingBox())!;
  await page.mouse.click(box.x + box.width + 14, box.y + box.height / 2);
  await expect(page).toHaveURL(new RegExp(`#/anomalies\\?.*rule=${rule}`));
  const clicked = page.url();

  await page.goto(at(`/dashboard?period=${period}`));
  await expect(chart).toBeVisible();
  await tabTo(page, page.getByTestId('chart-rules-toggle'));
  await page.keyboard.press('Enter');
  const table = page.getByTestId('chart-rules-table');
  await expect(table.locator('tbody tr')).not.toHaveCount(0);
  await tabTo(page, table.locator('tbody tr').first(), 5);
  await expect(table.locator('tbody tr').first().locator('th')).toHaveText(rule);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(clicked);
});
