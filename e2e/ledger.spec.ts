/**
 * The journal for the accountant's system, its accounts set on the Settings
 * page and the file saved from the Export page
 * (e-invoicing.md "Ledger files"): a period of its own with two finalized
 * invoices, one for a Greek customer; the DATEV file arrives in Windows-1252
 * and balances, a mixed-currency request is refused with its sentence, and
 * QuickBooks Online takes both currencies in one file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { TOKEN, api, calm, importInApp, shot } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'e2e-ledger-'));
const stamp = Date.now().toString(36).toUpperCase();
// A period no other spec uses, so the journal holds exactly these documents.
const PERIOD = '2024-09';

function agreement(id: string, account: string, name: string, currency: string, tax: string, amount: string) {
  return { agreement_id: id, account_id: account, account_name: name, currency, start_date: '2024-01-01', payment_terms_days: 30, tax_rate: tax, discount_percent: '0', charges: [{ type: 'recurring', code: 'fee', description: 'Service fee', amount }] };
}

test('save the period journal for DATEV and QuickBooks from the Export page', async ({ page, request }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const athens = `LDG-ATHENS-${stamp}`;
  const berlin = `LDG-BERLIN-${stamp}`;
  const file = join(dir, `agreements-${stamp}.json`);
  writeFileSync(file, JSON.stringify([agreement(`LDG-1-${stamp}`, athens, 'Αθηναϊκή Λογιστική', 'EUR', '0.24', '500.00'), agreement(`LDG-2-${stamp}`, berlin, 'Berlin Daten GmbH', 'USD', '0', '250.00')]));
  await page.goto(`/?token=${TOKEN}#/import`);
  await importInApp(page, file, `agreements-${stamp}.json`);
  await api(request, 'period.rate', { period: PERIOD });
  const mine = (await api<{ invoice_id: string; account_id: string }[]>(request, 'invoices.list', { period: PERIOD })).filter((i) => i.account_id === athens || i.account_id === berlin);
  expect(mine).toHaveLength(2);
  await api(request, 'invoices.approve', { invoice_ids: mine.map((i) => i.invoice_id), override_reason: 'e2e ledger' });
  await api(request, 'export.period', { period: PERIOD, issue_date: '2024-10-01' });
  const numbers = new Map(
    (await api<{ account_id: string; invoice_number: string | null }[]>(request, 'invoices.list', { period: PERIOD })).map((i) => [i.account_id, i.invoice_number!]),
  );

  // The accounts, on the Settings page: a wrong one is refused with the engine's sentence, a right one is used by the next file.
  await page.goto(`/?token=${TOKEN}#/settings`);
  const accounts = page.getByTestId('ledger-accounts');
  await accounts.getByTestId('ledger-system-datev').click();
  await accounts.getByTestId('ledger-revenue_recurring').fill('84a0');
  await accounts.getByTestId('save-ledger-accounts').click();
  await expect(accounts.getByRole('alert')).toHaveText('DATEV accounts are numbers of 1 to 9 digits (no leading zero); "84a0" for revenue recurring is not one.');
  await accounts.getByTestId('ledger-revenue_recurring').fill('8338');
  await accounts.getByTestId('save-ledger-accounts').click();
  await expect(page.getByText('The next DATEV journal uses these accounts.', { exact: true })).toBeVisible();
  await calm(page);
  await page.screenshot({ path: shot('30-ledger-accounts.png'), fullPage: true });
  expect((await api<{ datev: { accounts: { revenue_recurring: string } } }>(request, 'settings.ledgerAccounts')).datev.accounts.revenue_recurring).toBe('8338');

  await page.goto(`/?token=${TOKEN}#/export?period=${PERIOD}`);
  const card = page.getByTestId('journal-card');
  await expect(card).toBeVisible();

  // Two currencies: a DATEV batch holds one, and the page says so in the engine's sentence.
  await card.getByTestId('journal-save').click();
  await expect(page.getByText(/has documents in EUR, USD, and a DATEV batch holds one currency; write one file per currency with --currency EUR/)).toBeVisible();

  await card.getByTestId('journal-currency').fill('eur');
  const [datev] = await Promise.all([page.waitForEvent('download'), card.getByTestId('journal-save').click()]);
  expect(datev.suggestedFilename()).toBe(`EXTF_Buchungsstapel_${PERIOD}_EUR.csv`);
  const bytes = readFileSync(await datev.path());
  const text = new TextDecoder('windows-1252').decode(bytes);
  expect(text.startsWith('"EXTF";700;21;"Buchungsstapel";13;')).toBe(true);
  expect(bytes.includes(Buffer.from('ü', 'utf8'))).toBe(false);
  const rows = text.split('\r\n').slice(2).filter(Boolean).map((l) => l.split(';'));
  // 500,00 revenue and 120,00 tax, each debiting the receivables account: 620,00 in all, the amount due.
  expect(rows.map((r) => [r[0], r[1], r[6], r[7], r[10], r[13]])).toEqual([
    ['500,00', '"S"', '10000', '8338', `"${numbers.get(athens)}"`, `"${athens}: Revenue: subscriptions"`],
    ['120,00', '"S"', '10000', '1776', `"${numbers.get(athens)}"`, `"${athens}: Tax"`],
  ]);
  await expect(card.getByTestId('journal-saved')).toContainText(`1 document, 2 lines, EUR. Windows-1252 cannot hold every character of the texts of ${numbers.get(athens)}`);

  await card.getByTestId('journal-format').selectOption('quickbooks');
  await card.getByTestId('journal-currency').fill('');
  const [qbo] = await Promise.all([page.waitForEvent('download'), card.getByTestId('journal-save').click()]);
  const csv = readFileSync(await qbo.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('Journal No,Journal Date,Account Name,Debits,Credits,Description,Name,Currency');
  expect(csv).toContain(`${numbers.get(athens)},10/01/2024,Accounts Receivable (A/R),620.00,,Amount due,Αθηναϊκή Λογιστική,EUR`);
  expect(csv).toContain(`${numbers.get(berlin)},10/01/2024,Sales,,250.00,Revenue: subscriptions,Berlin Daten GmbH,USD`);
  await expect(card.getByTestId('journal-saved')).toContainText('2 documents, 5 lines, EUR, USD.');
  await calm(page);
  await page.screenshot({ path: shot('30-export-journal.png'), fullPage: true });
  expect(problems).toEqual([]);
});
