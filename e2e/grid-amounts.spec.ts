/**
 * Amounts are never cut off in the invoice grid: a draft of 12,345,678.90 shows its subtotal, total
 * and amount due whole, at 1,280 px and at 1,024 px (the grid scrolls sideways there rather than
 * print "12,345,6…", which a reader would take for a figure). Its own account and its own period,
 * 2020-01, before any demo agreement starts: rating it rates no one else's invoice, and the
 * period is the book's oldest, which no other spec picks.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { groupDigits } from '../shared/number-text';
import { TOKEN, api, calm, importInApp, shot } from './helpers';

const PERIOD = '2020-01';
const stamp = Date.now().toString(36).toUpperCase();
const ACCOUNT = `E2E-BIG-${stamp}`;

test('a twelve-digit amount is shown whole in the invoice grid', async ({ page, request }) => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-grid-amounts-'));
  const file = join(dir, `big-agreement-${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify([
      {
        agreement_id: `AG-${ACCOUNT}`,
        account_id: ACCOUNT,
        account_name: 'Big Amounts Ltd',
        currency: 'USD',
        start_date: `${PERIOD}-01`,
        owner: 'E2E Owner',
        charges: [{ type: 'recurring', code: 'platform', description: 'Platform', amount: '12345678.90' }],
      },
    ]),
  );
  await page.goto(`/?token=${TOKEN}#/import`);
  await importInApp(page, file, `big-agreement-${stamp}.json`);
  const rated = await request.post('/api/period.rate', { headers: { 'x-billing-token': TOKEN }, data: { period: PERIOD }, timeout: 9 * 60_000 });
  expect(rated.status(), await rated.text()).toBe(200);
  const invoice = (await api<{ account_id: string; subtotal: string; total: string; amount_due: string }[]>(request, 'invoices.list', { period: PERIOD })).find(
    (i) => i.account_id === ACCOUNT,
  )!;
  expect(invoice.subtotal).toBe('12345678.90');

  await page.goto(`/?token=${TOKEN}#/invoices?period=${PERIOD}`);
  const grid = page.getByTestId('invoice-grid');
  await page.getByPlaceholder(/Search account/).fill(ACCOUNT);
  const row = grid.locator('.ag-center-cols-container .ag-row').filter({ hasText: ACCOUNT });
  await expect(row).toHaveCount(1);
  // The period's one invoice is counted in the singular.
  await expect(page.getByTestId('row-count')).toHaveText('1 invoice');
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    await calm(page);
    for (const [column, amount] of [
      ['subtotal', invoice.subtotal],
      ['total', invoice.total],
      ['amount_due', invoice.amount_due],
    ] as const) {
      const cell = row.locator(`.ag-cell[col-id="${column}"]`);
      await cell.scrollIntoViewIfNeeded();
      await expect(cell).toHaveText(groupDigits(amount));
      // Whole: the text needs no more room than the cell gives it (no ellipsis).
      expect(await cell.evaluate((el) => el.scrollWidth - el.clientWidth), `${column} at ${width} px`).toBeLessThanOrEqual(0);
    }
    await page.screenshot({ path: shot(`grid-amounts-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
});
