/**
 * WCAG 2.1 A/AA on every page and every drawer, panel and inline form, light
 * and dark, with the demo book loaded and rated: axe-core runs in the page and
 * any serious or critical violation fails the test, and so does content outside
 * the landmarks. Each view is opened once and scanned in the light theme, then
 * switched to dark the way the app's theme setting does it (localStorage
 * 'billing-reviewer.theme' and html[data-theme]) and scanned again. Every
 * violation found (any impact) is also written to
 * e2e/.tmp/axe/<view>-<theme>.json so a before/after count per rule can be
 * read off a run (DECISIONS.md, "Accessibility"). Views that need data the demo
 * lacks (payments, a dispute, a query, a closed period, bill runs with a late
 * import, usage rows to exclude) get it in beforeAll, on accounts and periods
 * of their own (2025-08, 2025-09; e-invoices in 2025-07). Runs after the other specs (file order) or
 * alone: it loads and rates the demo itself on a fresh database.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { TOKEN, api, calm, demoPeriod, importInApp, shot } from './helpers';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** every piece of content in a landmark (main, nav, header), one main, no two banners */
const LANDMARK_RULES = ['region', 'landmark-one-main', 'landmark-no-duplicate-banner', 'landmark-no-duplicate-main', 'landmark-unique'];
const out = fileURLToPath(new URL('./.tmp/axe/', import.meta.url));
mkdirSync(out, { recursive: true });

type Summary = { invoice_id: string; status: string; currency: string; on_hold: boolean; anomalies: { error: number; warning: number }; document_type: string };

let period = '';
/** a draft invoice with open errors and lines with source rows: every part of the detail page shows */
let flagged = '';
/** a finalized invoice (for the credit note drawer), made by an export here when the other specs did not */
let finalized = '';

// This spec's own book beside the demo: ids unique to the run, periods no other spec uses.
const stamp = Date.now().toString(36).toUpperCase();
const BILLED = '2025-08'; // finalized invoices with a payment and a dispute; closed at the end of beforeAll
const OPEN = '2025-09'; // a usage draft, rated, then re-rated by a late import (two bill runs)
const payer = `A11Y-PAY-${stamp}`;
const disputer = `A11Y-DSP-${stamp}`;
const user = `A11Y-USE-${stamp}`;
const usageInvoice = `AG-${user}@${OPEN}`;
const adjusted = `AG-${payer}@${OPEN}`;
const disputeId = `DSP-A11Y-${stamp}`;
const AS_OF = '2025-11-15';
let payerInvoice = '';
// E-invoices (e-invoicing.md): a UBL customer, a BHD one refused for e-invoicing, one asking for CII without its fields (left out).
const EINVOICED = '2025-07';
const ublInvoice = `AG-A11Y-UBL-${stamp}@${EINVOICED}`;
const missingInvoice = `AG-A11Y-MISSING-${stamp}@${EINVOICED}`;
let queryId = 0;
const dir = mkdtempSync(join(tmpdir(), 'e2e-wcag-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const USAGE_HEADER = 'event_id,account_id,metric,quantity,timestamp';
const usageRow = (n: number, quantity: number, day: number) => `${stamp}-${n},${user},api_calls,${quantity},${OPEN}-${String(day).padStart(2, '0')}T08:00:00Z`;
/** a late usage file for the import preview panel: previewed, never confirmed */
let previewFile = '';

async function ownBook(page: Page, request: APIRequestContext) {
  // beforeAll runs again after a failed test (a new worker): the closed period from the last time is opened first.
  if (await api(request, 'period.lock', { period: BILLED })) await api(request, 'period.reopen', { period: BILLED, reason: 'e2e wcag: fixtures again' });
  const fixed = (id: string, account: string, currency: string, owner: string, amount: string) => ({
    agreement_id: id, account_id: account, account_name: `${account} Ltd`, currency, start_date: `${BILLED}-01`, owner, payment_terms_days: 30, tax_rate: '0', discount_percent: '0',
    charges: [{ type: 'recurring', code: 'fee', description: 'Service fee', amount }],
  });
  const agreements = file(`agreements-${stamp}.json`, JSON.stringify([
    fixed(`AG-${payer}`, payer, 'USD', `Ada ${stamp}`, '1000.00'),
    fixed(`AG-${disputer}`, disputer, 'EUR', `Bo ${stamp}`, '500.00'),
    { agreement_id: `AG-${user}`, account_id: user, currency: 'USD', start_date: `${OPEN}-01`, owner: `Cy ${stamp}`, charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] },
  ]));
  const usage = file(`usage-${stamp}.csv`, [USAGE_HEADER, usageRow(1, 100, 2), usageRow(2, 100, 3), usageRow(3, 100000, 4)].join('\n') + '\n');
  const late = file(`late-${stamp}.csv`, [USAGE_HEADER, usageRow(4, 40, 20)].join('\n') + '\n');
  previewFile = file(`later-${stamp}.csv`, [USAGE_HEADER, usageRow(5, 60, 25)].join('\n') + '\n');

  await page.goto(at('/import'));
  await importInApp(page, [agreements, usage], `usage-${stamp}.csv`);
  await api(request, 'period.rate', { period: BILLED });
  await api(request, 'period.rate', { period: OPEN });
  // Two bill runs of OPEN: the late file re-rates it (the Bill runs page's difference names it).
  await importInApp(page, late, `late-${stamp}.csv`);

  const mine = (await api<Summary[]>(request, 'invoices.list', { period: BILLED })).filter((i) => i.invoice_id.startsWith(`AG-${payer}@`) || i.invoice_id.startsWith(`AG-${disputer}@`));
  expect(mine).toHaveLength(2);
  await api(request, 'invoices.approve', { invoice_ids: mine.map((i) => i.invoice_id), override_reason: 'e2e wcag' });
  await api(request, 'export.period', { period: BILLED, issue_date: '2025-09-01' });
  const numbered = await api<{ invoice_id: string; invoice_number: string | null }[]>(request, 'invoices.list', { period: BILLED });
  payerInvoice = `AG-${payer}@${BILLED}`;
  const number = (id: string) => numbered.find((i) => i.invoice_id === id)!.invoice_number!;

  const payments = file(`payments-${stamp}.csv`, [
    'payment_id,date,account_id,amount,currency,invoice_number,method',
    `PAY-A11Y-${stamp}-1,2025-09-20,${payer},600.00,USD,${number(payerInvoice)},wire`,
    `PAY-A11Y-${stamp}-2,2025-09-21,A11Y-NOBODY-${stamp},50.00,USD,,wire`,
  ].join('\n'));
  const disputes = file(`disputes-${stamp}.csv`, `dispute_id,invoice_number,opened_on,reason\n${disputeId},${number(`AG-${disputer}@${BILLED}`)},2025-09-10,Rate not agreed\n`);
  await importInApp(page, payments, `payments-${stamp}.csv`);
  await importInApp(page, disputes, `disputes-${stamp}.csv`);
  queryId = (await api<{ query_id: number }>(request, 'queries.raise', { kind: 'dispute', id: disputeId, question: 'Which rate did you agree?' })).query_id;
  // An adjustment on the payer's draft of OPEN, for the remove-adjustment drawer and its preview of the removal.
  await api(request, 'adjustments.add', { invoice_id: adjusted, description: `Goodwill ${stamp}`, amount: '-20.00', reason: 'e2e wcag' });
  await api(request, 'period.close', { period: BILLED, reason: 'Signed off by finance' });
}

/** A period of finalized e-invoices and one left out, for the invoice's E-invoice card, its XML drawer and the export page's forms. */
async function eInvoiceBook(page: Page, request: APIRequestContext) {
  await api(request, 'settings.updateBranding', { seller_country: 'DE', seller_vat_id: 'DE123456789', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' });
  const customer = (key: string, currency: string, tax: string, terms: Record<string, string>) => ({
    agreement_id: `AG-A11Y-${key}-${stamp}`, account_id: `A11Y-${key}-${stamp}`, account_name: `${key} Kunde ${stamp}`, currency, start_date: `${EINVOICED}-01`, end_date: `${EINVOICED}-31`,
    owner: `Di ${stamp}`, payment_terms_days: 30, tax_rate: tax, discount_percent: '0', ...terms, charges: [{ type: 'recurring', code: 'fee', description: 'Service fee', amount: currency === 'BHD' ? '100.000' : '300.00' }],
  });
  const agreements = file(`einvoice-${stamp}.json`, JSON.stringify([
    customer('UBL', 'EUR', '0.19', { e_invoice: 'ubl', buyer_country: 'DE', buyer_reference: `REF-${stamp}` }),
    customer('GULF', 'BHD', '0', { e_invoice: 'ubl', buyer_country: 'BH', buyer_reference: 'GULF', tax_exemption: 'export' }),
    customer('MISSING', 'EUR', '0', { e_invoice: 'cii' }),
  ]));
  await page.goto(at('/import'));
  await importInApp(page, agreements, `einvoice-${stamp}.json`);
  await api(request, 'period.rate', { period: EINVOICED });
  const mine = (await api<Summary[]>(request, 'invoices.list', { period: EINVOICED })).filter((i) => i.invoice_id.startsWith('AG-A11Y-') && i.invoice_id.includes(stamp));
  expect(mine).toHaveLength(3);
  await api(request, 'invoices.approve', { invoice_ids: mine.map((i) => i.invoice_id), override_reason: 'e2e wcag einvoice' });
  await api(request, 'export.period', { period: EINVOICED, issue_date: '2025-08-01' });
}

test.beforeAll(async ({ browser, request }) => {
  test.setTimeout(10 * 60_000);
  period = await demoPeriod(request);
  const page = await browser.newPage();
  await ownBook(page, request);
  await eInvoiceBook(page, request);
  await page.close();
  let invoices = await api<Summary[]>(request, 'invoices.list', { period });
  // Other specs add error-flagged drafts without source rows (an e-invoice agreement missing its fields): the
  // first flagged draft that has a line with source rows, so the sources drawer has something to open.
  for (const candidate of invoices.filter((i) => i.status === 'draft' && !i.on_hold && i.anomalies.error > 0 && i.document_type === 'invoice')) {
    const detail = await api<{ lines: { source_count: number }[] }>(request, 'invoices.get', { invoice_id: candidate.invoice_id });
    if (detail.lines.some((l) => l.source_count > 0)) {
      flagged = candidate.invoice_id;
      break;
    }
  }
  expect(flagged, 'a flagged draft with source rows').not.toBe('');
  if (!invoices.some((i) => i.status === 'finalized' && i.document_type === 'invoice')) {
    const clean = invoices.find((i) => i.status === 'draft' && !i.on_hold && i.anomalies.error === 0 && i.document_type === 'invoice' && /^[A-Z]{3}$/.test(i.currency))!;
    await api(request, 'invoices.approve', { invoice_ids: [clean.invoice_id] });
    const response = await request.post('/api/export.period', { headers: { 'x-billing-token': TOKEN }, data: { period, job_id: 'e2e-wcag-export' }, timeout: 5 * 60_000 });
    expect(response.status(), await response.text()).toBe(200);
    invoices = await api<Summary[]>(request, 'invoices.list', { period });
  }
  finalized = invoices.find((i) => i.status === 'finalized' && i.document_type === 'invoice')!.invoice_id;
  // One approved invoice waiting, so the export page offers its confirm drawer.
  if (!invoices.some((i) => i.status === 'approved')) {
    const clean = invoices.find((i) => i.status === 'draft' && !i.on_hold && i.anomalies.error === 0 && i.document_type === 'invoice')!;
    await api(request, 'invoices.approve', { invoice_ids: [clean.invoice_id] });
  }
});

const at = (hash: string) => `/?token=${TOKEN}#${hash}`;
const invoiceAt = (id: string) => at(`/invoices/${encodeURIComponent(id)}`);
const firstRow = (page: Page, testId: string) => page.getByTestId(testId).locator('.ag-center-cols-container .ag-row').first();

// Several checkouts may share two cores while these run: a grid can take longer than the default 15 s to draw.
const expect = baseExpect.configure({ timeout: 60_000 });

/** Each view: how to get there from a fresh page load, and what shows it is ready. */
const VIEWS: { name: string; open: (page: Page) => Promise<void> }[] = [
  {
    // The first-run welcome shows only on an empty book; this server's book is full, so the page is told it is
    // empty: app.status answers with zero counts and no periods (the rest of the page is the real one).
    name: 'welcome',
    open: async (page) => {
      await page.route('**/api/app.status', async (route) => {
        const real = (await (await route.fetch()).json()) as { counts: Record<string, number> };
        const counts = Object.fromEntries(Object.keys(real.counts).map((k) => [k, 0]));
        await route.fulfill({ json: { ...real, counts, periods: [], rated_periods: [] } });
      });
      await page.goto(at('/dashboard'));
      await expect(page.getByTestId('empty-state')).toBeVisible();
    },
  },
  { name: 'dashboard', open: async (page) => (await page.goto(at(`/dashboard?period=${period}`)), await expect(page.getByTestId('chart-rules')).toBeVisible()) },
  { name: 'invoices', open: async (page) => (await page.goto(at(`/invoices?period=${period}`)), await expect(firstRow(page, 'invoice-grid')).toBeVisible()) },
  { name: 'invoice-detail', open: async (page) => (await page.goto(invoiceAt(flagged)), await expect(page.getByTestId('invoice-lines')).toBeVisible()) },
  { name: 'anomalies', open: async (page) => (await page.goto(at(`/anomalies?period=${period}`)), await expect(firstRow(page, 'anomaly-grid')).toBeVisible()) },
  { name: 'reconciliation', open: async (page) => (await page.goto(at(`/reconciliation?period=${period}`)), await expect(page.getByTestId('recon-verdict')).toBeVisible()) },
  { name: 'league', open: async (page) => (await page.goto(at(`/league?period=${period}`)), await expect(page.getByTestId('league-table')).toBeVisible()) },
  { name: 'import', open: async (page) => (await page.goto(at(`/import?period=${period}`)), await expect(firstRow(page, 'import-history')).toBeVisible()) },
  { name: 'export', open: async (page) => (await page.goto(at(`/export?period=${period}`)), await expect(page.getByTestId('export-summary')).toBeVisible()) },
  { name: 'settings', open: async (page) => (await page.goto(at(`/settings?period=${period}`)), await expect(page.getByTestId('reviewer-name')).toBeVisible()) },
  {
    name: 'anomaly-drawer',
    open: async (page) => {
      // a finding with one source row, so the drawer shows its rows grid
      await page.goto(at(`/anomalies?period=${period}&rule=unit_mismatch`));
      await firstRow(page, 'anomaly-grid').locator('[col-id="message"]').click();
      await expect(firstRow(page, 'anomaly-sources')).toBeVisible();
    },
  },
  {
    name: 'bulk-acknowledge-drawer',
    open: async (page) => {
      await page.goto(at(`/anomalies?period=${period}&status=open`));
      await firstRow(page, 'anomaly-grid').locator('.ag-selection-checkbox input').check();
      await page.getByTestId('bulk-acknowledge').click();
      await expect(page.getByTestId('bulk-ack-drawer')).toBeVisible();
    },
  },
  {
    name: 'sources-drawer',
    open: async (page) => {
      await page.goto(invoiceAt(flagged));
      await page.getByTestId('line-with-sources').first().click();
      await expect(firstRow(page, 'sources-drawer')).toBeVisible();
    },
  },
  {
    name: 'pdf-drawer',
    open: async (page) => {
      await page.goto(invoiceAt(flagged));
      await page.getByTestId('pdf-button').click();
      await expect(page.getByTestId('pdf-drawer').locator('iframe, object, embed')).toBeVisible();
    },
  },
  {
    name: 'hold-drawer',
    open: async (page) => {
      await page.goto(invoiceAt(flagged));
      await page.getByTestId('hold-button').click();
      await expect(page.getByTestId('hold-drawer')).toBeVisible();
    },
  },
  {
    name: 'override-drawer',
    open: async (page) => {
      await page.goto(invoiceAt(flagged));
      await page.getByTestId('approve-button').click();
      await expect(page.getByTestId('override-drawer')).toBeVisible();
    },
  },
  {
    name: 'adjustment-form',
    open: async (page) => {
      await page.goto(invoiceAt(flagged));
      await page.getByTestId('add-adjustment').click();
      await expect(page.getByTestId('save-adjustment')).toBeVisible();
    },
  },
  {
    name: 'credit-note-drawer',
    open: async (page) => {
      await page.goto(invoiceAt(finalized));
      await page.getByTestId('credit-button').click();
      await expect(page.getByTestId('credit-note-drawer')).toBeVisible();
    },
  },
  {
    name: 'export-confirm-drawer',
    open: async (page) => {
      await page.goto(at(`/export?period=${period}`));
      await page.getByTestId('export-run').click();
      await expect(page.getByTestId('export-confirm-drawer')).toBeVisible();
    },
  },
  {
    name: 'undo-import-drawer',
    open: async (page) => {
      await page.goto(at(`/import?period=${period}`));
      await firstRow(page, 'import-history').getByRole('button', { name: /^Undo import/ }).click();
      await expect(page.getByTestId('undo-drawer')).toBeVisible();
    },
  },
  {
    name: 'receivables',
    open: async (page) => (await page.goto(at(`/receivables?asOf=${AS_OF}`)), await expect(page.getByTestId('aging-table').locator('tr', { hasText: payer })).toBeVisible()),
  },
  {
    name: 'receivables-account',
    open: async (page) => {
      // the account's invoices and the payment allocated to one of them
      await page.goto(at(`/receivables?asOf=${AS_OF}&account=${payer}`));
      await expect(page.getByTestId('account-panel').getByTestId('allocations')).toContainText(`PAY-A11Y-${stamp}-1`);
    },
  },
  {
    name: 'invoice-payments',
    open: async (page) => (await page.goto(invoiceAt(payerInvoice)), await expect(page.getByTestId('invoice-receivable')).toContainText(`PAY-A11Y-${stamp}-1`)),
  },
  {
    name: 'raise-query-drawer',
    open: async (page) => {
      await page.goto(at(`/receivables?asOf=${AS_OF}&account=${disputer}`));
      await page.getByTestId(`ask-owner-${disputeId}`).click();
      await expect(page.getByTestId('raise-query')).toBeVisible();
    },
  },
  {
    name: 'answer-query-drawer',
    open: async (page) => {
      await page.goto(at(`/league?period=${BILLED}`));
      await expect(page.getByTestId('credit-league-table')).toContainText(`Bo ${stamp}`);
      await page.getByTestId(`answer-query-${queryId}`).click();
      await expect(page.getByTestId('query-note')).toBeVisible();
    },
  },
  {
    name: 'runs',
    open: async (page) => {
      // the late import's run against the rating before it
      await page.goto(at(`/runs?period=${OPEN}`));
      await page.getByTestId('runs-table').locator('tbody tr', { hasText: 'Import' }).last().getByRole('button').click();
      await expect(page.getByTestId('run-diff').getByTestId('run-invoice').filter({ hasText: usageInvoice })).toContainText(`late-${stamp}.csv`);
    },
  },
  {
    name: 'close-period-drawer',
    open: async (page) => {
      // the dashboard carries the same lock control as the Invoices page, and is quicker to scan
      await page.goto(at(`/dashboard?period=${OPEN}`));
      await page.getByTestId('close-period').click();
      await expect(page.getByTestId('period-lock-drawer')).toBeVisible();
    },
  },
  {
    name: 'reopen-period-drawer',
    open: async (page) => {
      // a closed period: its chip on the page, the reopen drawer over it
      await page.goto(at(`/dashboard?period=${BILLED}`));
      await expect(page.getByTestId('period-closed-chip')).toBeVisible();
      await page.getByTestId('reopen-period').click();
      await expect(page.getByTestId('period-lock-drawer')).toBeVisible();
    },
  },
  {
    name: 'exclude-row-form',
    open: async (page) => {
      await page.goto(invoiceAt(usageInvoice));
      await page.getByTestId('line-with-sources').first().click();
      const drawer = page.getByTestId('sources-drawer');
      await drawer.locator('.ag-center-cols-container .ag-row', { hasText: `${stamp}-3` }).getByRole('button', { name: 'Exclude from billing' }).click();
      await expect(drawer.getByTestId('exclusion-form')).toBeVisible();
    },
  },
  {
    name: 'quantity-override-form',
    open: async (page) => {
      await page.goto(invoiceAt(usageInvoice));
      await page.getByTestId('override-quantity').click();
      await expect(page.getByTestId('save-override')).toBeVisible();
    },
  },
  {
    name: 'remove-adjustment-drawer',
    open: async (page) => {
      // the reason drawer with what the removal would change, measured when it opens
      await page.goto(invoiceAt(adjusted));
      await page.getByRole('button', { name: `Remove adjustment Goodwill ${stamp}` }).click();
      await expect(page.getByTestId('removal-preview').getByTestId('impact-summary')).toBeVisible();
    },
  },
  {
    name: 'import-preview-panel',
    open: async (page) => {
      // previewed, never confirmed: the book stays as it is
      await page.goto(at('/import'));
      await page.getByTestId('file-input').setInputFiles(previewFile);
      await expect(page.getByTestId('change-preview').getByTestId('preview-invoices')).toContainText(usageInvoice);
    },
  },
  {
    name: 'rerate-preview-panel',
    open: async (page) => {
      await page.goto(at(`/dashboard?period=${OPEN}`));
      await page.getByTestId('rerate-button').click();
      await expect(page.getByTestId('change-preview').getByTestId('confirm-change')).toBeVisible();
    },
  },
  {
    name: 'einvoice-card',
    open: async (page) => {
      await page.goto(invoiceAt(ublInvoice));
      await expect(page.getByTestId('einvoice-card').getByTestId('einvoice-origin')).toBeVisible();
    },
  },
  {
    name: 'einvoice-xml-drawer',
    open: async (page) => {
      await page.goto(invoiceAt(ublInvoice));
      await page.getByTestId('einvoice-view').click();
      await expect(page.getByTestId('einvoice-xml-drawer').getByTestId('einvoice-xml')).toContainText('<cbc:PayableAmount');
    },
  },
  {
    name: 'export-einvoice-forms',
    open: async (page) => {
      await page.goto(at(`/export?period=${EINVOICED}`));
      // this run's row: a beforeAll run again after a failure leaves an earlier run's left-out document beside it
      await expect(page.getByTestId('einvoice-forms-pending').locator(`[data-testid="einvoice-form-row"][data-invoice="${missingInvoice}"]`)).toBeVisible();
      await expect(page.getByTestId('einvoice-forms-issued').getByTestId('einvoice-form-row').first()).toBeVisible();
    },
  },
  {
    name: 'export-confirm-einvoice-drawer',
    open: async (page) => {
      await page.goto(at(`/export?period=${EINVOICED}`));
      await page.getByTestId('export-run').click();
      await expect(page.getByTestId('export-confirm-drawer').locator(`[data-testid="einvoice-form-row"][data-invoice="${missingInvoice}"]`)).toBeVisible();
    },
  },
  {
    name: 'rule-settings-editing',
    open: async (page) => {
      // a rule switched off and its threshold changed, not saved: the row dims and offers Save
      await page.goto(at(`/settings?period=${period}`));
      const row = page.getByTestId('rule-unit_mismatch');
      await row.getByRole('checkbox').uncheck();
      await expect(row).toHaveClass(/rule-off/);
      await expect(row.getByRole('button', { name: 'Save' })).toBeVisible();
    },
  },
];

/** views kept as screenshots (e2e/screenshots/a11y-<view>-<theme>.png) */
const SHOWN = new Set(['welcome', 'dashboard', 'invoice-detail', 'anomalies', 'reconciliation', 'hold-drawer', 'einvoice-card', 'einvoice-xml-drawer', 'export-einvoice-forms', 'export-confirm-einvoice-drawer']);

type Found = { id: string; impact: string | null; nodes: number; help: string; targets: string[] };
type Theme = 'light' | 'dark';

/** What the theme setting does (lib/theme.ts saveTheme): remember the choice, set html[data-theme]. */
async function switchTheme(page: Page, theme: Theme) {
  await page.evaluate((t) => {
    window.localStorage.setItem('billing-reviewer.theme', t);
    document.documentElement.setAttribute('data-theme', t);
  }, theme);
}
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/** Runs axe on the page as it is, writes what it found, and returns the blocking findings as lines. */
async function scan(page: Page, view: string, theme: Theme): Promise<string[]> {
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  await calm(page);
  // One pass: the WCAG tags, and the landmark rules beside them (axe files those as best practice, not WCAG; any miss fails too).
  const results = await new AxeBuilder({ page })
    .options({ rules: Object.fromEntries(LANDMARK_RULES.map((rule) => [rule, { enabled: true }])) })
    .withTags(TAGS)
    .analyze();
  // The scan looked at the page: text was measured for contrast and the landmarks were checked.
  const checked = [...results.passes, ...results.violations, ...results.incomplete].map((v) => v.id);
  expect(['color-contrast', 'landmark-one-main'].filter((rule) => !checked.includes(rule)), `${view} (${theme}): rules that found nothing to check`).toEqual([]);
  const found: Found[] = results.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.length, help: v.help, targets: v.nodes.slice(0, 8).map((n) => n.target.join(' ')) }));
  writeFileSync(`${out}${view}-${theme}.json`, JSON.stringify(found, null, 2));
  // The contrast of both themes, for people to look at.
  if (SHOWN.has(view)) await page.screenshot({ path: shot(`a11y-${view}-${theme}.png`), fullPage: !view.endsWith('drawer') });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || LANDMARK_RULES.includes(v.id))
    .map((v) => `${theme}: ${v.id} (${v.impact}, ${v.nodes}): ${v.help} — ${v.targets.join(' | ')}`);
}

for (const view of VIEWS) {
  test(`${view.name} (light and dark): no serious or critical WCAG 2.1 A/AA violation`, async ({ page }) => {
    await page.addInitScript(() => window.localStorage.setItem('billing-reviewer.theme', 'light'));
    await view.open(page);
    const blocking = await scan(page, view.name, 'light');
    const light = await background(page);
    await switchTheme(page, 'dark');
    // the dark stylesheet applied, not just the attribute: the page's background changed
    await expect.poll(() => background(page)).not.toBe(light);
    blocking.push(...(await scan(page, view.name, 'dark')));
    expect(blocking, blocking.join('\n')).toEqual([]);
  });
}

test('the live region says a job\'s progress once per phase, not on every progress tick', async ({ page }) => {
  await page.goto(at(`/invoices?period=${period}`));
  await expect(firstRow(page, 'invoice-grid')).toBeVisible();
  // Every text the polite region takes (lib/announce.ts empties it before each message), and every move of the progress bar.
  await page.evaluate(() => {
    const w = window as unknown as { said: string[]; ticks: number };
    w.said = [];
    w.ticks = 0;
    let last = '';
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="announcer"]')?.textContent ?? '';
      if (text !== last && text) w.said.push(text);
      last = text;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    new MutationObserver(() => void w.ticks++).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  await page.getByTestId('rerate-button').click();
  const panel = page.getByTestId('change-preview');
  await expect(panel.getByTestId('confirm-change')).toBeVisible({ timeout: 5 * 60_000 });
  await page.waitForTimeout(500);
  const { said, ticks } = await page.evaluate(() => {
    const w = window as unknown as { said: string[]; ticks: number };
    return { said: w.said, ticks: w.ticks };
  });
  const job = said.filter((text) => text.startsWith('Previewing a re-rate'));
  expect(job.length, `announced: ${JSON.stringify(said)}`).toBeGreaterThan(0);
  // once per phase: no message twice, none carrying the moving percentage
  expect(new Set(job).size, `announced: ${JSON.stringify(said)} over ${ticks} progress ticks`).toBe(job.length);
  expect(job.filter((text) => /\d+\s*%/.test(text))).toEqual([]);
  await panel.getByTestId('cancel-change').click();
  await expect(panel).toBeHidden();
});
