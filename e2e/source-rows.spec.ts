/**
 * Source rows at scale, as a reviewer reads them: a finding with 1,300 rows
 * paged past the first 1,000, sorted by a column header over all of them and
 * exported whole as CSV (a formula-looking cell neutralised); and an invoice
 * line opened from a finding, with the row the finding points at flagged in
 * words; the invoice's line drawer, built once and kept, opening line after
 * line. Its own accounts and period (2026-11), so it runs alone or after the
 * other specs. Screenshots go to e2e/screenshots/.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { TOKEN, api, calm, shot } from './helpers';

test.describe.configure({ mode: 'serial' });

const PERIOD = '2026-11';
const HOSTILE = "=cmd|' /C calc'!A0";
/** The priced feed's own (event ids are unique per import). */
const HOSTILE_PRICED = "=cmd|' /C calc'!B1";
const stamp = Date.now().toString(36).toUpperCase();
const LEAK = `E2E-LEAK-${stamp}`;
const PRICED = `E2E-SRC-${stamp}`;
const dir = mkdtempSync(join(tmpdir(), 'e2e-source-rows-'));

type AnomalyRow = { anomaly_id: string; rule: string; account_id: string | null; invoice_id: string | null; line_key: string | null; source_count: number };

const agreementsFile = join(dir, `agreements-${stamp}.json`);
writeFileSync(
  agreementsFile,
  JSON.stringify([
    {
      agreement_id: `AG-${PRICED}`,
      account_id: PRICED,
      currency: 'USD',
      start_date: `${PERIOD}-01`,
      owner: 'E2E Owner',
      po_number: 'PO-E2E',
      bill_to: 'E2E Ltd',
      charges: [
        { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' },
        { type: 'usage', metric: 'storage_gb', model: 'per_unit', unit_price: '0.02' },
      ],
    },
  ]),
);

// 1,300 records no agreement bills (one unbilled_usage finding), and a priced feed with one reading 10,000× the others (unit_mismatch).
const usageFile = join(dir, `usage-${stamp}.csv`);
const usageLines = ['event_id,account_id,metric,quantity,timestamp'];
for (let i = 0; i < 1300; i++) {
  const id = i === 650 ? `"${HOSTILE}"` : `${stamp}-l${i}`;
  usageLines.push(`${id},${LEAK},api_calls,${i + 1},${new Date(Date.UTC(2026, 10, 1) + i * 30 * 60_000).toISOString()}`);
}
for (let day = 1; day <= 19; day++) usageLines.push(`${stamp}-p${day},${PRICED},api_calls,10,${PERIOD}-${String(day).padStart(2, '0')}T08:00:00Z`);
usageLines.push(`"${HOSTILE_PRICED}",${PRICED},api_calls,100000,${PERIOD}-20T08:00:00Z`);
// A second line on the same invoice, two pages long (the last record is the largest: a sort by quantity puts it first).
for (let i = 0; i < 150; i++) usageLines.push(`${stamp}-s${i},${PRICED},storage_gb,${i + 1},${new Date(Date.UTC(2026, 10, 2) + i * 60 * 60_000).toISOString()}`);
writeFileSync(usageFile, `${usageLines.join('\n')}\n`);

async function importFile(page: Page, file: string, name: string) {
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('confirm-change').click();
  await expect(page.getByTestId('import-results')).toContainText(name);
}

let findings: AnomalyRow[] = [];

test.beforeAll(async ({ browser, request }) => {
  const page = await browser.newPage();
  await page.goto(`/?token=${TOKEN}#/import`);
  await importFile(page, agreementsFile, `agreements-${stamp}.json`);
  await importFile(page, usageFile, `usage-${stamp}.csv`);
  await page.close();
  const response = await request.post('/api/period.rate', { headers: { 'x-billing-token': TOKEN }, data: { period: PERIOD }, timeout: 9 * 60_000 });
  expect(response.status(), await response.text()).toBe(200);
  findings = await api<AnomalyRow[]>(request, 'anomalies.explore', { period: PERIOD });
});

/** The grid rows showing exactly `text` as quantity. Which row is on top is its row-index (the grid reuses and animates row elements, so DOM order is not display order). */
const withQuantity = (rows: Locator, text: string) => rows.filter({ has: rows.page().locator('[col-id="quantity"]', { hasText: new RegExp(`^${text}$`) }) });

const csvLines = (path: string) => readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');

test('a finding with 1,300 rows: page past 1,000, sort by a header over all rows, export them all', async ({ page }) => {
  const leak = findings.find((f) => f.rule === 'unbilled_usage' && f.account_id === LEAK)!;
  expect(leak.source_count).toBe(1300);
  await page.goto(`/?token=${TOKEN}#/anomalies?period=${PERIOD}&rule=unbilled_usage`);
  await page.getByTestId('anomaly-grid').locator('.ag-center-cols-container .ag-row', { hasText: LEAK }).locator('[col-id="message"]').click();
  const drawer = page.getByTestId('anomaly-drawer');
  const range = drawer.getByTestId('anomaly-sources-range');
  await expect(range).toHaveText('Rows 1–100 of 1,300');
  const rows = drawer.getByTestId('anomaly-sources').locator('.ag-center-cols-container .ag-row');
  const next = drawer.getByRole('button', { name: 'Next' });
  for (let page = 2; page <= 11; page++) {
    await next.click();
    await expect(range).toHaveText(`Rows ${(page * 100 - 99).toLocaleString('en-US')}–${(page * 100).toLocaleString('en-US')} of 1,300`);
  }
  // Row 1,001 in time order is the 1,001st record: past the old cap of 1,000 linked rows.
  await expect(rows.locator('[col-id="quantity"]', { hasText: /^1,001$/ })).toHaveCount(1);
  await drawer.getByRole('button', { name: 'Previous' }).click();
  await expect(range).toHaveText('Rows 901–1,000 of 1,300');

  // Quantity header twice: descending over all 1,300 rows (the largest is on no loaded page), back to the first page.
  const quantityHeader = drawer.locator('.ag-header-cell[col-id="quantity"] .ag-header-cell-label');
  await quantityHeader.click();
  await expect(range).toHaveText('Rows 1–100 of 1,300');
  await expect(withQuantity(rows, '1')).toHaveAttribute('row-index', '0');
  await quantityHeader.click();
  await expect(withQuantity(rows, '1,300')).toHaveAttribute('row-index', '0');
  await expect(drawer.locator('.ag-header-cell[col-id="quantity"]')).toHaveAttribute('aria-sort', 'descending');
  await calm(page);
  await page.screenshot({ path: shot('20-anomaly-drawer-1300-rows.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), drawer.getByTestId('anomaly-sources-export').click()]);
  const lines = csvLines(await download.path());
  expect(lines).toHaveLength(1301);
  expect(lines[0]).toBe('kind,id,file,line,account_id,item,quantity,when,external_id,person');
  expect(lines[1]).toContain(`,${LEAK},api_calls,1300,`);
  expect(lines.some((l) => l.includes(`,'${HOSTILE},`))).toBe(true);
  expect(lines.some((l) => /(^|,)=cmd/.test(l))).toBe(false);
});

test("an invoice line opened from a finding flags the row it points at, in words; sorted and exported on the server", async ({ page }) => {
  const mismatch = findings.find((f) => f.rule === 'unit_mismatch' && f.account_id === PRICED)!;
  expect(mismatch.line_key).toBeTruthy();
  await page.goto(`/?token=${TOKEN}#/anomalies?period=${PERIOD}&rule=unit_mismatch`);
  await page.getByTestId('anomaly-grid').locator('.ag-center-cols-container .ag-row', { hasText: PRICED }).locator('[col-id="message"]').click();
  await page.getByTestId('anomaly-drawer').getByTestId('anomaly-invoice-link').click();
  await expect(page).toHaveURL(new RegExp(`anomaly=${mismatch.anomaly_id}`));

  const drawer = page.getByTestId('sources-drawer');
  await expect(drawer.getByTestId('sources-range')).toHaveText('Rows 1–20 of 20');
  await expect(drawer.getByTestId('sources-flagged')).toContainText('1 row flagged by the anomaly.');
  const rows = drawer.getByTestId('sources-grid').locator('.ag-center-cols-container .ag-row');
  await expect(drawer.locator('.ag-center-cols-container [row-index="0"] [col-id="quantity"]')).toHaveText('10');
  // The flagged record is the 20th in time order; the server puts it first, over all the line's rows.
  await drawer.getByTestId('sources-flagged-first').click();
  await expect(drawer.locator('.ag-header-cell[col-id="flagged"]')).toHaveAttribute('aria-sort', 'descending');
  const flagged = rows.filter({ hasText: 'Flagged' });
  await expect(flagged).toHaveCount(1);
  await expect(flagged).toHaveAttribute('row-index', '0');
  await expect(flagged.locator('[col-id="flagged"]')).toHaveText('⚑ Flagged');
  await expect(flagged.locator('[col-id="quantity"]')).toHaveText('100,000');
  await expect(flagged).toHaveClass(/row-flagged/);
  await calm(page);
  await page.screenshot({ path: shot('21-source-rows-flagged.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), drawer.getByTestId('sources-export').click()]);
  const lines = csvLines(await download.path());
  expect(lines).toHaveLength(21);
  expect(lines[0]).toBe('kind,id,file,line,account_id,item,quantity,when,external_id,person,flagged');
  expect(lines[1]).toMatch(/,100000,.*,yes$/);
  expect(lines[1]).toContain(`,'${HOSTILE_PRICED},`);
  expect(lines.slice(2).every((l) => l.endsWith(',no'))).toBe(true);
});

test("the invoice's line drawer is built once: each line opens on its own first page, in time order, above the drawer it was opened from", async ({ page }) => {
  const mismatch = findings.find((f) => f.rule === 'unit_mismatch' && f.account_id === PRICED)!;
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(mismatch.invoice_id!)}`);
  const drawer = page.getByTestId('sources-drawer');
  // Built hidden once the page is idle: out of sight and out of the accessibility tree until a line opens it.
  await expect(drawer).toHaveCount(1);
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  const storage = page.getByTestId('line-with-sources').filter({ hasText: 'storage_gb' });
  await storage.click();
  const range = drawer.getByTestId('sources-range');
  const rows = drawer.getByTestId('sources-grid').locator('.ag-center-cols-container .ag-row');
  await expect(range).toHaveText('Rows 1–100 of 150');
  // Quantity, largest first (a header click sorts ascending, the second descending).
  const quantityHeader = drawer.locator('.ag-header-cell[col-id="quantity"] .ag-header-cell-label');
  await quantityHeader.click();
  await expect(drawer.locator('.ag-header-cell[col-id="quantity"]')).toHaveAttribute('aria-sort', 'ascending');
  await quantityHeader.click();
  await expect(withQuantity(rows, '150')).toHaveAttribute('row-index', '0');
  await drawer.getByRole('button', { name: 'Next' }).click();
  await expect(range).toHaveText('Rows 101–150 of 150');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(storage).toBeFocused();

  // Another line: its own rows, from the first page, in time order (nothing kept from the storage line's paging or sort).
  await page.getByTestId('line-with-sources').filter({ hasText: 'api_calls' }).click();
  await expect(range).toHaveText('Rows 1–20 of 20');
  await expect(drawer.locator('.ag-header-cell[col-id="when"]')).toHaveAttribute('aria-sort', 'ascending');
  await expect(drawer.locator('.ag-header-cell[col-id="quantity"]')).not.toHaveAttribute('aria-sort', 'descending');
  await expect(rows.filter({ has: page.locator('[col-id="when"]', { hasText: `${PERIOD}-01 08:00 UTC` }) })).toHaveAttribute('row-index', '0');
  await expect(rows.locator('[col-id="item"]', { hasText: 'storage_gb' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // From the invoice's own anomaly drawer to the rows behind the finding: the line drawer, opened last, is the one on top.
  await page.getByTestId('invoice-anomalies').getByTestId('invoice-anomaly').filter({ hasText: /unit|10,000/i }).first().click();
  await page.getByTestId('anomaly-drawer').getByTestId('anomaly-invoice-link').click();
  await expect(drawer.getByTestId('sources-flagged')).toContainText('1 row flagged by the anomaly.');
  const onTop = await drawer.evaluate((panel) => {
    const box = panel.getBoundingClientRect();
    return panel.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2));
  });
  expect(onTop).toBe(true);
  await calm(page);
  await page.screenshot({ path: shot('22-line-drawer-over-anomaly.png') });
});
