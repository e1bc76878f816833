/**
 * Usage rollups as a reviewer sees them (docs/rollup/README.md): a rollup file
 * imported on the Import page, the rated invoice's usage line saying it came
 * from daily rollups, its drawer listing one row per day with the records each
 * stands for, and reconciliation counting the rollups. Its own accounts and
 * period (2026-08), so it runs alone or after the other specs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { TOKEN, calm, importInApp, shot } from './helpers';

test.describe.configure({ mode: 'serial' });

const PERIOD = '2026-08';
const stamp = Date.now().toString(36).toUpperCase();
const ACCOUNT = `E2E-ROLL-${stamp}`;
const INVOICE = `AG-${ACCOUNT}@${PERIOD}`;
const dir = mkdtempSync(join(tmpdir(), 'e2e-usage-rollup-'));

const agreementsFile = join(dir, `agreements-${stamp}.json`);
writeFileSync(
  agreementsFile,
  JSON.stringify([
    {
      agreement_id: `AG-${ACCOUNT}`,
      account_id: ACCOUNT,
      currency: 'USD',
      start_date: `${PERIOD}-01`,
      owner: 'E2E Owner',
      po_number: 'PO-E2E',
      bill_to: 'E2E Ltd',
      charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' }],
    },
  ]),
);
const rollupFile = join(dir, `rollup-${stamp}.csv`);
const days = Array.from({ length: 5 }, (_, i) => `${PERIOD}-0${i + 1}`);
writeFileSync(
  rollupFile,
  `account_id,metric,day,sum,count,max,last_ts,last_quantity,source\n${days
    .map((day, i) => `${ACCOUNT},api_calls,${day},${(i + 1) * 1000}.5,${(i + 1) * 100},900,${day}T23:00:00Z,7,warehouse.events`)
    .join('\n')}\n`,
);

test.beforeAll(async ({ browser, request }) => {
  const page = await browser.newPage();
  await page.goto(`/?token=${TOKEN}#/import`);
  await importInApp(page, agreementsFile, `agreements-${stamp}.json`);
  await importInApp(page, rollupFile, `rollup-${stamp}.csv`);
  await expect(page.getByTestId('import-results')).toContainText('Usage rollup');
  await page.close();
  const response = await request.post('/api/period.rate', { headers: { 'x-billing-token': TOKEN }, data: { period: PERIOD }, timeout: 9 * 60_000 });
  expect(response.status(), await response.text()).toBe(200);
});

test("a line billed from rollups says so, and its drawer lists one row per day with the records behind it", async ({ page }) => {
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(INVOICE)}`);
  const line = page.getByTestId('line-with-sources').filter({ hasText: 'API calls' });
  await expect(line).toContainText('5 daily rollups');
  await expect(line.getByTestId('line-from-rollups')).toHaveText('from rollups');
  await line.click();
  const drawer = page.getByTestId('sources-drawer');
  await expect(drawer).toContainText('5 source rows (5 of them daily usage rollups) priced into this line');
  await expect(drawer.getByTestId('sources-range')).toHaveText('Rows 1–5 of 5');
  const first = drawer.locator('.ag-center-cols-container [row-index="0"]');
  await expect(first.locator('[col-id="quantity"]')).toHaveText('1,000.5');
  await expect(first.locator('[col-id="external_id"]')).toHaveText('warehouse.events');
  await expect(first.locator('[col-id="records"]')).toHaveText('100');
  await expect(drawer.locator('.ag-header-cell[col-id="when"]')).toContainText('Day');
  await expect(drawer.locator('.ag-header-cell[col-id="external_id"]')).toContainText('Source');
  await expect(drawer.locator('.ag-center-cols-container')).toContainText('Daily rollup of 100 records');
  await calm(page);
  await page.screenshot({ path: shot('60-line-from-usage-rollups.png') });
});

test('reconciliation counts the rollups and what they stand for', async ({ page }) => {
  await page.goto(`/?token=${TOKEN}#/reconciliation?period=${PERIOD}`);
  await expect(page.getByTestId('recon-verdict')).toContainText('Usage rollups: 5 billed + 0 unbilled = 5 daily rollups standing for 1,500 records.');
});
