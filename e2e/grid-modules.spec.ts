/// <reference lib="dom" />
/**
 * The grids register only the AG Grid modules they use (renderer/src/lib/grid-theme.ts). A missing
 * module does not break a production page loudly: AG Grid logs an error and drops the option (a
 * filter, a tooltip, a row height), or an API call returns nothing (the grid's count). So this opens
 * every grid, uses the features the other specs do not (a column's number filter, a header tooltip,
 * the anomalies' wrapped rows), and fails on any message AG Grid logs.
 */
import { expect, test } from '@playwright/test';
import { TOKEN, api, demoPeriod } from './helpers';

interface Summary {
  invoice_id: string;
  total: string;
}

test('every grid works with the modules registered, and AG Grid logs nothing', async ({ page, request }) => {
  const period = await demoPeriod(request);
  const gridMessages: string[] = [];
  page.on('console', (m) => {
    if (/AG Grid/i.test(m.text())) gridMessages.push(`${m.type()}: ${m.text()}`);
  });

  // The invoice grid: its count (an API call), a number filter on Total, a header's tooltip, sorting.
  const invoices = await api<Summary[]>(request, 'invoices.list', { period });
  await page.goto(`/?token=${TOKEN}#/invoices?period=${period}`);
  const grid = page.getByTestId('invoice-grid');
  const rows = grid.locator('.ag-center-cols-container .ag-row');
  await expect(page.getByTestId('row-count')).toHaveText(`${invoices.length} invoices`);
  const target = invoices[0]!;
  const sameTotal = invoices.filter((i) => Number(i.total) === Number(target.total)).length;
  // The filter button shows when the header is hovered.
  await grid.locator('.ag-header-cell[col-id="total"]').hover();
  await grid.locator('.ag-header-cell[col-id="total"] .ag-header-cell-filter-button').click();
  const filterInput = page.locator('.ag-filter input[type="number"]').first();
  await filterInput.fill(target.total);
  await expect(page.getByTestId('row-count')).toHaveText(new RegExp(`^${sameTotal} of ${invoices.length}`));
  await expect(rows).toHaveCount(sameTotal);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('row-count')).toHaveText(`${invoices.length} invoices`);
  await grid.locator('.ag-header-cell[col-id="account"] .ag-header-cell-label').hover();
  await expect(page.locator('.ag-tooltip')).toHaveText('Account name, account id and agreement');
  await grid.locator('.ag-header-cell[col-id="total"] .ag-header-cell-label').click();
  await expect(grid.locator('.ag-header-cell[col-id="total"]')).toHaveAttribute('aria-sort', 'ascending');
  const lowest = [...invoices].sort((a, b) => Number(a.total) - Number(b.total))[0]!;
  await expect(grid.locator('.ag-row[row-index="0"]').first()).toHaveAttribute('row-id', lowest.invoice_id);

  // The anomalies: each finding's text wraps whole inside its row (autoHeight), none cut off.
  await page.goto(`/?token=${TOKEN}#/anomalies?period=${period}`);
  const findings = page.getByTestId('anomaly-grid').locator('.ag-center-cols-container .ag-cell[col-id="message"]');
  await expect(findings.first()).toBeVisible();
  const cut = await findings.evaluateAll((cells) => cells.filter((c) => c.scrollHeight > c.clientHeight + 1).length);
  expect(cut, 'findings cut off by a fixed row height').toBe(0);
  const heights = await page.getByTestId('anomaly-grid').locator('.ag-center-cols-container .ag-row').evaluateAll((r) => new Set(r.map((e) => e.getBoundingClientRect().height)).size);
  expect(heights, 'rows sized to their findings, not all one height').toBeGreaterThan(1);

  // The import history.
  await page.goto(`/?token=${TOKEN}#/import`);
  await expect(page.getByTestId('import-history').locator('.ag-center-cols-container .ag-row').first()).toBeVisible();

  expect(gridMessages).toEqual([]);
});
