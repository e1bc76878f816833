/**
 * The command-line contract of data-formats.md, through the real `billing`
 * command on a real database file.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceJsonSchema, type InvoiceJson } from '../../shared/domain';
import { currencyMinorUnits } from '../../shared/currencies';
import { Decimal } from '../../shared/money';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sum = (values: string[]) => values.reduce((a, v) => a.plus(v), new Decimal(0));

function checkArithmetic(invoice: InvoiceJson): void {
  const digits = currencyMinorUnits(invoice.currency);
  const moneyPattern = new RegExp(`^-?\\d+${digits ? `\\.\\d{${digits}}` : ''}$`);
  for (const value of [invoice.subtotal, invoice.discount, invoice.tax, invoice.total, invoice.deposit_applied, invoice.amount_due, ...invoice.lines.map((l) => l.amount)]) {
    expect(value, `${invoice.invoice_id} money ${value}`).toMatch(moneyPattern);
  }
  const nonDiscount = invoice.lines.filter((l) => l.kind !== 'discount').map((l) => l.amount);
  expect(sum(nonDiscount).equals(invoice.subtotal), `${invoice.invoice_id} subtotal`).toBe(true);
  const total = new Decimal(invoice.subtotal).minus(invoice.discount).plus(invoice.tax);
  expect(total.equals(invoice.total), `${invoice.invoice_id} total`).toBe(true);
  expect(new Decimal(invoice.total).minus(invoice.deposit_applied).equals(invoice.amount_due)).toBe(true);
  expect(new Decimal(invoice.discount).isNegative()).toBe(false);
}

describe('billing demo → import → rate → invoices', () => {
  it('rates the last demo month into invoices of the contract shape with consistent arithmetic', () => {
    const demo = join(dir, 'demo');
    const db = join(dir, 'demo.db');
    billingOk(['demo', '--out', demo, '--rows', '20000']);
    const files = readdirSync(demo).sort().map((f) => join(demo, f));
    expect(files.map((f) => f.slice(demo.length + 1))).toEqual(['agreements.json', 'hours.csv', 'usage.csv']);

    const imported = JSON.parse(billingOk(['import', ...files, '--db', db, '--json'])) as Record<string, unknown>[];
    expect(imported.map((r) => r.kind)).toEqual(['agreements', 'hours', 'usage']);
    for (const r of imported) {
      // The contract's six keys, plus the notes on how the file was read (extra keys are allowed).
      expect(Object.keys(r).sort()).toEqual(['duplicates', 'file', 'imported', 'kind', 'notes', 'rejected', 'rows']);
      expect(r.rows).toBe((r.imported as number) + (r.duplicates as number) + (r.rejected as number));
    }
    const again = JSON.parse(billingOk(['import', ...files, '--db', db, '--json'])) as { imported: number }[];
    expect(again.every((r) => r.imported === 0)).toBe(true);

    billingOk(['rate', '--period', '2026-10', '--db', db]);
    const invoices = JSON.parse(billingOk(['invoices', '--period', '2026-10', '--json', '--db', db])) as unknown[];
    expect(invoices.length).toBeGreaterThanOrEqual(60);
    for (const raw of invoices) {
      const invoice = invoiceJsonSchema.strict().parse(raw);
      expect(invoice.status).toBe('draft');
      expect(invoice.period).toBe('2026-10');
      checkArithmetic(invoice);
    }
    // Re-rating is idempotent.
    billingOk(['rate', '--period', '2026-10', '--db', db]);
    const rerated = JSON.parse(billingOk(['invoices', '--period', '2026-10', '--json', '--db', db])) as unknown[];
    expect(rerated).toEqual(invoices);
  });
});

describe('recurring with proration and per_unit usage, by hand', () => {
  it('bills exactly what a person computes', () => {
    const db = join(dir, 'hand.db');
    const agreements = join(dir, 'agreements.json');
    writeFileSync(
      agreements,
      JSON.stringify([
        {
          agreement_id: 'AG-1', account_id: 'ACME', account_name: 'Acme Corp', currency: 'USD', start_date: '2026-10-15', end_date: null,
          owner: 'Dana Lee', po_number: 'PO-1', bill_to: 'Acme Corp\n1 Main St', tax_rate: '0.0825', discount_percent: '10',
          charges: [
            { type: 'recurring', code: 'platform', description: 'Platform fee', amount: '2500.00' },
            { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: '0.10', included: '500' },
            { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.0015' },
          ],
        },
        {
          agreement_id: 'AG-2', account_id: 'TOKYO', currency: 'JPY', start_date: '2026-01-01',
          charges: [{ type: 'recurring', code: 'platform', amount: '100000' }, { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.35' }],
        },
      ]),
    );
    const usage = join(dir, 'usage.csv');
    writeFileSync(
      usage,
      [
        'event_id,account_id,metric,quantity,timestamp',
        'u1,ACME,storage_gb,612.5,2026-10-16T00:00:00Z',
        'u2,ACME,storage_gb,733.25,2026-10-20T00:00:00Z',
        'u3,ACME,storage_gb,9999,2026-10-10T00:00:00Z', // before the agreement started: not billed by it
        'u4,ACME,api_calls,1000001,2026-10-18T12:00:00Z',
        'u5,ACME,api_calls,333,2026-10-31T23:59:59Z',
        'u6,ACME,api_calls,5,2026-11-01T00:00:00Z', // next period
        'u7,TOKYO,api_calls,12345,2026-10-05T09:00:00+09:00',
      ].join('\n'),
    );
    billingOk(['import', agreements, usage, '--db', db]);
    billingOk(['rate', '--period', '2026-10', '--db', db]);
    const [acme, tokyo] = JSON.parse(billingOk(['invoices', '--period', '2026-10', '--json', '--db', db])) as InvoiceJson[];

    // Platform: 2500.00 × 17/31 days (15th–31st) = 1370.9677… → 1370.97
    // Storage: max 733.25 − 500 included = 233.25 × 0.10 = 23.325 → 23.33 (half away from zero)
    // API calls: 1,000,334 × 0.0015 = 1500.501 → 1500.50
    // Subtotal 2894.80; discount 10 % = 289.48; tax (2894.80 − 289.48) × 0.0825 = 214.93890 → 214.94
    expect(acme!.lines.map((l) => [l.kind, l.code, l.quantity, l.unit_price, l.amount])).toEqual([
      ['recurring', 'platform', '1', '2500.00', '1370.97'],
      ['usage', 'storage_gb', '233.25', '0.10', '23.33'],
      ['usage', 'api_calls', '1000334', '0.0015', '1500.50'],
      ['discount', 'discount', '1', '-289.48', '-289.48'],
    ]);
    expect(acme).toMatchObject({ subtotal: '2894.80', discount: '289.48', tax: '214.94', total: '2820.26', deposit_applied: '0.00', amount_due: '2820.26' });

    // JPY has no minor unit: 12,345 × 0.35 = 4320.75 → 4321
    expect(tokyo!.lines.map((l) => l.amount)).toEqual(['100000', '4321']);
    expect(tokyo).toMatchObject({ subtotal: '104321', discount: '0', tax: '0', total: '104321', amount_due: '104321' });
  });
});

describe('exit codes and messages', () => {
  it('--help works on every command', () => {
    for (const command of [[], ['import'], ['rate'], ['invoices'], ['anomalies'], ['approve'], ['demo'], ['pdf'], ['export']]) {
      const r = billing([...command, '--help']);
      expect(r.code, command.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: billing/);
    }
  });

  it('fails with one line on stderr and a non-zero code', () => {
    const db = join(dir, 'errors.db');
    for (const args of [
      ['rate', '--period', '2026-13', '--db', db],
      ['import', join(dir, 'missing.csv'), '--db', db],
      ['approve', 'NOPE@2026-10', '--db', db],
      ['frobnicate'],
    ]) {
      const r = billing(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n').length, `${args.join(' ')}: ${r.stderr}`).toBeLessThanOrEqual(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses a file that is not a database', () => {
    const fake = join(dir, 'fake.db');
    writeFileSync(fake, 'this is not sqlite'.repeat(500));
    const r = billing(['invoices', '--period', '2026-10', '--json', '--db', fake]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/could not be opened as a database/);
  });
});
