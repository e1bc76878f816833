/**
 * Rows a reviewer excluded from billing are ignored by every anomaly rule that
 * reads usage or hours (data/excluded-rows.ts) and by percentage pricing: on a
 * real book, excluding the row that caused a finding closes the finding, and
 * including it again reopens it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { controlBook, type ControlBook } from '../../controls/__tests__/book';

let book: ControlBook;
afterEach(() => book?.cleanup());

const HEADER = 'event_id,account_id,metric,quantity,timestamp';

async function importFile(b: ControlBook, name: string, lines: string[]): Promise<void> {
  const path = join(b.dir, name);
  writeFileSync(path, lines.join('\n'));
  await b.run('import.files', { files: [{ path }] });
}

/** The active findings of a rule in 2026-10, with their details. */
function findings(b: ControlBook, rule: string): { account_id: string | null; details: Record<string, unknown> }[] {
  return (
    b.opened.sqlite.prepare("SELECT account_id, details FROM anomalies WHERE active AND period = '2026-10' AND rule = ? ORDER BY id").all(rule) as {
      account_id: string | null;
      details: string | null;
    }[]
  ).map((a) => ({ account_id: a.account_id, details: a.details ? (JSON.parse(a.details) as Record<string, unknown>) : {} }));
}

/** The rows the rule's active finding of 2026-10 names (anomaly_sources), sorted. */
function sourcesOf(b: ControlBook, rule: string): string[] {
  return b.opened.sqlite
    .prepare("SELECT s.source_id FROM anomaly_sources s JOIN anomalies a ON a.id = s.anomaly_id WHERE a.active AND a.period = '2026-10' AND a.rule = ? ORDER BY 1")
    .pluck()
    .all(rule) as string[];
}

const exclude = (b: ControlBook, kind: 'usage' | 'hours', id: string) => b.run('corrections.exclude', { sourceKind: kind, sourceId: b.rowId(kind, id), reason: 'bad reading' });
const include = (b: ControlBook, kind: 'usage' | 'hours', id: string) => b.run('corrections.include', { sourceKind: kind, sourceId: b.rowId(kind, id), reason: 'it was right' });

describe('excluded rows and the anomaly rules', () => {
  it('usage_spike: the period totals no longer count the excluded spike, so the finding closes and reopens with it', async () => {
    book = await controlBook({ rated: false });
    await importFile(book, 'sms.csv', [
      HEADER,
      'm8,ACME,sms,10,2026-08-10T00:00:00Z',
      'm9,ACME,sms,12,2026-09-10T00:00:00Z',
      'm10a,ACME,sms,11,2026-10-10T00:00:00Z',
      'm10b,ACME,sms,5000,2026-10-11T00:00:00Z',
    ]);
    await book.run('period.rate', { period: '2026-10' });
    expect(findings(book, 'usage_spike').map((f) => f.account_id)).toEqual(['ACME']);
    await exclude(book, 'usage', 'm10b');
    expect(findings(book, 'usage_spike')).toEqual([]);
    await include(book, 'usage', 'm10b');
    expect(findings(book, 'usage_spike').map((f) => f.account_id)).toEqual(['ACME']);
  });

  it('unit_mismatch and duplicate_usage: the excluded record is neither the outlier nor a copy', async () => {
    book = await controlBook({ rated: false });
    await importFile(book, 'events.csv', [
      HEADER,
      'e1,ACME,events,10,2026-10-02T00:00:00Z',
      'e2,ACME,events,10,2026-10-03T00:00:00Z',
      'e3,ACME,events,10,2026-10-04T00:00:00Z',
      'e4,ACME,events,10,2026-10-05T00:00:00Z',
      'e5,ACME,events,100000,2026-10-06T00:00:00Z',
      'c1,ACME,api_calls,1777,2026-10-07T00:00:00Z',
      'c2,ACME,api_calls,1777,2026-10-07T00:00:00Z',
      'c3,ACME,api_calls,1777,2026-10-07T00:00:00Z',
    ]);
    await book.run('period.rate', { period: '2026-10' });
    expect(findings(book, 'unit_mismatch').map((f) => f.details.metric ?? f.account_id)).toHaveLength(1);
    const copies = (...ids: string[]) => ids.map((id) => String(book.rowId('usage', id))).sort();
    expect(findings(book, 'duplicate_usage')).toHaveLength(1);
    expect(sourcesOf(book, 'duplicate_usage')).toEqual(copies('c1', 'c2', 'c3'));
    await exclude(book, 'usage', 'e5');
    expect(findings(book, 'unit_mismatch')).toEqual([]);
    // The same finding, found again with one copy fewer: its stored rows are rewritten (detect.ts keeps them only when equal).
    await exclude(book, 'usage', 'c3');
    expect(findings(book, 'duplicate_usage')).toHaveLength(1);
    expect(sourcesOf(book, 'duplicate_usage')).toEqual(copies('c1', 'c2'));
    await exclude(book, 'usage', 'c2');
    expect(findings(book, 'duplicate_usage')).toEqual([]);
    // the excluded copies are not billed either: 1000 + 2000 + 500000 + 1777
    expect(book.invoice('AG-1@2026-10').lines.find((l) => l.code === 'api_calls')?.quantity).toBe('504777');
  });

  it('unbilled_usage: an excluded record of an account without an agreement is not unbilled', async () => {
    book = await controlBook({ rated: false });
    await importFile(book, 'stray.csv', [HEADER, 'x1,NOAGREEMENT,api_calls,5,2026-10-09T00:00:00Z']);
    await book.run('period.rate', { period: '2026-10' });
    expect(findings(book, 'unbilled_usage').map((f) => f.account_id)).toEqual(['NOAGREEMENT']);
    await exclude(book, 'usage', 'x1');
    expect(findings(book, 'unbilled_usage')).toEqual([]);
  });

  it('duplicate_hours and excessive_hours: an excluded time entry is not counted', async () => {
    book = await controlBook({ rated: false });
    const path = join(book.dir, 'more-hours.csv');
    writeFileSync(
      path,
      [
        'entry_id,date,account_id,person,kind,hours,billable',
        'd1,2026-10-12,ACME,Lee,professional_services,3,true',
        'd2,2026-10-12,ACME,Lee,professional_services,3,true',
        'x1,2026-10-13,ACME,Ray,professional_services,8,true',
        'x2,2026-10-13,ACME,Ray,professional_services,7,true',
      ].join('\n'),
    );
    await book.run('import.files', { files: [{ path }] });
    await book.run('period.rate', { period: '2026-10' });
    expect(findings(book, 'duplicate_hours')).toHaveLength(1);
    expect(findings(book, 'excessive_hours')).toHaveLength(1);
    await exclude(book, 'hours', 'd2');
    expect(findings(book, 'duplicate_hours')).toEqual([]);
    await exclude(book, 'hours', 'x2');
    expect(findings(book, 'excessive_hours')).toEqual([]);
  });
});

describe('excluded rows and percentage pricing', () => {
  it('an excluded transaction is not charged its percentage fee', async () => {
    book = await controlBook({ rated: false });
    const path = join(book.dir, 'pay-agreement.json');
    writeFileSync(
      path,
      JSON.stringify([
        { agreement_id: 'AG-P', account_id: 'PAYCO', currency: 'USD', start_date: '2026-01-01', charges: [{ type: 'usage', metric: 'payments', model: 'percentage', rate: '2', per_event_fee: '0.30' }] },
      ]),
    );
    await book.run('import.files', { files: [{ path }] });
    await importFile(book, 'payments-usage.csv', [HEADER, 'p1,PAYCO,payments,100.00,2026-10-02T00:00:00Z', 'p2,PAYCO,payments,5000.00,2026-10-03T00:00:00Z']);
    await book.run('period.rate', { period: '2026-10' });
    // 100 × 2 % + 0.30 = 2.30; 5000 × 2 % + 0.30 = 100.30
    expect(book.invoice('AG-P@2026-10').total).toBe('102.60');
    await exclude(book, 'usage', 'p2');
    expect(book.invoice('AG-P@2026-10').total).toBe('2.30');
    expect(book.invoice('AG-P@2026-10').lines.find((l) => l.code === 'payments')?.quantity).toBe('1');
  });
});
