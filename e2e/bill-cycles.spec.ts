/**
 * Bill cycles on the demo book (rating.md "Bill cycles, …", issue 20): the
 * dashboard's term-watch card lists the demo's commitment (HARBOR) and prepaid
 * block (WAYNE), and an invoice with each new kind of line explains itself.
 * Screenshots go to e2e/screenshots/bill-cycles-*.png for people to look at.
 */
import { expect, test } from '@playwright/test';
import { agreementIdOf } from '../electron/engine/demo/book';
import { TOKEN, api, calm, demoPeriod, shot } from './helpers';

test.describe.configure({ mode: 'serial' });

let period = '';
test.beforeAll(async ({ request }) => {
  period = await demoPeriod(request);
  expect(period).toBe('2026-10');
});

test("the dashboard's term-watch card lists the demo's commitment and prepaid block", async ({ page }) => {
  await page.goto(`/?token=${TOKEN}#/dashboard?period=${period}`);
  const card = page.getByTestId('term-watch');
  await expect(card).toBeVisible();
  // HARBOR: 75,000.00 for 2026-05 to 2026-10, six minimums of 12,000.00 billed
  const harbor = card.getByRole('row').filter({ hasText: `${agreementIdOf('HARBOR')} · HARBOR` });
  await expect(harbor).toContainText('Commitment of USD 75,000.00');
  await expect(harbor).toContainText('USD 72,000.00 billed');
  await expect(harbor).toContainText('true-up USD 3,000.00');
  // WAYNE: 310,000 prepaid SMS for 2026-05 to 2026-12, used at a pace that runs out before December
  const wayne = card.getByRole('row').filter({ hasText: `${agreementIdOf('WAYNE')} · WAYNE` });
  await expect(wayne).toContainText('310,000 prepaid sms');
  await expect(wayne).toContainText('2026-05 to 2026-12');
  await expect(wayne).toContainText('runs out before 2026-12');
  await calm(page);
  await card.screenshot({ path: shot('bill-cycles-term-watch.png') });
  await harbor.click();
  await expect(page).toHaveURL(new RegExp(`#/invoices/${encodeURIComponent(`${agreementIdOf('HARBOR')}@${period}`)}`));
});

const lineCases: [string, string, string, RegExp][] = [
  ['true-up', 'HARBOR', '2026-10', /Commitment true-up \(committed 75,000\.00 for 2026-05 to 2026-10, billed 72,000\.00 so far\)/],
  ['prepaid', 'WAYNE', '2026-10', /SMS bundles of 1,000 \([\d,]+ prepaid units used, [\d,]+ of 310,000 left for 2026-05 to 2026-12\)/],
  ['percentage', 'REDWOOD', '2026-10', /Card payments \(0\.5 % of [\d,.]+ \+ 0\.10 per event; \d+ events? charged, 20 free\)/],
  ['annual', 'OBRIEN', '2026-10', /Annual security audit \(year 1 Oct 2026 – 30 Sep 2027, billed in advance\)/],
  ['quarter-prorated', 'TRUENORTH', '2026-09', /Compliance pack \(quarter 1 Jul 2026 – 30 Sep 2026, prorated 59\/92 days, billed in arrears\)/],
  ['term-usage', 'CONTOSO', '2026-09', /Compute hours \(per quarter\).*quarter 1 Jul 2026 – 30 Sep 2026/],
];

for (const [name, account, month, description] of lineCases) {
  test(`an invoice with a ${name} line says what it bills (${account} ${month})`, async ({ page, request }) => {
    const invoiceId = `${agreementIdOf(account)}@${month}`;
    const detail = await api<{ lines: { description: string }[] }>(request, 'invoices.get', { invoice_id: invoiceId });
    expect(detail.lines.map((l) => l.description).some((d) => description.test(d)), JSON.stringify(detail.lines.map((l) => l.description))).toBe(true);
    await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(invoiceId)}`);
    const lines = page.getByTestId('invoice-lines');
    await expect(lines.getByText(description).first()).toBeVisible();
    // the quantity of a subscription prorated over its quarter is its days: 59 of the quarter's 92
    // a percentage line's unit price is the rate
    if (name === 'percentage') await expect(lines.getByRole('cell', { name: '0.5 %', exact: true })).toBeVisible();
    if (name === 'quarter-prorated') await expect(lines.getByRole('cell', { name: '59/92 days', exact: true })).toBeVisible();
    await calm(page);
    await page.screenshot({ path: shot(`bill-cycles-${name}.png`), fullPage: true });
  });
}

test('the true-up line links the invoices it summed', async ({ page }) => {
  const harbor = agreementIdOf('HARBOR');
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(`${harbor}@2026-10`)}`);
  const lines = page.getByTestId('invoice-lines');
  await expect(lines.getByText('Earlier invoices summed:')).toBeVisible();
  for (const month of ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09']) await expect(lines.getByRole('link', { name: `${harbor}@${month}` })).toBeVisible();
  await lines.getByRole('link', { name: `${harbor}@2026-09` }).click();
  await expect(page).toHaveURL(new RegExp(`#/invoices/${encodeURIComponent(`${harbor}@2026-09`)}`));
});
