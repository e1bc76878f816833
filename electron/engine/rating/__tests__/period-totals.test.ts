/** The cached per-period usage totals: exact, recomputed exactly when the period's records change, and never stale. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Opened } from '../../../../db/open';
import { periodTotals } from '../period-totals';
import { aggregateUsage } from '../usage-aggregates';
import { insertUsageRow } from './insert-usage-row';

let dir: string;
let opened: Opened;
let seq = 0;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-totals-'));
  opened = openDatabase(join(dir, 't.db'));
  batch(1);
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

function batch(id: number): void {
  opened.sqlite.prepare("INSERT INTO import_batches (id, file_name, file_size, sha256, kind, imported_by) VALUES (?, 'u.csv', 1, 'x', 'usage', 't')").run(id);
}
function insert(quantity: string, ts: string, accountId = 'A', metric = 'm', batchId = 1): void {
  seq++;
  insertUsageRow(opened.sqlite, { batchId, line: seq, eventId: `k${seq}`, accountId, metric, quantity, ts });
}
const stampId = (period: string) => opened.sqlite.prepare('SELECT id FROM usage_period_stamps WHERE period = ?').pluck().get(period) as number | undefined;

describe('periodTotals', () => {
  it('computes exact figures per pair, with the latest record and duplicate groups', () => {
    insert('0.1', '2026-10-01T00:00:00.000Z');
    insert('0.2', '2026-10-31T23:59:59.999Z');
    insert('7', '2026-10-15T00:00:00.000Z');
    insert('7.0', '2026-10-15T00:00:00.000Z');
    insert('100', '2026-11-01T00:00:00.000Z');
    insert('5', '2026-10-03T00:00:00.000Z', 'B', 'x');
    const t = periodTotals(opened.sqlite, '2026-10');
    expect(t.pairs.map((p) => `${p.accountId}/${p.metric}`)).toEqual(['A/m', 'B/x']);
    const a = t.get('A', 'm')!;
    expect(a).toMatchObject({ records: 4, exact: true, sum: 14_300_000n, max: 7_000_000n, min: 100_000n, last: 200_000n });
    expect(t.dupGroups(a)).toBe(1);
    expect(t.dupGroups(t.get('B', 'x')!)).toBe(0);
  });

  it('marks a pair with an unscaled quantity as not exact', () => {
    insert('0.0000001', '2026-10-02T00:00:00.000Z');
    insert('1', '2026-10-03T00:00:00.000Z');
    const a = periodTotals(opened.sqlite, '2026-10').get('A', 'm')!;
    expect(a).toMatchObject({ records: 2, exact: false, sum: null });
  });

  it('is reused until a record of the period is added or deleted', () => {
    insert('1', '2026-10-02T00:00:00.000Z');
    insert('1', '2026-09-02T00:00:00.000Z');
    periodTotals(opened.sqlite, '2026-10');
    periodTotals(opened.sqlite, '2026-09');
    const oct = stampId('2026-10');
    const sep = stampId('2026-09');

    // Another period's import leaves October's totals as they are.
    batch(2);
    insert('4', '2026-09-20T00:00:00.000Z', 'A', 'm', 2);
    expect(periodTotals(opened.sqlite, '2026-10').get('A', 'm')!.sum).toBe(1_000_000n);
    expect(stampId('2026-10')).toBe(oct);
    expect(periodTotals(opened.sqlite, '2026-09').get('A', 'm')!.sum).toBe(5_000_000n);
    expect(stampId('2026-09')).not.toBe(sep);

    // Undoing that import (a delete) invalidates September only.
    opened.sqlite.prepare('DELETE FROM usage_rows WHERE batch_id = 2').run();
    expect(stampId('2026-09')).toBeUndefined();
    expect(stampId('2026-10')).toBe(oct);
    expect(periodTotals(opened.sqlite, '2026-09').get('A', 'm')!.sum).toBe(1_000_000n);

    // An import into October is seen.
    insert('2', '2026-10-30T00:00:00.000Z');
    expect(periodTotals(opened.sqlite, '2026-10').get('A', 'm')).toMatchObject({ records: 2, sum: 3_000_000n, last: 2_000_000n });
  });

  it('gives rating the same aggregates as aggregating the rows', () => {
    insert('3.5', '2026-10-02T00:00:00.000Z');
    insert('1.25', '2026-10-09T00:00:00.000Z');
    const range = { tsFrom: '2026-10-01T00:00:00.000Z', tsTo: '2026-11-01T00:00:00.000Z' };
    const whole = { startTs: range.tsFrom, endTs: range.tsTo, totals: periodTotals(opened.sqlite, '2026-10') };
    for (const aggregation of ['sum', 'max', 'last', 'count'] as const) {
      const groups = [{ key: 1, accountId: 'A', metric: 'm', aggregation, ranges: [range] }];
      expect(aggregateUsage(opened.sqlite, groups, 1_000, whole)).toEqual(aggregateUsage(opened.sqlite, groups, 1_000));
    }
  });
});
