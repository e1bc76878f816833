import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../import/import-files';
import { undoImport } from '../../import/undo-import';
import { dataQualitySummary } from '../data-quality';
import { anomalySources } from '../sources';
import { agreement, ctx, TestBook } from './helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

describe('dataQualitySummary', () => {
  it('counts rejected and duplicate rows, unbilled usage per metric, unbilled hours and accounts without agreement', async () => {
    await book.agreements(
      agreement({
        agreement_id: 'AG-A',
        account_id: 'ACME',
        start_date: '2026-10-10',
        charges: [
          { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' },
          { type: 'hours', kind: 'professional_services', rate: '100' },
        ],
      }),
    );
    const path = join(book.dir, 'usage.csv');
    writeFileSync(
      path,
      'event_id,account_id,metric,quantity,timestamp\n' +
        'e1,ACME,api_calls,100,2026-10-05T00:00:00Z\n' + // before the agreement starts
        'e2,ACME,api_calls,200,2026-10-15T00:00:00Z\n' +
        'e3,ACME,sms,7.5,2026-10-15T00:00:00Z\n' + // no charge prices sms
        'e4,ZEN,api_calls,0.25,2026-10-15T00:00:00Z\n' + // no agreement at all
        'e5,ACME,api_calls,-1,2026-10-15T00:00:00Z\n' + // rejected
        'e2,ACME,api_calls,200,2026-10-15T00:00:00Z\n', // duplicate id
    );
    const { files: [result] } = await importFiles(book.sqlite, { files: [{ path }] }, ctx());
    await book.hours([
      { account: 'ACME', person: 'Ann', date: '2026-10-12', hours: '2' },
      { account: 'ACME', person: 'Ann', date: '2026-10-12', kind: 'support', hours: '1.5' },
      { account: 'ACME', person: 'Ann', date: '2026-10-13', kind: 'support', hours: '4', billable: false },
      { account: 'ZEN', person: 'Bo', date: '2026-10-12', hours: '3' },
    ]);
    const byBatch = dataQualitySummary(book.sqlite, { batchId: result!.batchId });
    expect(byBatch).toMatchObject({
      scope: { batch_id: result!.batchId, period: null },
      rows: 6,
      imported: 4,
      duplicates: 1,
      rejected: 1,
      rejected_by_field: [{ field: 'quantity', rows: 1 }],
      unbilled_usage: [
        { metric: 'api_calls', records: 2, quantity: '100.25', accounts: 2 },
        { metric: 'sms', records: 1, quantity: '7.5', accounts: 1 },
      ],
      unbilled_usage_records: 3,
      unbilled_hours: { entries: 0, hours: '0' },
      accounts_without_agreement: [{ account_id: 'ZEN', usage_records: 1, time_entries: 0 }],
    });
    const byPeriod = dataQualitySummary(book.sqlite, { period: '2026-10' });
    expect(byPeriod).toMatchObject({
      scope: { batch_id: null, period: '2026-10' },
      rejected: 1,
      duplicates: 1,
      unbilled_usage: byBatch.unbilled_usage,
      unbilled_hours: { entries: 2, hours: '4.5' },
      accounts_without_agreement: [{ account_id: 'ZEN', usage_records: 1, time_entries: 1 }],
    });
    expect(byPeriod.batches).toHaveLength(2);
    expect(byPeriod.batches).toContain(result!.batchId);
    // A period's imports are those with rows in it, and an undone import is none of them.
    expect(dataQualitySummary(book.sqlite, { period: '2026-11' }).batches).toEqual([]);
    undoImport(book.sqlite, result!.batchId, ctx());
    expect(dataQualitySummary(book.sqlite, { period: '2026-10' }).batches).not.toContain(result!.batchId);
    expect(() => dataQualitySummary(book.sqlite, { batchId: 999 })).toThrow(/no import 999/);
  });
});

describe('anomalySources', () => {
  it('pages the usage and hours rows behind a finding with file and line, and lists the agreements', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-1', account_id: 'SILVER', charges: [{ type: 'hours', kind: 'support', rate: '100' }] }),
      agreement({ agreement_id: 'AG-2', account_id: 'SILVER', start_date: '2026-09-01', charges: [{ type: 'hours', kind: 'support', rate: '100' }] }),
    );
    await book.hours([
      { account: 'X', person: 'Lena', date: '2026-10-14', hours: '7' },
      { account: 'Y', person: 'Lena', date: '2026-10-14', hours: '6' },
    ]);
    const found = book.rateAndDetect('2026-10');
    const excessive = found.find((a) => a.rule === 'excessive_hours')!;
    const page = anomalySources(book.sqlite, excessive.anomaly_id, 1, 10);
    expect(page.total).toBe(2);
    expect(page.found).toBe(2);
    expect(page.rows.map((r) => [r.source_kind, r.account_id, r.person, r.quantity, r.line])).toEqual([['hours', 'Y', 'Lena', '6', 3]]);
    const overlap = found.find((a) => a.rule === 'overlapping_agreements')!;
    expect(anomalySources(book.sqlite, overlap.anomaly_id, 0, 10).agreements.map((a) => [a.agreement_id, a.line])).toEqual([
      ['AG-1', 1],
      ['AG-2', 2],
    ]);
  });
});
