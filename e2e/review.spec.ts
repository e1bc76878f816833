/**
 * The review workspace, one flow per test, on the demo book the first spec
 * loaded and rated: dashboard → anomaly → its rows in three clicks,
 * acknowledge, adjust, hold, approve (bulk, and with an override), the owner
 * league table, reconciliation, export, a credit note, and settings.
 * Screenshots go to e2e/screenshots/ for people to look at.
 */
import { expect, test } from '@playwright/test';
import { isIsoCurrency } from '../shared/currencies';
import { TOKEN, shot, api, calm, demoPeriod } from './helpers';

test.describe.configure({ mode: 'serial' });



type Summary = { invoice_id: string; status: string; currency: string; account_name: string; on_hold: boolean; total: string; anomalies: { error: number; warning: number }; document_type: string };
type AnomalyRow = { anomaly_id: string; rule: string; status: string; invoice_id: string | null; source_count: number };
let period = '';

test.beforeAll(async ({ request }) => {
  // The demo's period under review, loaded and rated here when no earlier spec did (helpers.ts).
  test.setTimeout(10 * 60_000);
  period = await demoPeriod(request);
});

const money = (s: string) => Math.round(Number(s) * 100);

test('dashboard → an anomaly rule → the finding → the row that caused it, in three clicks', async ({ page, request }) => {
  await page.goto(`/?token=${TOKEN}#/dashboard?period=${period}`);
  await expect(page.getByTestId('kpi-anomalies')).toBeVisible();
  await expect(page.getByTestId('chart-rules')).toBeVisible();
  // More than three currencies: the rest unfold behind a button on the card.
  const more = page.getByTestId('kpi-billed-more');
  await expect(more).toHaveText(/^\+ \d+ more currenc(y|ies)$/);
  const hidden = Number((await more.innerText()).replace(/[^\d]/g, ''));
  await more.click();
  await expect(page.getByTestId('kpi-billed').locator('.kpi-money')).toHaveCount(3 + hidden);
  await expect(more).toHaveText('Show fewer currencies');
  await expect(page).toHaveURL(/#\/dashboard/);
  await page.locator('.kpis').screenshot({ path: shot('07b-dashboard-currencies.png') });
  await more.click();
  // click 1: the rule's label on the dashboard chart (the keyboard's way is the chart's table: wcag-keyboard.spec.ts)
  await page.getByTestId('chart-rules').locator('.chart-tick-link', { hasText: /^unit_mismatch$/ }).click();
  await expect(page).toHaveURL(/#\/anomalies\?period=.*rule=unit_mismatch/);
  const grid = page.getByTestId('anomaly-grid');
  const rows = grid.locator('.ag-center-cols-container .ag-row');
  await expect(rows).toHaveCount(1);
  // click 2: the finding
  await rows.first().locator('[col-id="message"]').click();
  const drawer = page.getByTestId('anomaly-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('anomaly-message')).toContainText('median record');
  // the row behind it, with file and line
  const sources = drawer.getByTestId('anomaly-sources').locator('.ag-center-cols-container .ag-row');
  await expect(sources).toHaveCount(1);
  await expect(sources.first()).toContainText('usage.csv');
  await calm(page);
  await page.screenshot({ path: shot('08-anomaly-rows.png') });
  // click 3: the invoice the finding is on, at the line it concerns
  await drawer.getByTestId('anomaly-invoice-link').click();
  await expect(page.getByTestId('invoice-detail')).toBeVisible();
  const explore = await api<AnomalyRow[]>(request, 'anomalies.explore', { period });
  expect(explore.filter((a) => a.rule === 'unit_mismatch')[0]?.source_count).toBe(1);
});

test('acknowledge a finding with a note; it is in the audit trail', async ({ page, request }) => {
  await page.goto(`/?token=${TOKEN}#/anomalies?period=${period}&rule=usage_spike`);
  const rows = page.getByTestId('anomaly-grid').locator('.ag-center-cols-container .ag-row');
  await expect(rows.first()).toBeVisible();
  await rows.first().locator('[col-id="message"]').click();
  const drawer = page.getByTestId('anomaly-drawer');
  await drawer.getByTestId('anomaly-acknowledge').click();
  await drawer.getByTestId('anomaly-note').fill('Confirmed with the customer: launch campaign.');
  await drawer.getByTestId('anomaly-confirm').click();
  await expect(drawer).toContainText('Acknowledged');
  const spike = (await api<AnomalyRow[]>(request, 'anomalies.explore', { period })).find((a) => a.rule === 'usage_spike')!;
  expect(spike.status).toBe('acknowledged');
  const audit = await api<{ summary: string }[]>(request, 'invoices.audit', { invoice_id: spike.invoice_id });
  expect(audit.some((e) => /launch campaign/.test(e.summary))).toBe(true);
});

test('hold a draft (approve refused), release it, add an adjustment that lands in the totals', async ({ page, request }) => {
  const invoices = await api<Summary[]>(request, 'invoices.list', { period });
  const clean = invoices.find((i) => i.status === 'draft' && i.anomalies.error === 0 && i.anomalies.warning === 0 && i.document_type === 'invoice')!;
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(clean.invoice_id)}`);
  await expect(page.getByTestId('invoice-detail')).toBeVisible();

  // A drawer holds the keyboard: it opens on the reason, Tab and Shift+Tab go round inside it, Escape closes it and focus is back on its opener.
  await page.getByTestId('hold-button').click();
  const holdDrawer = page.getByTestId('hold-drawer');
  await expect(page.getByTestId('reason-input')).toBeFocused();
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    await expect(holdDrawer.locator(':focus'), `focus after ${key}`).toHaveCount(1);
  }
  await page.keyboard.press('Escape');
  await expect(holdDrawer).toBeHidden();
  await expect(page.getByTestId('hold-button')).toBeFocused();

  await page.getByTestId('hold-button').click();
  await page.getByTestId('reason-input').fill('Waiting for the signed PO');
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('hold-chip')).toBeVisible();
  await expect(page.getByTestId('approve-button')).toBeDisabled();
  const refused = await request.post('/api/invoices.approve', { headers: { 'x-billing-token': TOKEN }, data: { invoice_ids: [clean.invoice_id] } });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: string }).error).toMatch(/on hold/);
  await page.getByRole('button', { name: 'Release' }).click();
  await page.getByTestId('reason-input').fill('PO arrived');
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('hold-chip')).toBeHidden();

  await page.getByTestId('add-adjustment').click();
  await page.getByLabel('Description (printed on the invoice)').fill('Goodwill credit for the outage');
  await page.getByLabel(/Amount in/).fill('-150.00');
  await page.getByLabel('Reason (audit trail)').fill('Agreed by the account manager');
  await page.getByTestId('save-adjustment').click();
  // Previewed first: the invoice's total before and after, nothing applied yet (change-control.md).
  const adjustmentPreview = page.getByTestId('adjustments').getByTestId('change-preview');
  await expect(adjustmentPreview.getByTestId('preview-invoices')).toContainText(clean.invoice_id);
  await adjustmentPreview.getByTestId('confirm-change').click();
  await expect(page.getByTestId('adjustments')).toContainText('Goodwill credit for the outage');
  await expect(page.getByTestId('invoice-lines')).toContainText('Goodwill credit for the outage');
  const after = (await api<Summary[]>(request, 'invoices.list', { period })).find((i) => i.invoice_id === clean.invoice_id)!;
  const detail = await api<{ invoice: { subtotal: string; lines: { kind: string; amount: string }[] } }>(request, 'invoices.get', { invoice_id: clean.invoice_id });
  expect(detail.invoice.lines.some((l) => l.kind === 'adjustment' && l.amount === '-150.00')).toBe(true);
  expect(money(after.total)).toBeLessThan(money(clean.total));
  await expect(page.getByTestId('audit-timeline')).toContainText('Goodwill credit for the outage');
  await calm(page);
  await page.screenshot({ path: shot('09-invoice-adjusted.png'), fullPage: true });
});

test('bulk approve clean drafts, and approve one with open errors only with an override', async ({ page, request }) => {
  await page.goto(`/?token=${TOKEN}#/invoices?period=${period}&status=draft`);
  const grid = page.getByTestId('invoice-grid');
  await expect(page.getByTestId('invoice-filters')).toContainText('Status: Draft');
  const invoices = await api<Summary[]>(request, 'invoices.list', { period });
  // Not the demo's invoice in "USDX": a currency that is not ISO 4217 stops the export test below.
  const exportable = invoices.filter((i) => i.status === 'draft' && isIsoCurrency(i.currency));
  const clean = exportable.filter((i) => !i.on_hold && i.anomalies.error === 0).slice(0, 3);
  const flagged = exportable.find((i) => i.anomalies.error > 0)!;
  for (const inv of clean) {
    await page.getByRole('searchbox', { name: 'Search invoices' }).fill(inv.invoice_id.split('@')[0]!);
    await grid.locator('.ag-center-cols-container .ag-row').first().locator('.ag-selection-checkbox input').check();
  }
  await page.getByRole('searchbox', { name: 'Search invoices' }).fill(flagged.invoice_id.split('@')[0]!);
  await grid.locator('.ag-center-cols-container .ag-row').first().locator('.ag-selection-checkbox input').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('4 selected');
  await page.getByTestId('bulk-approve').click();
  const drawer = page.getByTestId('override-drawer');
  await expect(drawer).toContainText(flagged.account_name);
  await calm(page);
  await page.screenshot({ path: shot('10-approve-override.png') });
  await drawer.getByTestId('reason-input').fill('Usage verified against the provider console');
  await drawer.getByTestId('reason-confirm').click();
  await expect(drawer).toBeHidden();
  // The approved rows are done: the selection clears with the bulk bar.
  await expect(page.getByTestId('bulk-bar')).toBeHidden();
  const after = await api<Summary[]>(request, 'invoices.list', { period });
  for (const inv of [...clean, flagged]) expect(after.find((i) => i.invoice_id === inv.invoice_id)?.status).toBe('approved');
  const audit = await api<{ action: string; reason: string | null }[]>(request, 'invoices.audit', { invoice_id: flagged.invoice_id });
  expect(audit.some((e) => e.action === 'override' && /provider console/.test(e.reason ?? ''))).toBe(true);
});

test('the owner league table adds up to the period', async ({ page, request }) => {
  await page.goto(`/?token=${TOKEN}#/league?period=${period}`);
  const table = page.getByTestId('league-table');
  await expect(table).toBeVisible();
  const league = await api<{ owner: string | null; invoices: number }[]>(request, 'league.table', { period });
  const invoices = (await api<Summary[]>(request, 'invoices.list', { period })).filter((i) => i.document_type === 'invoice');
  expect(league.reduce((n, r) => n + r.invoices, 0)).toBe(invoices.length);
  await expect(table.locator('tbody tr')).toHaveCount(league.length);
  await expect(table.locator('thead')).toContainText('Invoices with an error');
  // At 1,024 px owner names wrap and every column fits: no sideways scroll.
  await page.setViewportSize({ width: 1024, height: 768 });
  const wrap = page.locator('.table-wrap', { has: table });
  await expect.poll(async () => (await table.boundingBox())!.width - (await wrap.boundingBox())!.width).toBeLessThanOrEqual(0.5);
  await page.setViewportSize({ width: 1280, height: 800 });
  await calm(page);
  await page.screenshot({ path: shot('11-league.png'), fullPage: true });
  await table.locator('tbody tr').first().locator('th a').click();
  await expect(page).toHaveURL(/#\/invoices\?.*owner=/);
});

test('reconciliation accounts for every row of the period', async ({ page, request }) => {
  await page.goto(`/?token=${TOKEN}#/reconciliation?period=${period}`);
  await expect(page.getByTestId('recon-verdict')).toBeVisible();
  const r = await api<{ usage: { rows: number; billed: number; unbilled: number }; balanced: boolean }>(request, 'reconciliation.period', { period });
  expect(r.usage.billed + r.usage.unbilled).toBe(r.usage.rows);
  await expect(page.getByTestId('recon-unbilled')).toContainText('unbilled_usage');
  await calm(page);
  await page.screenshot({ path: shot('12-reconciliation.png'), fullPage: true });
});

test('export shows the bill-run summary and asks first; a finalized invoice takes a credit note, approved or discarded on its own', async ({ page, request }) => {
  const approved = (await api<Summary[]>(request, 'invoices.list', { period })).filter((i) => i.status === 'approved');
  expect(approved.length).toBeGreaterThan(0);
  await page.goto(`/?token=${TOKEN}#/export?period=${period}`);
  await expect(page.getByTestId('export-count')).toHaveText(String(approved.length));
  const summary = page.getByTestId('export-summary');
  await expect(summary).toContainText('Invoices');
  // One override was recorded by the bulk-approve test: the summary names it.
  await expect(page.getByTestId('export-overridden')).toContainText('provider console');
  await calm(page);
  await page.screenshot({ path: shot('13-export-summary.png'), fullPage: true });
  await page.getByTestId('export-run').click();
  const confirm = page.getByTestId('export-confirm-drawer');
  await expect(confirm).toContainText(`Finalize ${approved.length} document`);
  await confirm.getByTestId('export-confirm').click();
  const result = page.getByTestId('export-result');
  await expect(result).toBeVisible({ timeout: 120_000 });
  await expect(result.locator('tbody tr')).toHaveCount(approved.length);
  await calm(page);
  await page.screenshot({ path: shot('13-export.png'), fullPage: true });

  // An amount of one line, as a draft credit note.
  const finalized = (await api<Summary[]>(request, 'invoices.list', { period })).find((i) => i.status === 'finalized' && i.document_type === 'invoice')!;
  const creditable = await api<{ lines: { line_id: number; amount: string }[] }>(request, 'creditNotes.lines', { invoice_id: finalized.invoice_id });
  const lineIndex = creditable.lines.findIndex((l) => money(l.amount) >= 1000);
  expect(lineIndex, 'a line of at least 10.00 to credit part of').toBeGreaterThanOrEqual(0);
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(finalized.invoice_id)}`);
  await page.getByTestId('credit-button').click();
  const drawer = page.getByTestId('credit-note-drawer');
  await drawer.locator('input[type="checkbox"]').nth(lineIndex).check();
  await drawer.getByTestId('credit-amount-input').fill('5');
  await drawer.getByTestId('reason-input').fill('Goodwill for a seat cancelled mid-month');
  await drawer.getByTestId('reason-confirm').click();
  await expect(page).toHaveURL(/CN1/);
  const first = `${finalized.invoice_id}/CN1`;
  await expect(page.getByTestId('credit-note-chip')).toContainText('approve it');
  await expect(page.getByTestId('discard-button')).toBeVisible();
  await calm(page);
  await page.screenshot({ path: shot('14-credit-note.png'), fullPage: true });
  const lines = await api<{ lines: { line_id: number; credited: string }[] }>(request, 'creditNotes.lines', { invoice_id: finalized.invoice_id });
  expect(money(lines.lines[lineIndex]!.credited)).toBe(500);

  // A draft credit note is not a draft invoice: the dashboard's Drafts count is the rows its link lists.
  await page.goto(`/?token=${TOKEN}#/dashboard?period=${period}`);
  const drafts = Number((await page.getByTestId('dash-draft').innerText()).replace(/[^\d]/g, ''));
  await page.getByTestId('dash-draft').click();
  await expect(page.getByTestId('row-count')).toHaveText(new RegExp(`^${drafts.toLocaleString('en-US')} of `));
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(first)}`);

  // Approved on its own, like an invoice.
  await page.getByTestId('approve-button').click();
  await expect(page.getByTestId('credit-note-chip')).toHaveText('Credit note · numbered at the next export');
  await expect(page.getByTestId('discard-button')).toBeHidden();
  expect((await api<Summary[]>(request, 'invoices.list', { period })).find((i) => i.invoice_id === first)?.status).toBe('approved');

  // A second draft, discarded with a reason: back on the invoice, and it is gone.
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(finalized.invoice_id)}`);
  await page.getByTestId('credit-button').click();
  await drawer.getByTestId('reason-input').fill('Credit the rest of the invoice');
  await drawer.getByTestId('reason-confirm').click();
  await expect(page).toHaveURL(/CN2/);
  await page.getByTestId('discard-button').click();
  const discard = page.getByTestId('discard-drawer');
  await discard.getByTestId('reason-input').fill('The customer accepted the goodwill credit instead');
  await discard.getByTestId('reason-confirm').click();
  await expect(page).not.toHaveURL(/CN2/);
  await expect(page.getByTestId('credit-button')).toBeVisible();
  const after = await api<Summary[]>(request, 'invoices.list', { period });
  expect(after.some((i) => i.invoice_id === `${finalized.invoice_id}/CN2`)).toBe(false);
  await expect(page.getByTestId('audit-timeline')).toContainText('discarded: The customer accepted the goodwill credit instead');
});

test('settings: reviewer name on every action, rules, branding, and a dark theme', async ({ page, request }) => {
  await page.goto(`/?token=${TOKEN}#/settings`);
  await page.getByTestId('reviewer-name').fill('Dana Finance');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.reviewer')).toContainText('Dana Finance');
  expect((await api<{ reviewer: string }>(request, 'app.status')).reviewer).toBe('Dana Finance');
  await expect(page.getByTestId('rule-usage_spike')).toBeVisible();
  // Invoice numbers were issued by the export above: a new format warns and needs confirming.
  const format = page.getByLabel('Invoice numbers');
  const issuedFormat = await format.inputValue();
  await format.fill('NW-{YYYY}-{SEQ:6}');
  await expect(page.getByTestId('numbering-warning')).toContainText('already issued with the current format');
  await expect(page.getByTestId('save-branding')).toBeDisabled();
  await page.getByTestId('numbering-warning').screenshot({ path: shot('15b-numbering-warning.png') });
  await format.fill(issuedFormat);
  await expect(page.getByTestId('numbering-warning')).toBeHidden();
  await page.getByLabel('Company name').fill('Northwind Analytics GmbH');
  await page.getByTestId('save-branding').click();
  await expect.poll(async () => (await api<{ branding: { company_name: string } }>(request, 'settings.branding')).branding.company_name).toBe('Northwind Analytics GmbH');
  await calm(page);
  await page.screenshot({ path: shot('15-settings.png'), fullPage: true });
  await page.getByRole('radio', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.goto(`/?token=${TOKEN}#/dashboard?period=${period}`);
  await expect(page.getByTestId('kpi-status')).toBeVisible();
  await calm(page);
  await page.screenshot({ path: shot('16-dashboard-dark.png') });
  await page.goto(`/?token=${TOKEN}#/settings`);
  await page.getByRole('radio', { name: 'System' }).click();
});
