/**
 * Corrections and locks as a reviewer makes them: a bad meter reading excluded
 * from billing in the line's source-rows drawer (with a reason; the row stays
 * listed, marked, and the draft is re-rated without it), then the period
 * closed with a reason, after which re-rating and approving are refused with
 * the lock named. Its own account and period (2025-06), so it runs alone or
 * after the other specs. Screenshots go to e2e/screenshots/.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { TOKEN, api, calm, importInApp, shot } from './helpers';

test.describe.configure({ mode: 'serial' });

const PERIOD = '2025-06';
const stamp = Date.now().toString(36).toUpperCase();
const ACCOUNT = `E2E-FIX-${stamp}`;
const INVOICE = `AG-${ACCOUNT}@${PERIOD}`;
const dir = mkdtempSync(join(tmpdir(), 'e2e-corrections-'));

const agreementsFile = join(dir, `agreements-${stamp}.json`);
writeFileSync(
  agreementsFile,
  JSON.stringify([
    { agreement_id: `AG-${ACCOUNT}`, account_id: ACCOUNT, currency: 'USD', start_date: `${PERIOD}-01`, charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] },
  ]),
);
// Five readings of 100 and one of 100,000 (a meter that reported bytes): 100,500 × 0.01 = 1,005.00 before the correction, 5.00 after.
const usageFile = join(dir, `usage-${stamp}.csv`);
const readings = [100, 100, 100, 100000, 100, 100];
writeFileSync(
  usageFile,
  `event_id,account_id,metric,quantity,timestamp\n${readings.map((q, i) => `${stamp}-${i},${ACCOUNT},api_calls,${q},${PERIOD}-${String(i + 2).padStart(2, '0')}T08:00:00Z`).join('\n')}\n`,
);

test.beforeAll(async ({ browser, request }) => {
  const page = await browser.newPage();
  await page.goto(`/?token=${TOKEN}#/import`);
  for (const [file, name] of [
    [agreementsFile, `agreements-${stamp}.json`],
    [usageFile, `usage-${stamp}.csv`],
  ] as const) {
    await importInApp(page, file, name);
  }
  await page.close();
  await api(request, 'period.rate', { period: PERIOD });
});

test("excluding a bad reading from the line's source rows re-rates the draft and keeps the row, marked", async ({ page, request }) => {
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(INVOICE)}`);
  const usageLine = page.getByTestId('line-with-sources').filter({ hasText: '6 usage records' });
  await expect(usageLine).toContainText('1,005.00');
  await usageLine.click();
  const drawer = page.getByTestId('sources-drawer');
  const bad = drawer.getByTestId('sources-grid').locator('.ag-center-cols-container .ag-row', { hasText: `${stamp}-3` });
  await bad.getByRole('button', { name: 'Exclude from billing' }).click();
  const form = drawer.getByTestId('exclusion-form');
  await expect(form).toContainText('Exclude Usage record');
  await expect(form.getByTestId('exclusion-confirm')).toBeDisabled();
  await form.getByTestId('exclusion-reason').fill('Meter reported bytes, not calls');
  await calm(page);
  await page.screenshot({ path: shot('40-exclude-row-reason.png') });
  await form.getByTestId('exclusion-confirm').click();
  // Previewed first (change-control.md): the draft's total before and after, and nothing changed until Confirm.
  const preview = form.getByTestId('change-preview');
  await expect(preview).toContainText('Exclude this row from billing?');
  const impactRow = preview.getByTestId('preview-invoices').locator('tbody tr', { hasText: INVOICE });
  await expect(impactRow).toHaveCount(1);
  const before = await api<{ invoice: { total: string } }>(request, 'invoices.get', { invoice_id: INVOICE });
  const grouped = (v: string) => v.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ','));
  await expect(impactRow).toContainText(grouped(before.invoice.total));
  await expect(impactRow).toContainText('5.00');
  // The excluded reading no longer counts for the anomaly rules either: the unit mix-up it caused would close.
  await expect(preview.getByTestId('preview-closed')).toContainText('unit_mismatch');
  // Nothing is applied by the preview: the draft still bills the bad reading.
  expect((await api<{ invoice: { total: string } }>(request, 'invoices.get', { invoice_id: INVOICE })).invoice.total).toBe(before.invoice.total);
  await calm(page);
  await page.screenshot({ path: shot('40b-exclude-row-preview.png') });
  await preview.getByTestId('confirm-change').click();

  // Re-rated: the line bills the five good readings; its drawer (reopened on the new line) still lists all six, the bad one marked in words.
  await expect(usageLine).toContainText('5.00');
  await expect(usageLine).not.toContainText('1,005.00');
  const reopened = page.getByTestId('sources-drawer');
  const marked = reopened.getByTestId('sources-grid').locator('.ag-center-cols-container .ag-row', { hasText: `${stamp}-3` });
  await expect(marked).toContainText('Excluded: Meter reported bytes, not calls');
  await expect(marked).toHaveClass(/row-excluded/);
  await expect(marked.getByRole('button', { name: 'Include again' })).toBeVisible();
  await calm(page);
  await page.screenshot({ path: shot('41-excluded-row-marked.png') });

  const reconciliation = await api<{ usage: { excluded: number }; excluded_rows: { reason: string }[] }>(request, 'reconciliation.period', { period: PERIOD });
  expect(reconciliation.usage.excluded).toBe(1);
  expect(reconciliation.excluded_rows.map((x) => x.reason)).toEqual(['Meter reported bytes, not calls']);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('audit-timeline')).toContainText('excluded from billing by');
});

test('a quantity override is previewed before it is applied, and so is its removal', async ({ page, request }) => {
  const total = async () => (await api<{ invoice: { total: string } }>(request, 'invoices.get', { invoice_id: INVOICE })).invoice.total;
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(INVOICE)}`);
  const card = page.getByTestId('quantity-overrides');
  await card.getByTestId('override-quantity').click();
  await card.getByTestId('override-value').fill('1000');
  await card.getByTestId('override-reason').fill('Counted in thousands');
  await card.getByTestId('save-override').click();
  const preview = card.getByTestId('change-preview');
  const before = await total();
  // 1000 calls at 0.01: the preview shows the draft at 10.00, and nothing is applied yet.
  await expect(preview.getByTestId('preview-invoices').locator('tbody tr', { hasText: INVOICE })).toContainText('10.00');
  expect(await total()).toBe(before);
  await preview.getByTestId('confirm-change').click();
  await expect(card).toContainText('billed as 1,000');
  expect(await total()).toBe('10.00');

  await card.getByRole('button', { name: 'Remove the override of api_calls' }).click();
  const drawer = page.getByTestId('removal-preview');
  await expect(drawer.getByTestId('preview-invoices').locator('tbody tr', { hasText: INVOICE })).toContainText(before);
  expect(await total()).toBe('10.00');
  await page.getByTestId('reason-input').fill('Measured quantity is right');
  await page.getByTestId('reason-confirm').click();
  await expect(card).not.toContainText('billed as 1,000');
  expect(await total()).toBe(before);
});

test('a closed period shows it, and refuses re-rating and approval with the reason', async ({ page }) => {
  await page.goto(`/?token=${TOKEN}#/invoices?period=${PERIOD}`);
  await page.getByTestId('close-period').click();
  const ask = page.getByTestId('period-lock-drawer');
  await ask.getByRole('textbox').fill('January signed off by finance');
  await ask.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('period-closed-chip')).toContainText('Closed · January signed off by finance');
  const rerate = page.getByTestId('rerate-button');
  await expect(rerate).toBeDisabled();
  await expect(rerate).toHaveAttribute('title', /is closed \(by .*: January signed off by finance\); reopen it first/);
  await calm(page);
  await page.screenshot({ path: shot('42-period-closed.png') });

  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(INVOICE)}`);
  await expect(page.getByTestId('period-closed-chip')).toBeVisible();
  await expect(page.getByTestId('approve-button')).toBeDisabled();
  await page.getByTestId('line-with-sources').filter({ hasText: '6 usage records' }).click();
  await expect(page.getByTestId('sources-drawer').getByRole('button', { name: 'Exclude from billing' })).toHaveCount(0);
});
