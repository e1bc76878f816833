/**
 * Rating a period on a real database: which agreement bills what, drafts
 * replaced but approved invoices frozen, deposits derived so re-rating never
 * spends them twice, and provenance both ways.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Opened } from '../../../../db/open';
import { importFiles } from '../../import/import-files';
import { createJobContext } from '../../job-context';
import { approveInvoices } from '../../review/approve';
import { invoiceDetail, invoiceJson } from '../../review/invoice-queries';
import { lineSourceRows } from '../../review/line-sources';
import { billingOfSource, unbilledSources } from '../../review/provenance';
import { ratePeriod } from '../rate-period';

let dir: string;
let opened: Opened;
const ctx = createJobContext({ actor: 'test' });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-rate-'));
  opened = openDatabase(join(dir, 'r.db'));
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

async function load(agreements: object[], usage: string[] = [], hours: string[] = []): Promise<void> {
  const files: { path: string }[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    files.push({ path: join(dir, name) });
  };
  write('agreements.json', JSON.stringify(agreements));
  if (usage.length) write('usage.csv', ['event_id,account_id,metric,quantity,timestamp', ...usage].join('\n'));
  if (hours.length) write('hours.csv', ['entry_id,date,account_id,person,kind,role,hours,billable', ...hours].join('\n'));
  await importFiles(opened.sqlite, { files }, ctx);
}

const base = { account_id: 'ACME', currency: 'USD', start_date: '2026-01-01' };

describe('ratePeriod', () => {
  it('rates one draft per active agreement, even at zero, and none for inactive ones', async () => {
    await load([
      { ...base, agreement_id: 'AG-1', charges: [{ type: 'recurring', code: 'p', amount: '100.00' }] },
      { ...base, agreement_id: 'AG-2', account_id: 'B', charges: [] },
      { ...base, agreement_id: 'AG-3', account_id: 'C', start_date: '2026-11-01', charges: [{ type: 'recurring', code: 'p', amount: '1.00' }] },
      { ...base, agreement_id: 'AG-4', account_id: 'D', end_date: '2026-09-30', charges: [{ type: 'recurring', code: 'p', amount: '1.00' }] },
    ]);
    const result = ratePeriod(opened.sqlite, '2026-10', ctx);
    expect(result.invoices).toBe(2);
    expect(invoiceJson(opened.sqlite, 'AG-2@2026-10')).toMatchObject({ lines: [], total: '0.00' });
  });

  it('prices overlapping agreements by the later start date, and each only inside its own dates', async () => {
    const charge = { type: 'usage', metric: 'api_calls', model: 'per_unit' };
    await load(
      [
        { ...base, agreement_id: 'OLD', charges: [{ ...charge, unit_price: '1' }] },
        { ...base, agreement_id: 'NEW', start_date: '2026-10-16', charges: [{ ...charge, unit_price: '2' }] },
      ],
      ['a,ACME,api_calls,10,2026-10-05T00:00:00Z', 'b,ACME,api_calls,100,2026-10-16T00:00:00Z', 'c,ACME,api_calls,1000,2026-10-31T23:00:00Z'],
    );
    ratePeriod(opened.sqlite, '2026-10', ctx);
    expect(invoiceJson(opened.sqlite, 'OLD@2026-10').lines.map((l) => l.amount)).toEqual(['10.00']);
    expect(invoiceJson(opened.sqlite, 'NEW@2026-10').lines.map((l) => l.amount)).toEqual(['2200.00']);
  });

  it('links every line to its source rows and every row back to its line; unbilled rows are listed', async () => {
    await load(
      [{ ...base, agreement_id: 'AG-1', charges: [{ type: 'usage', metric: 'api_calls', model: 'graduated', tiers: [{ up_to: '10', unit_price: '0' }, { up_to: null, unit_price: '1' }] }, { type: 'hours', kind: 'support', rate: '100.00' }] }],
      ['a,ACME,api_calls,8,2026-10-05T00:00:00Z', 'b,ACME,api_calls,7,2026-10-06T00:00:00Z', 'c,ACME,sms,5,2026-10-06T00:00:00Z', 'd,NOBODY,api_calls,5,2026-10-06T00:00:00Z'],
      ['h1,2026-10-02,ACME,Ann,support,,1.5,yes', 'h2,2026-10-02,ACME,Ann,professional_services,,2,yes'],
    );
    ratePeriod(opened.sqlite, '2026-10', ctx);
    const detail = invoiceDetail(opened.sqlite, 'AG-1@2026-10');
    expect(detail.lines.map((l) => [l.description.length > 0, l.amount, l.source_count])).toEqual([
      [true, '0.00', 2],
      [true, '5.00', 2],
      [true, '150.00', 1],
    ]);
    const rows = lineSourceRows(opened.sqlite, detail.lines[1]!.line_id, 0, 10);
    expect(rows.rows.map((r) => [r.external_id, r.file, r.line])).toEqual([
      ['a', 'usage.csv', 2],
      ['b', 'usage.csv', 3],
    ]);
    const back = billingOfSource(opened.sqlite, 'usage', rows.rows[0]!.id);
    expect(back).toHaveLength(1);
    expect(back[0]!.lines.map((l) => l.amount)).toEqual(['0.00', '5.00']);
    expect(unbilledSources(opened.sqlite, '2026-10', 'usage', 0, 10).rows.map((r) => r.external_id)).toEqual(['c', 'd']);
    expect(unbilledSources(opened.sqlite, '2026-10', 'hours', 0, 10).rows.map((r) => r.external_id)).toEqual(['h2']);
  });

  it('replaces drafts on re-rating but never touches an approved invoice', async () => {
    await load([{ ...base, agreement_id: 'AG-1', charges: [{ type: 'usage', metric: 'm', model: 'per_unit', unit_price: '1' }] }], ['a,ACME,m,10,2026-10-05T00:00:00Z']);
    ratePeriod(opened.sqlite, '2026-10', ctx);
    approveInvoices(opened.sqlite, ['AG-1@2026-10'], 'test');
    writeFileSync(join(dir, 'more.csv'), 'event_id,account_id,metric,quantity,timestamp\nb,ACME,m,5,2026-10-06T00:00:00Z\n');
    await importFiles(opened.sqlite, { files: [{ path: join(dir, 'more.csv') }] }, ctx);
    ratePeriod(opened.sqlite, '2026-10', ctx);
    const frozen = invoiceJson(opened.sqlite, 'AG-1@2026-10');
    expect(frozen).toMatchObject({ status: 'approved', total: '10.00' });
    // The late row is not silently counted as billed by the frozen invoice.
    expect(unbilledSources(opened.sqlite, '2026-10', 'usage', 0, 10).rows.map((r) => r.external_id)).toEqual(['b']);
  });

  it('derives the deposit from earlier invoices, so re-rating never spends it twice', async () => {
    await load([{ ...base, agreement_id: 'AG-1', deposit: '250.00', charges: [{ type: 'recurring', code: 'p', amount: '100.00' }] }]);
    for (const period of ['2026-08', '2026-09', '2026-10']) ratePeriod(opened.sqlite, period, ctx);
    ratePeriod(opened.sqlite, '2026-09', ctx);
    ratePeriod(opened.sqlite, '2026-09', ctx);
    const applied = ['2026-08', '2026-09', '2026-10'].map((p) => invoiceJson(opened.sqlite, `AG-1@${p}`).deposit_applied);
    expect(applied).toEqual(['100.00', '100.00', '50.00']);
    expect(invoiceJson(opened.sqlite, 'AG-1@2026-10').amount_due).toBe('50.00');
  });

  it('re-derives later drafts when an earlier period changes, and respects frozen invoices of any period', async () => {
    await load([{ ...base, agreement_id: 'AG-1', deposit: '150.00', charges: [{ type: 'recurring', code: 'p', amount: '100.00' }] }]);
    ratePeriod(opened.sqlite, '2026-10', ctx);
    approveInvoices(opened.sqlite, ['AG-1@2026-10'], 'test'); // took 100 of the deposit
    ratePeriod(opened.sqlite, '2026-09', ctx); // rated late: only 50 is left
    expect(invoiceJson(opened.sqlite, 'AG-1@2026-09').deposit_applied).toBe('50.00');
    ratePeriod(opened.sqlite, '2026-11', ctx);
    expect(invoiceJson(opened.sqlite, 'AG-1@2026-11').deposit_applied).toBe('0.00');
  });

  it('rolls back completely when cancelled', async () => {
    await load([{ ...base, agreement_id: 'AG-1', charges: [{ type: 'recurring', code: 'p', amount: '100.00' }] }]);
    ratePeriod(opened.sqlite, '2026-10', ctx);
    const before = invoiceJson(opened.sqlite, 'AG-1@2026-10');
    const cancelled = createJobContext({ actor: 'test', isCancelled: () => true });
    expect(() => ratePeriod(opened.sqlite, '2026-10', cancelled)).toThrow(/cancelled/);
    expect(invoiceJson(opened.sqlite, 'AG-1@2026-10')).toEqual(before);
  });
});
