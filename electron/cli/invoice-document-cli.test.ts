/**
 * What an invoice document says, through the real `billing` command on a real
 * database file, read back with pdftotext:
 * - names and addresses in Latin (accents), Greek, Cyrillic, Simplified and
 *   Traditional Chinese, Japanese and Korean print and read back, from
 *   `billing pdf` and from `billing export`;
 * - the tax rate beside the tax, the customer's tax id (JSON and CSV
 *   agreement forms), the seller's tax id (branding), a prorated
 *   subscription's days in place of its quantity;
 * - a draft shows the issue and due dates finalizing it today would give, a
 *   finalized invoice its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatDay } from '../../shared/period';
import { billingOk } from './__tests__/run-cli';

interface Customer {
  id: string;
  script: string;
  currency: string;
  name: string;
  address: string[];
  description: string;
}

const CUSTOMERS: Customer[] = [
  { id: 'LATIN', script: 'Latin with accents', currency: 'EUR', name: 'Société Générale d’Éléctricité', address: ['Zoë Łukasiewicz, Ærøskøbing', 'Straße 12, 1010 Wien', 'Čeština Şişli İstanbul'], description: 'Plateforme — accès complet' },
  { id: 'GREEK', script: 'Greek', currency: 'EUR', name: 'Ελληνική Εταιρεία Λογισμικού ΑΕ', address: ['Λεωφόρος Κηφισίας 44', '151 25 Μαρούσι, Αθήνα'], description: 'Συνδρομή πλατφόρμας' },
  { id: 'CYRIL', script: 'Cyrillic', currency: 'EUR', name: 'ООО «Северная звезда»', address: ['ул. Тверская, д. 7, офис 15', 'Москва 125009, Россия'], description: 'Подписка на платформу' },
  { id: 'HANS', script: 'Simplified Chinese', currency: 'CNY', name: '北京星辰科技有限公司', address: ['北京市朝阳区建国路88号', '财务部'], description: '平台订阅费' },
  { id: 'HANT', script: 'Traditional Chinese', currency: 'TWD', name: '臺灣雲端資訊股份有限公司', address: ['臺北市信義區松高路19號', '會計部'], description: '平臺訂閱費' },
  { id: 'SAKURA', script: 'Japanese', currency: 'JPY', name: '株式会社さくら電機', address: ['経理部 御中', '東京都港区芝浦3-1-1', '〒108-0023 日本'], description: 'プラットフォーム利用料' },
  { id: 'HANBIT', script: 'Korean', currency: 'KRW', name: '주식회사 한빛소프트', address: ['서울특별시 강남구 테헤란로 123', '재무팀'], description: '플랫폼 구독료' },
];

const LONG_NAME = '株式会社さくら電機ホールディングス・グローバルソリューションズ事業本部';
const LONG_DESCRIPTION = 'クラウドプラットフォーム利用料（エンタープライズプラン、年間契約、月額払い）および付随するサポートサービス一式';

let dir: string;
let db: string;
const ok = (...args: string[]) => billingOk([...args, '--db', db, '--as', 'dana']);
/** pdftotext's reading of a PDF, runs of white space as one space. */
const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
const layoutText = (file: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
/** The fonts of a PDF (pdffonts), one per line after the header: name, type, encoding, emb, sub, uni. */
const fontsOf = (file: string) => execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);

// Each command is a fresh Node process (about a second of CPU); give the flows room on a busy 2-core machine.
const SLOW = 240_000;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-documents-'));
  db = join(dir, 'book.db');
  const agreements = [
    ...CUSTOMERS.map((c) => ({
      agreement_id: `AG-${c.id}`,
      account_id: c.id,
      account_name: c.name,
      currency: c.currency,
      start_date: '2026-01-01',
      tax_rate: '0.1',
      payment_terms_days: 30,
      bill_to: [c.name, ...c.address].join('\n'),
      charges: [{ type: 'recurring', code: 'platform', description: c.description, amount: c.currency === 'JPY' || c.currency === 'KRW' ? '100000' : '1000.00' }],
    })),
    // A name too long for the bill-to column, and a description that wraps inside Japanese text.
    {
      agreement_id: 'AG-LONGJP', account_id: 'LONGJP', currency: 'JPY', start_date: '2026-01-01', tax_rate: '0.1', payment_terms_days: 30,
      bill_to: `${LONG_NAME}\n東京都港区芝浦3-1-1`,
      charges: [{ type: 'recurring', code: 'platform', description: LONG_DESCRIPTION, amount: '100000' }],
    },
    // Started mid-month: 17 of October's 31 days; 8.25 % tax; the customer's VAT id in the JSON form.
    {
      agreement_id: 'AG-ACME', account_id: 'ACME', account_name: 'Acme Corp', currency: 'USD', start_date: '2026-10-15', tax_rate: '0.0825',
      payment_terms_days: 30, bill_to: 'Acme Corp\n1 Main St\nSpringfield', tax_id: 'US-EIN 12-3456789',
      charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount: '3200.00' }],
    },
  ];
  writeFileSync(join(dir, 'agreements.json'), JSON.stringify(agreements));
  // The CSV form of agreements (one row per charge) carries tax_id as a column.
  writeFileSync(
    join(dir, 'agreements.csv'),
    'agreement_id,account_id,account_name,currency,start_date,tax_rate,payment_terms_days,bill_to,tax_id,type,code,description,amount\n' +
      'AG-GLOBEX,GLOBEX,Globex GmbH,EUR,2026-01-01,0.19,14,"Globex GmbH\nHafenstraße 1\n20457 Hamburg",DE123456789,recurring,platform,Platform fee,500.00\n',
  );
  billingOk(['import', join(dir, 'agreements.json'), '--db', db]);
  billingOk(['import', join(dir, 'agreements.csv'), '--db', db]);
  billingOk(['rate', '--period', '2026-10', '--db', db]);
}, SLOW);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('invoice documents through the CLI', () => {
  it('prints names and addresses in every script, and pdftotext reads each back', () => {
    for (const c of CUSTOMERS) {
      const file = join(dir, `${c.id}.pdf`);
      ok('pdf', `AG-${c.id}@2026-10`, '--out', file);
      const text = pdfText(file);
      for (const written of [c.name, ...c.address, c.description]) expect(text, `${c.script}: ${written}`).toContain(written);
      // Every font is embedded as a subset with a ToUnicode map (uni = yes).
      for (const font of fontsOf(file)) expect(font, `${c.script} font`).toMatch(/Identity-H\s+yes\s+yes\s+yes/);
    }
    // A Latin, Greek or Cyrillic invoice needs DejaVu Sans only, and stays small.
    for (const id of ['LATIN', 'GREEK', 'CYRIL']) {
      const file = join(dir, `${id}.pdf`);
      expect(fontsOf(file).map((f) => f.split(/\s+/)[0])).toEqual(['DJVSNB+DejaVuSans-Bold', 'DJVSNR+DejaVuSans']);
      expect(statSync(file).size).toBeLessThan(40_000);
    }
    // Japanese prints in Noto Sans JP, Korean in Noto Sans KR, Chinese in Noto Sans SC; each still a small file.
    expect(fontsOf(join(dir, 'SAKURA.pdf')).join('\n')).toMatch(/NSJPBD\+NotoSansJP-Bold[\s\S]*NSJPRG\+NotoSansJP-Regular/);
    expect(fontsOf(join(dir, 'HANBIT.pdf')).join('\n')).toMatch(/NotoSansKR-Regular/);
    expect(fontsOf(join(dir, 'HANS.pdf')).join('\n')).toMatch(/NotoSansSC-Regular/);
    for (const c of CUSTOMERS) expect(statSync(join(dir, `${c.id}.pdf`)).size, c.script).toBeLessThan(60_000);
  }, SLOW);

  it('wraps a long Japanese name and description instead of cutting them, never starting a line with a closing mark', () => {
    const file = join(dir, 'longjp.pdf');
    ok('pdf', 'AG-LONGJP@2026-10', '--out', file);
    const lines = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\n').map((l) => l.trim());
    const joined = lines.join('');
    expect(joined).toContain(LONG_NAME);
    expect(joined).toContain(LONG_DESCRIPTION);
    expect(joined).not.toContain('…');
    const wrapped = lines.filter((l) => l !== '' && (LONG_NAME.includes(l) || LONG_DESCRIPTION.includes(l)));
    expect(wrapped.length).toBeGreaterThanOrEqual(4);
    for (const line of wrapped) expect(line, line).not.toMatch(/^[、。ー）」ぁぃぅぇぉっゃゅょァィゥェォッャュョ]/u);
  }, SLOW);

  it('shows the tax rate, both tax ids and a proration, and a draft dated as if finalized today', () => {
    ok('settings', 'branding', '--tax-id', 'GB 123 4567 89');
    const acme = join(dir, 'acme-draft.pdf');
    ok('pdf', 'AG-ACME@2026-10', '--out', acme);
    const text = layoutText(acme);
    expect(text).toContain('Tax (8.25 %) USD 144.77');
    expect(text).toContain('Tax ID: GB 123 4567 89');
    expect(text).toContain('Tax ID: US-EIN 12-3456789');
    // 3,200.00 × 17/31 = 1,754.84: the quantity column says the days, not "1".
    expect(text).toMatch(/Platform fee \(prorated 17 of 31 days\) 17\/31 days 3,200\.00 1,754\.84/);
    // The draft's dates are the ones an export today would give (issue today, due after the 30-day terms).
    const today = new Date().toISOString().slice(0, 10);
    expect(text).toContain(`Issue date ${formatDay(today)}`);
    expect(text).toContain(`Due date ${formatDay(addDays(today, 30))} (Net 30)`);

    // The CSV form's tax id and a tax label from the branding.
    ok('settings', 'branding', '--tax-label', 'VAT');
    const globex = join(dir, 'globex-draft.pdf');
    ok('pdf', 'AG-GLOBEX@2026-10', '--out', globex);
    const globexText = layoutText(globex);
    expect(globexText).toContain('VAT ID: DE123456789');
    expect(globexText).toContain('VAT (19 %) EUR 95.00');

    // The JSON of the period is unchanged by any of this (the contract's shape).
    const invoices = JSON.parse(ok('invoices', '--period', '2026-10', '--json')) as { invoice_id: string; lines: { quantity: string }[] }[];
    expect(invoices.find((i) => i.invoice_id === 'AG-ACME@2026-10')?.lines[0]?.quantity).toBe('1');
  }, SLOW);

  it('exports every script, and a finalized invoice shows its own issue and due dates', () => {
    const ids = [...CUSTOMERS.map((c) => `AG-${c.id}@2026-10`), 'AG-LONGJP@2026-10', 'AG-ACME@2026-10', 'AG-GLOBEX@2026-10'];
    ok('approve', ...ids, '--override', 'checked by hand');
    const out = join(dir, 'out');
    ok('export', '--period', '2026-10', '--out', out, '--issue-date', '2026-11-02');
    const register = readFileSync(join(out, 'invoice-register_2026-10.csv'), 'utf8');
    for (const c of CUSTOMERS) {
      const number = new RegExp(`^(INV-2026-\\d{6}),AG-${c.id}@2026-10,`, 'm').exec(register)?.[1];
      expect(number, c.script).toBeTruthy();
      const file = readdirPdf(out, number as string);
      const text = pdfText(file);
      for (const written of [c.name, ...c.address]) expect(text, `exported ${c.script}: ${written}`).toContain(written);
    }
    const acmeNumber = /^(INV-2026-\d{6}),AG-ACME@2026-10,/m.exec(register)?.[1] as string;
    const exported = layoutText(readdirPdf(out, acmeNumber));
    expect(exported).toContain('Issue date 2 Nov 2026');
    expect(exported).toContain('Due date 2 Dec 2026 (Net 30)');
    // `billing pdf` of the finalized invoice is the issued document, with the same dates.
    const again = join(dir, 'acme-final.pdf');
    ok('pdf', 'AG-ACME@2026-10', '--out', again);
    expect(readFileSync(again).equals(readFileSync(readdirPdf(out, acmeNumber)))).toBe(true);
  }, SLOW);
});

/** The exported PDF of an invoice number (its file name starts with the number). */
function readdirPdf(out: string, number: string): string {
  const name = readdirSync(out).find((f) => f.startsWith(`${number}_`) && f.endsWith('.pdf'));
  if (!name) throw new Error(`no PDF for ${number} in ${out}`);
  return join(out, name);
}
