/**
 * Receivables as a person uses them: import payments and disputes, open the
 * aging as of a day, drill down to an account and the payment applied to its
 * invoice, download its statement, and print the owners' league table with
 * credit performance. Screenshots go to e2e/screenshots/ for people to look at.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { TOKEN, api, calm, importInApp, shot } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'e2e-receivables-'));
// Ids unique to this spec, in a period of their own (2025-03), so it depends on nothing other specs loaded.
const stamp = Date.now().toString(36).toUpperCase();
const PERIOD = '2025-03';
const acme = `RCV-ACME-${stamp}`;
const globex = `RCV-GLOBEX-${stamp}`;

function agreement(id: string, account: string, name: string, currency: string, owner: string, amount: string) {
  return { agreement_id: id, account_id: account, account_name: name, currency, start_date: '2025-01-01', owner, payment_terms_days: 30, tax_rate: '0', discount_percent: '0', charges: [{ type: 'recurring', code: 'fee', description: 'Service fee', amount }] };
}

test('import payments and disputes, age them, drill down to an allocation, print the league table', async ({ page, request }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  const agreementsFile = join(dir, `agreements-${stamp}.json`);
  writeFileSync(agreementsFile, JSON.stringify([
    agreement(`RCV-1-${stamp}`, acme, 'Acme Ελλάς', 'USD', `Dana ${stamp}`, '1000.00'),
    agreement(`RCV-2-${stamp}`, globex, 'Globex 株式会社', 'EUR', `Sam ${stamp}`, '500.00'),
  ]));
  await page.goto(`/?token=${TOKEN}#/import`);
  await importInApp(page, agreementsFile, `agreements-${stamp}.json`);

  await api(request, 'period.rate', { period: PERIOD });
  const mine = (await api<{ invoice_id: string; account_id: string }[]>(request, 'invoices.list', { period: PERIOD })).filter((i) => i.account_id === acme || i.account_id === globex);
  expect(mine).toHaveLength(2);
  await api(request, 'invoices.approve', { invoice_ids: mine.map((i) => i.invoice_id), override_reason: 'e2e receivables' });
  await api(request, 'export.period', { period: PERIOD, issue_date: '2025-04-01' });
  const finalized = (await api<{ invoice_id: string; account_id: string; invoice_number: string | null }[]>(request, 'invoices.list', { period: PERIOD })).filter((i) => i.account_id === acme || i.account_id === globex);
  const acmeNumber = finalized.find((i) => i.account_id === acme)!.invoice_number!;
  const globexNumber = finalized.find((i) => i.account_id === globex)!.invoice_number!;

  const payments = join(dir, `payments-${stamp}.csv`);
  writeFileSync(payments, [
    'payment_id,date,account_id,amount,currency,invoice_number,method',
    `PAY-${stamp}-1,2025-04-20,${acme},600.00,USD,${acmeNumber},wire`,
    `PAY-${stamp}-2,2025-04-21,RCV-NOBODY-${stamp},50.00,USD,,wire`,
    `PAY-${stamp}-3,2025-04-22,${acme},abc,USD,,wire`,
  ].join('\n'));
  const disputes = join(dir, `disputes-${stamp}.csv`);
  writeFileSync(disputes, `dispute_id,invoice_number,opened_on,reason\nDSP-${stamp},${globexNumber},2025-04-10,Rate not agreed\n`);
  await importInApp(page, payments, `payments-${stamp}.csv`);
  await expect(page.getByTestId('import-results').locator('tbody tr').first()).toContainText(/3\s*2\s*0\s*1/);
  await importInApp(page, disputes, `disputes-${stamp}.csv`);

  // Aging on 2025-06-15: ACME owes 400.00 (45 days overdue), GLOBEX 500.00 in dispute.
  await page.goto(`/?token=${TOKEN}#/receivables?asOf=2025-06-15`);
  await expect(page.getByRole('heading', { name: 'Receivables', level: 1 })).toBeVisible();
  const aging = page.getByTestId('aging-table');
  await expect(aging.locator('tr', { hasText: acme })).toContainText(/USD.*400\.00.*400\.00/);
  await expect(aging.locator('tr', { hasText: globex })).toContainText('in dispute');
  await expect(page.getByTestId('kpi-exceptions')).toHaveText('1');
  await expect(page.getByTestId('unapplied-payments')).toContainText(`RCV-NOBODY-${stamp} is not in the book`);
  await calm(page);
  await page.screenshot({ path: shot('20-receivables-aging.png'), fullPage: true });

  // Drill down: the account's invoice and the payment applied to it.
  await aging.getByRole('button', { name: acme }).click();
  const panel = page.getByTestId('account-panel');
  await expect(panel.getByTestId('allocations')).toContainText(`600.00 from payment PAY-${stamp}-1 of 2025-04-20 (named invoice)`);
  await expect(panel.getByTestId('account-payments')).toContainText(acmeNumber);
  await expect(page).toHaveURL(new RegExp(`account=${acme}`));
  const [statement] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('statement-pdf').click()]);
  expect(statement.suggestedFilename()).toBe(`statement_${acme}_2025-06-15.pdf`);
  expect(readFileSync(await statement.path()).subarray(0, 5).toString()).toBe('%PDF-');
  await calm(page);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('21-receivables-account.png'), fullPage: true });

  // A query to the owner from GLOBEX's dispute, answered and resolved on the Owners page.
  await aging.getByRole('button', { name: globex }).click();
  await page.getByTestId(`ask-owner-DSP-${stamp}`).click();
  await page.getByTestId('reason-input').fill('Which rate did you agree with Globex?');
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('reason-input')).toHaveCount(0);
  await aging.getByRole('button', { name: acme }).click();

  // The invoice itself shows the payment applied to it and what is still open.
  await panel.getByRole('link', { name: acmeNumber }).first().click();
  const receivable = page.getByTestId('invoice-receivable');
  await expect(receivable).toContainText(`Payment PAY-${stamp}-1 · 2025-04-20`);
  await expect(receivable.getByTestId('open-balance')).toContainText('400.00');
  await calm(page);
  await page.screenshot({ path: shot('23-invoice-payments.png'), fullPage: true });

  // The league table with credit performance, exported and printed.
  await page.goto(`/?token=${TOKEN}#/league?period=${PERIOD}`);
  const credit = page.getByTestId('credit-league');
  await credit.getByTestId('league-as-of').fill('2025-06-15');
  const table = credit.getByTestId('credit-league-table');
  await expect(table.locator('tr', { hasText: `Sam ${stamp}` })).toContainText('100.0%');
  await expect(table.locator('tr', { hasText: `Dana ${stamp}` })).toContainText(/USD\s*400\.00/);
  const [csv] = await Promise.all([page.waitForEvent('download'), credit.getByTestId('league-csv').click()]);
  const text = readFileSync(await csv.path(), 'utf8');
  expect(text).toMatch(new RegExp(`^2025-06-15,${PERIOD},Sam ${stamp},1,1,100\\.0,1,100\\.0,EUR 500\\.00,`, 'm'));
  const [pdf] = await Promise.all([page.waitForEvent('download'), credit.getByTestId('league-pdf').click()]);
  expect(pdf.suggestedFilename()).toBe('league-table_2025-06-15.pdf');
  await calm(page);
  await credit.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('22-league-credit.png'), fullPage: true });

  const queries = page.getByTestId('owner-queries-table');
  const row = queries.locator('tr', { hasText: 'Which rate did you agree with Globex?' });
  await expect(row).toContainText(`Sam ${stamp}`);
  await expect(row).toContainText('open');
  await row.getByRole('button', { name: 'Answer' }).click();
  await page.getByTestId('reason-input').fill('The list rate, as in the order form');
  await page.getByTestId('reason-confirm').click();
  await expect(row).toContainText('answered');
  await expect(table.locator('tr', { hasText: `Sam ${stamp}` })).toContainText('0.0 d to answer');
  await calm(page);
  await page.getByTestId('owner-queries').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('24-owner-queries.png'), fullPage: true });

  // The dashboard's receivables cards lead to the Receivables page.
  await page.goto(`/?token=${TOKEN}#/dashboard?period=${PERIOD}`);
  await page.getByTestId('kpi-receivables-overdue').click();
  await expect(page.getByRole('heading', { name: 'Receivables', level: 1 })).toBeVisible();

  expect(problems).toEqual([]);
});
