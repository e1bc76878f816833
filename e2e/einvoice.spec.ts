/**
 * E-invoices in the app (e-invoicing.md, issue 19 "In the app"): beside the
 * demo book, a period of its own (2024-06) with five agreements: UBL and
 * Factur-X customers with every field they need, a Bahraini one asking for
 * UBL in BHD (three decimals: refused, a plain PDF), one asking for CII
 * without its buyer country and zero-rate reason (agreement_incomplete: left
 * out, approved but not finalized) and a plain-PDF one. The export page says
 * before the export, in its confirm drawer and after it which document goes
 * out in which form and why not as asked; the UBL invoice's page shows its
 * kept XML in a named, focusable region, carrying the stored grand total, and
 * saves exactly the file the export wrote.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { TOKEN, api, calm, demoPeriod, importInApp, shot } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'e2e-einvoice-'));
const stamp = Date.now().toString(36).toUpperCase();
// A period no other spec uses: the export finalizes exactly these documents.
const PERIOD = '2024-06';
/** where the preview host writes an export: exports/<period> beside its database (playwright.config.ts: e2e/.tmp/e2e.db) */
const exported = fileURLToPath(new URL(`./.tmp/exports/${PERIOD}/`, import.meta.url));

type Summary = { invoice_id: string; account_id: string; invoice_number: string | null; status: string; total: string; amount_due: string };

function agreement(key: string, currency: string, taxRate: string, amount: string, terms: Record<string, string>) {
  const account = `EINV-${key}-${stamp}`;
  return {
    agreement_id: `AG-${account}`, account_id: account, account_name: `${key[0]}${key.slice(1).toLowerCase()} Kunde ${stamp}`, currency, start_date: '2024-01-01',
    payment_terms_days: 30, tax_rate: taxRate, discount_percent: '0', bill_to: `${key} Kunde\nHauptstraße 1\n10115 Berlin`, owner: 'E2E', ...terms,
    charges: [{ type: 'recurring', code: 'fee', description: 'Platform fee', amount }],
  };
}
const id = (key: string) => `AG-EINV-${key}-${stamp}@${PERIOD}`;

test('the export page says which document goes out in which form, and the invoice shows and saves its kept XML', async ({ page, request }) => {
  test.setTimeout(10 * 60_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // The demo book is there (as in every spec); its own period stays untouched.
  expect(await demoPeriod(request)).not.toBe(PERIOD);
  // The seller facts an e-invoice needs (e-invoicing.md "New fields"), as `billing settings branding` or the Settings page sets them.
  await api(request, 'settings.updateBranding', { seller_country: 'DE', seller_vat_id: 'DE123456789', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' });

  const file = join(dir, `einvoice-agreements-${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify([
      agreement('UBL', 'EUR', '0.19', '1000.00', { e_invoice: 'ubl', buyer_country: 'DE', buyer_reference: `04011000-${stamp}-06`, tax_id: 'DE987654321' }),
      agreement('FACTURX', 'EUR', '0.2', '250.00', { e_invoice: 'facturx', buyer_country: 'FR', po_number: `PO-${stamp}` }),
      agreement('GULF', 'BHD', '0', '120.500', { e_invoice: 'ubl', buyer_country: 'BH', buyer_reference: 'GULF-1', tax_exemption: 'export' }),
      agreement('MISSING', 'EUR', '0', '80.00', { e_invoice: 'cii' }),
      agreement('PLAIN', 'USD', '0', '40.00', {}),
    ]),
  );
  await page.goto(`/?token=${TOKEN}#/import`);
  await importInApp(page, file, `einvoice-agreements-${stamp}.json`);
  await api(request, 'period.rate', { period: PERIOD });
  const mine = (await api<Summary[]>(request, 'invoices.list', { period: PERIOD })).filter((i) => i.account_id.endsWith(`-${stamp}`) && i.account_id.startsWith('EINV-'));
  expect(mine).toHaveLength(5);
  // agreement_incomplete is an error on MISSING: approving it anyway needs a reason (the export still leaves it out).
  await api(request, 'invoices.approve', { invoice_ids: mine.map((i) => i.invoice_id), override_reason: 'e2e einvoice' });

  // Before the export: the forms, counted and per e-invoice document, with the sentences why not as asked.
  await page.goto(`/?token=${TOKEN}#/export?period=${PERIOD}`);
  const pending = page.getByTestId('einvoice-forms-pending').first();
  await expect(pending).toBeVisible();
  const row = (key: string) => pending.locator(`[data-invoice="${id(key)}"]`);
  await expect(row('UBL').getByTestId('einvoice-form-cell')).toHaveText('UBL + PDF');
  await expect(row('FACTURX').getByTestId('einvoice-form-cell')).toHaveText('Factur-X');
  await expect(row('GULF').getByTestId('einvoice-form-cell')).toHaveText('PDF');
  await expect(row('GULF')).toContainText('BHD amounts have 3 decimals, which EN 16931 e-invoices cannot express');
  await expect(row('MISSING').getByTestId('einvoice-form-cell')).toHaveText('Left out, not finalized');
  await expect(row('MISSING')).toContainText("lacks the agreement's buyer_country");
  await expect(row('MISSING')).toContainText('tax_exemption');
  await expect(pending.locator(`[data-invoice="${id('PLAIN')}"]`)).toHaveCount(0);
  await expect(pending.getByTestId('form-count-pdf')).toContainText('2');
  await expect(pending.getByTestId('form-count-ubl')).toContainText('1');
  await expect(pending.getByTestId('form-count-facturx')).toContainText('1');
  await expect(pending.getByTestId('form-count-left-out')).toContainText('1');
  await calm(page);
  await page.screenshot({ path: shot('40-einvoice-export-before.png'), fullPage: true });

  // The confirm drawer repeats it, then the export runs.
  await page.getByTestId('export-run').click();
  const drawer = page.getByTestId('export-confirm-drawer');
  await expect(drawer.getByTestId('einvoice-forms-pending')).toContainText('UBL + PDF');
  await expect(drawer.locator(`[data-invoice="${id('GULF')}"]`)).toContainText('PDF, not UBL + PDF — BHD amounts have 3 decimals');
  // Five approved, one of them left out: the button counts what is finalized.
  await expect(drawer.getByTestId('export-confirm')).toHaveText('Finalize 4 documents');
  await calm(page);
  await page.screenshot({ path: shot('41-einvoice-export-confirm.png') });
  await drawer.getByTestId('export-confirm').click();
  const result = page.getByTestId('export-result');
  await expect(result).toBeVisible({ timeout: 5 * 60_000 });
  await expect(result.getByTestId('export-einvoice-refused')).toContainText(`${id('GULF')}: BHD amounts have 3 decimals`);

  const numbered = new Map((await api<Summary[]>(request, 'invoices.list', { period: PERIOD })).map((i) => [i.invoice_id, i]));
  const ubl = numbered.get(id('UBL'))!;
  expect(ubl.status).toBe('finalized');
  expect(numbered.get(id('MISSING'))!.status).toBe('approved');
  const ublRow = result.getByRole('row').filter({ hasText: ubl.invoice_number! });
  await expect(ublRow.getByTestId('export-result-form')).toHaveText('UBL + PDF');
  const xmlFile = `${ubl.invoice_number!.replace(/[^A-Za-z0-9._-]/g, '_')}.xml`;
  await expect(ublRow).toContainText(xmlFile);
  await expect(result.getByRole('row').filter({ hasText: numbered.get(id('FACTURX'))!.invoice_number! }).getByTestId('export-result-form')).toHaveText('Factur-X');
  await expect(result.getByRole('row').filter({ hasText: numbered.get(id('GULF'))!.invoice_number! }).getByTestId('export-result-form')).toHaveText('PDF');

  // After the export: what went out, by number.
  const issued = page.getByTestId('einvoice-forms-issued');
  await expect(issued.locator(`[data-invoice="${id('UBL')}"]`)).toContainText(ubl.invoice_number!);
  await expect(issued.locator(`[data-invoice="${id('UBL')}"]`).getByTestId('einvoice-form-cell')).toHaveText('UBL + PDF');
  await expect(issued.locator(`[data-invoice="${id('GULF')}"]`).getByTestId('einvoice-form-cell')).toHaveText('PDF');
  await expect(page.getByTestId('einvoice-forms-pending').locator(`[data-invoice="${id('MISSING')}"]`)).toContainText('Left out, not finalized');
  await calm(page);
  // From the top: a full-page shot of a scrolled page draws the fixed bar and sidebar in the middle.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot('42-einvoice-export-after.png'), fullPage: true });

  // The UBL invoice: its form, its kept XML with the stored grand total, viewed and saved.
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(ubl.invoice_id)}`);
  const card = page.getByTestId('einvoice-card');
  await expect(card.getByTestId('einvoice-form')).toHaveText('UBL + PDF');
  await expect(card.getByTestId('einvoice-origin')).toHaveText('The XML kept when the document was issued, as it was sent.');
  await expect(card.getByTestId('einvoice-status')).toContainText('1,190.00 EUR');
  await calm(page);
  await page.screenshot({ path: shot('43-einvoice-card.png'), fullPage: true });
  await card.getByTestId('einvoice-view').click();
  const xmlDrawer = page.getByTestId('einvoice-xml-drawer');
  const xml = xmlDrawer.getByRole('region', { name: `XML of ${ubl.invoice_number!.replace(/[^A-Za-z0-9._-]/g, '_')}.ubl.xml` });
  await expect(xml).toBeVisible();
  expect(ubl.total).toBe('1190.00');
  await expect(xml).toContainText(`<cbc:TaxInclusiveAmount currencyID="EUR">${ubl.total}</cbc:TaxInclusiveAmount>`);
  await expect(xml).toContainText(`<cbc:PayableAmount currencyID="EUR">${ubl.amount_due}</cbc:PayableAmount>`);
  await expect(xml).toContainText(`<cbc:ID>${ubl.invoice_number}</cbc:ID>`);
  // The region is reached from the keyboard (Tab from the drawer's buttons) and scrolls with the arrow keys.
  for (let i = 0; i < 5 && !(await xml.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(xml).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect.poll(() => xml.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await calm(page);
  await page.screenshot({ path: shot('44-einvoice-xml-drawer.png') });
  const shown = await xml.textContent();
  const [download] = await Promise.all([page.waitForEvent('download'), xmlDrawer.getByTestId('einvoice-xml-save').click()]);
  expect(download.suggestedFilename()).toBe(`${ubl.invoice_number!.replace(/[^A-Za-z0-9._-]/g, '_')}.ubl.xml`);
  const saved = readFileSync(await download.path(), 'utf8');
  // Exactly what the export wrote beside the PDF, and what the page showed.
  expect(saved).toBe(readFileSync(join(exported, xmlFile), 'utf8'));
  expect(saved).toBe(shown);
  await page.keyboard.press('Escape');
  await expect(xmlDrawer).toBeHidden();

  // The Factur-X invoice shows the XML inside its issued PDF.
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(id('FACTURX'))}`);
  await expect(page.getByTestId('einvoice-origin')).toHaveText('The XML inside the issued Factur-X PDF, as it was sent.');
  await page.getByTestId('einvoice-view').click();
  await expect(page.getByTestId('einvoice-xml')).toContainText(`<ram:GrandTotalAmount>${numbered.get(id('FACTURX'))!.total}</ram:GrandTotalAmount>`);
  await page.keyboard.press('Escape');

  // The refused and the plain ones say so on their pages.
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(id('GULF'))}`);
  await expect(page.getByTestId('einvoice-refusal')).toContainText('BHD amounts have 3 decimals');
  await expect(page.getByTestId('einvoice-form')).toHaveText('UBL + PDF asked');
  await calm(page);
  await page.getByTestId('einvoice-card').screenshot({ path: shot('45-einvoice-refused-card.png') });
  await page.goto(`/?token=${TOKEN}#/invoices/${encodeURIComponent(id('PLAIN'))}`);
  await expect(page.getByTestId('einvoice-form')).toHaveText('Plain PDF');
  await expect(page.getByTestId('einvoice-plain')).toHaveText('Issued as a plain PDF: the agreement asks for no e-invoice (its e_invoice is not set).');
  expect(problems).toEqual([]);
});
