/**
 * Bill runs in the app: import an agreement and usage, rate, import late usage;
 * the Bill runs page lists both runs and the difference names the late file
 * with its rows; the invoice's "What changed" card says the same. Screenshots
 * go to e2e/screenshots/ for people to look at.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { TOKEN, api, calm, importInApp, shot } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'e2e-runs-'));
// Ids unique to this spec, so it does not depend on what other specs loaded.
const stamp = Date.now().toString(36);
const account = `E2E-RUNS-${stamp}`;
const agreementId = `AG-RUNS-${stamp}`;
const invoiceId = `${agreementId}@2026-10`;

const agreements = join(dir, `agreements-${stamp}.json`);
// Starts in October: importing an agreement re-rates the rated drafts of every month it is active in
// (change-control.md), so an earlier start would give it a zero invoice in the demo's rated September
// whenever the demo was loaded first; "last month" is meant to have none.
writeFileSync(
  agreements,
  JSON.stringify([
    { agreement_id: agreementId, account_id: account, currency: 'USD', start_date: '2026-10-01', owner: 'Dana', po_number: 'PO-1', bill_to: account, charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.50' }] },
  ]),
);
const usage = join(dir, `usage-${stamp}.csv`);
writeFileSync(usage, `event_id,account_id,metric,quantity,timestamp\n${stamp}-1,${account},api_calls,100,2026-10-02T00:00:00Z\n`);
const late = join(dir, `late-${stamp}.csv`);
writeFileSync(late, `event_id,account_id,metric,quantity,timestamp\n${stamp}-2,${account},api_calls,40,2026-10-20T00:00:00Z\n${stamp}-3,${account},api_calls,20,2026-10-21T00:00:00Z\n`);

test('the run history lists each rating and the difference names the late import with its rows', async ({ page, request }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  await page.goto(`/?token=${TOKEN}#/import`);
  await importInApp(page, [agreements, usage], `usage-${stamp}.csv`);
  await api(request, 'period.rate', { period: '2026-10' });

  await importInApp(page, late, `late-${stamp}.csv`);

  await page.goto(`/?token=${TOKEN}#/runs?period=2026-10`);
  await expect(page.getByRole('heading', { name: 'Bill runs', level: 1 })).toBeVisible();
  const runs = page.getByTestId('runs-table');
  await expect(runs.locator('tbody tr').last()).toContainText('Import');

  const diff = page.getByTestId('run-diff');
  const mine = diff.getByTestId('run-invoice').filter({ hasText: invoiceId });
  await expect(mine).toContainText('50.00 → 80.00');
  await expect(mine).toContainText(`import`);
  await expect(mine.getByRole('list', { name: 'Causes' })).toContainText(`(late-${stamp}.csv) added 2 usage rows for ${account} (lines 2–3)`);
  await expect(mine.locator('table')).toContainText('Api calls');
  await calm(page);
  await page.screenshot({ path: shot('runs-history-diff.png'), fullPage: true });

  // Choosing the earlier run of the pair compares it with the run before it instead.
  const previous = runs.locator('tbody tr').nth(-2).getByRole('button');
  const previousName = (await previous.textContent()) ?? '';
  await previous.click();
  await expect(diff.getByRole('heading', { level: 2 })).toContainText(new RegExp(`${previousName}$`, 'i'));

  // The invoice, opened from the difference, says the same next to its previous run, and compares with last month.
  await runs.locator('tbody tr').last().getByRole('button').click();
  await mine.getByRole('link', { name: invoiceId }).click();
  await expect(page).toHaveURL(new RegExp(`#/invoices/${encodeURIComponent(invoiceId)}`));
  const card = page.getByTestId('run-changes');
  await expect(card).toContainText('What changed since the last run, and why');
  await expect(card).toContainText('rated with agreement version 1');
  await expect(card.getByRole('list', { name: 'Causes' })).toContainText(`late-${stamp}.csv`);
  await card.scrollIntoViewIfNeeded();
  await calm(page);
  await page.screenshot({ path: shot('invoice-run-changes.png'), fullPage: true });
  await card.getByRole('radio', { name: /Last month/ }).click();
  await expect(card).toContainText('The agreement has no invoice for Sep 2026.');

  expect(problems).toEqual([]);
});
