/**
 * WCAG 2.1 A/AA on every page and every drawer, light and dark, with the demo
 * book loaded and rated: axe-core runs in the page and any serious or critical
 * violation fails the test, and so does content outside the landmarks. Every
 * violation found (any impact) is also written to
 * e2e/.tmp/axe/<view>-<theme>.json so a before/after count per rule can be
 * read off a run (DECISIONS.md, "Accessibility"). Runs after the other specs
 * (file order) or alone: it loads and rates the demo itself on a fresh database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { TOKEN, api, calm, demoPeriod, shot } from './helpers';

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

test.beforeAll(async ({ request }) => {
  test.setTimeout(10 * 60_000);
  period = await demoPeriod(request);
  let invoices = await api<Summary[]>(request, 'invoices.list', { period });
  flagged = invoices.find((i) => i.status === 'draft' && !i.on_hold && i.anomalies.error > 0 && i.document_type === 'invoice')!.invoice_id;
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
];

/** views kept as screenshots (e2e/screenshots/a11y-<view>-<theme>.png) */
const SHOWN = new Set(['dashboard', 'invoice-detail', 'anomalies', 'reconciliation', 'hold-drawer']);

type Found = { id: string; impact: string | null; nodes: number; help: string; targets: string[] };

for (const theme of ['light', 'dark'] as const) {
  for (const view of VIEWS) {
    test(`${view.name} (${theme}): no serious or critical WCAG 2.1 A/AA violation`, async ({ page }) => {
      await page.addInitScript((t) => window.localStorage.setItem('billing-reviewer.theme', t), theme);
      await view.open(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await calm(page);
      const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      // Landmarks are best practice in axe, not a WCAG tag: checked on their own, and any miss fails too.
      const landmarks = await new AxeBuilder({ page }).withRules(LANDMARK_RULES).analyze();
      const found: Found[] = [...results.violations, ...landmarks.violations].map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.length, help: v.help, targets: v.nodes.slice(0, 8).map((n) => n.target.join(' ')) }));
      writeFileSync(`${out}${view.name}-${theme}.json`, JSON.stringify(found, null, 2));
      // The contrast of both themes, for people to look at.
      if (SHOWN.has(view.name)) await page.screenshot({ path: shot(`a11y-${view.name}-${theme}.png`), fullPage: view.name !== 'hold-drawer' });
      const blocking = found.filter((v) => v.impact === 'serious' || v.impact === 'critical' || LANDMARK_RULES.includes(v.id));
      expect(blocking, blocking.map((v) => `${v.id} (${v.impact}, ${v.nodes}): ${v.help} — ${v.targets.join(' | ')}`).join('\n')).toEqual([]);
    });
  }
}
