/**
 * The Import page as a person uses it: a usage export with bad rows (results,
 * the rejects grid with reasons, field chips, search, the CSV export made
 * formula-safe), a Harvest export through its profile, and undo from the
 * history. Screenshots go to e2e/screenshots/ for people to look at.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { TOKEN, shot, calm } from './helpers';
import { parse } from 'csv-parse/sync';

const dir = mkdtempSync(join(tmpdir(), 'e2e-import-'));
// Ids unique to this spec, so it does not depend on what other specs loaded.
const stamp = Date.now().toString(36);

const usageCsv = join(dir, `usage-with-rejects-${stamp}.csv`);
writeFileSync(
  usageCsv,
  [
    'event_id,account_id,metric,quantity,timestamp',
    `${stamp}-1,E2E-ACME,api_calls,100,2026-10-01T00:00:00Z`,
    `${stamp}-2,E2E-ACME,api_calls,abc,2026-10-02T00:00:00Z`,
    `=cmd|' /C calc'!A0,E2E-ACME,api_calls,-5,2026-10-03T00:00:00Z`,
    `${stamp}-4,E2E-ACME,api_calls,50,2026-02-30T00:00:00Z`,
    `${stamp}-5,E2E-ACME,api_calls,200,2026-10-04T00:00:00Z`,
  ].join('\r\n'),
);

const harvestCsv = join(dir, `harvest-${stamp}.csv`);
writeFileSync(
  harvestCsv,
  [
    'Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Employee Id,Roles,Teams,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL',
    `2026-10-05,E2E-HARVEST,Rollout,R1,Design,${stamp} kickoff,1.5,1.5,Yes,No,Yes,Ana,Lima,,engineer,,Yes,150,225,80,120,US Dollar - USD,`,
    `2026-10-06,E2E-HARVEST,Rollout,R1,Design,${stamp} review,0:45,0.75,No,No,Yes,Ana,Lima,,engineer,,Yes,150,0,80,60,US Dollar - USD,`,
    `2026-10-32,E2E-HARVEST,Rollout,R1,Design,${stamp} bad date,2,2,Yes,No,Yes,Ana,Lima,,engineer,,Yes,150,300,80,160,US Dollar - USD,`,
  ].join('\n'),
);


test('import a file with rejects, read and export them, import Harvest through its profile, undo an import', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  await page.goto(`/?token=${TOKEN}#/import`);
  await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();

  await page.getByTestId('file-input').setInputFiles(usageCsv);
  // Every import is previewed first (change-control.md); confirming applies it.
  await page.getByTestId('confirm-change').click();
  const results = page.getByTestId('import-results');
  await expect(results).toContainText(`usage-with-rejects-${stamp}.csv`);
  // rows 5 = imported 2 + duplicates 0 + rejected 3
  await expect(results.locator('tbody tr').first()).toContainText(/Usage\s*5\s*2\s*0\s*3/);

  // Prescreening: the usage account has no agreement, which would otherwise surface only at rating.
  await expect(page.getByTestId('quality-panel')).toContainText('account without any agreement: E2E-ACME');
  await expect(page.getByTestId('quality-panel')).toContainText('rejected for quantity');

  // The per-file "Show" narrows the rejects grid to this import.
  await results.getByRole('button', { name: /Show the 3 rejected rows/ }).click();
  const grid = page.getByTestId('rejects-grid');
  await expect(page.getByTestId('rejects-count')).toHaveText('3 rows');
  await expect(grid).toContainText('quantity "abc" is not a decimal number');
  await expect(grid).toContainText('is negative');
  await expect(grid).toContainText('2026-02-30');
  // the hostile event id is kept as text, exactly as it came
  await expect(grid).toContainText(`=cmd|' /C calc'!A0,E2E-ACME,api_calls,-5`);

  await page.getByRole('group', { name: 'Filter by field' }).getByRole('button', { name: /^Quantity/ }).click();
  await expect(page.getByTestId('rejects-count')).toHaveText('2 rows');
  await page.getByRole('searchbox', { name: 'Search rejected rows' }).fill('negative');
  await expect(page.getByTestId('rejects-count')).toHaveText('1 row');
  await calm(page);
  await page.locator('#rejected-rows').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('06-import-rejects.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rejects-export').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(download.suggestedFilename()).toMatch(/^rejected-rows-import-\d+\.csv$/);
  const rows = parse(csv, { bom: true });
  expect(rows[0]).toEqual(['file', 'import_id', 'imported_at', 'line', 'field', 'reason', 'raw']);
  expect(rows).toHaveLength(2);
  // the raw text, which starts a formula in the source, starts with an apostrophe in the export
  expect(rows[1]?.[6]).toBe(`'=cmd|' /C calc'!A0,E2E-ACME,api_calls,-5,2026-10-03T00:00:00Z`);
  for (const cell of rows.flat()) expect(cell, cell).not.toMatch(/^\s*[=+@\t\r]|^\s*-(?!\d+(\.\d+)?$)/);

  // A Harvest export through the built-in profile.
  await page.getByTestId('profile-select').selectOption('harvest');
  await page.getByTestId('file-input').setInputFiles(harvestCsv);
  await page.getByTestId('confirm-change').click();
  await expect(results).toContainText(`harvest-${stamp}.csv`);
  await expect(results.locator('tbody tr').first()).toContainText(/Hours\s*3\s*2\s*0\s*1/);
  const history = page.getByTestId('import-history');
  await expect(history).toContainText('Hours · harvest');

  // Undo the usage import from the history.
  await page.getByTestId('profile-select').selectOption('');
  const undoButton = history.getByRole('button', { name: new RegExp(`Undo import \\d+ \\(usage-with-rejects-${stamp}\\.csv\\)`) });
  await undoButton.click();
  const drawer = page.getByTestId('undo-drawer');
  await expect(drawer).toContainText('2 usage records');
  // The drawer previews the undo before it is confirmed (no agreement bills these rows: no invoice moves).
  await expect(drawer.getByTestId('preview-counts')).toContainText(/Invoices changing\s*0/);
  await drawer.getByLabel(/Reason/).fill('wrong month exported');
  await drawer.getByTestId('confirm-undo').click();
  await expect(drawer).toBeHidden({ timeout: 60_000 });
  await expect(undoButton).toBeHidden();
  await expect(history.locator('.row-undone')).toContainText(`usage-with-rejects-${stamp}.csv`);
  await calm(page);
  await page.screenshot({ path: shot('07-import-history.png'), fullPage: true });

  expect(problems).toEqual([]);
});
