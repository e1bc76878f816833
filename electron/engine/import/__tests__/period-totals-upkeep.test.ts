/**
 * Usage totals kept current by the import (period-totals-upkeep.ts): after
 * every import the cached totals of each period equal the totals computed
 * from scratch over its rows, whatever the import held (ties on the latest
 * timestamp, quantities with no exact scaled form, sums past 64 bits,
 * duplicates, periods computed before, empty before, or with records never
 * computed), and a cancelled import leaves the cache as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../import-files';
import { cachedTotals, ctx, expectCacheEqualsRecompute as expectCacheEqualsRecomputeIn, rows, scratch, type Scratch } from './helpers';
import { periodTotals } from '../../rating/period-totals';
import { addRecord, emptyFigures, MAX_PAIRS } from '../usage-figures';
import { importedTotals } from '../period-totals-upkeep';

let s: Scratch;
beforeEach(() => {
  s = scratch();
});
afterEach(() => s.cleanup());

const HEADER = 'event_id,account_id,metric,quantity,timestamp';
let files = 0;
async function importUsage(lines: string[], isCancelled?: () => boolean) {
  const path = s.file(`u${++files}.csv`, [HEADER, ...lines].join('\n') + '\n');
  return (await importFiles(s.opened.sqlite, { files: [{ path }] }, ctx(isCancelled))).files[0]!;
}

const stamped = () => rows<{ period: string }>(s, 'SELECT period FROM usage_period_stamps ORDER BY period').map((r) => r.period);
/** the cached figures of a period, stamped or not, dup_groups aside (counted on demand) */
const cached = (period: string) => cachedTotals(s, [period])[period]!;
const expectCacheEqualsRecompute = () => expectCacheEqualsRecomputeIn(s);

describe('usage totals kept current by the import', () => {
  it('computes a month that had no records from the file, keeps computed ones current, and leaves records never computed to first use', async () => {
    await importUsage(['e0,A,m,3,2026-10-01T00:00:00Z', 'e9,B,x,1,2026-09-01T00:00:00Z']);
    // both months were empty: the file's figures are their totals, as rating would compute them
    expect(stamped()).toEqual(['2026-09', '2026-10']);
    expectCacheEqualsRecompute();
    s.opened.sqlite.exec("DELETE FROM usage_period_stamps WHERE period = '2026-09'"); // records whose totals were never computed
    await importUsage([
      'e1,A,m,0.1,2026-10-01T00:00:00Z',
      'e2,A,m,7,2026-10-15T00:00:00Z',
      'e3,A,m,7.0,2026-10-15T00:00:00Z',
      'e4,A,m,2,2026-10-15T00:00:00Z',
      'e5,B,x,5,2026-09-03T00:00:00Z', // a month with records never computed: left alone
      'e6,B,x,999999999999.999999,2026-09-04T00:00:00Z',
      'e7,C,x,1,2026-08-04T00:00:00Z', // a month with no records before: computed from the file
    ]);
    expect(stamped()).toEqual(['2026-08', '2026-10']);
    expect(cached('2026-10')).toEqual([
      { account_id: 'A', metric: 'm', records: 5, exact: 1, sum_scaled: 19_100_000, max_scaled: 7_000_000, min_scaled: 100_000, last_scaled: 7_000_000, last_ts: '2026-10-15T00:00:00.000Z', digits: '0,0,0,0,0,0,1,4' },
    ]);
    expect(cached('2026-09')).toMatchObject([{ records: 1 }]); // untouched: computed on first use
    expectCacheEqualsRecompute();
    expect(periodTotals(s.opened.sqlite, '2026-09').get('B', 'x')).toMatchObject({ records: 3, exact: true });
  });

  it('merges a later import into totals already computed, ties and all, and leaves duplicates out', async () => {
    await importUsage(['e1,A,m,3,2026-10-02T00:00:00Z', 'e2,A,m,1,2026-10-20T00:00:00Z']);
    periodTotals(s.opened.sqlite, '2026-10'); // as rating would
    const stampBefore = rows<{ id: number }>(s, 'SELECT id FROM usage_period_stamps')[0]!.id;
    const r = await importUsage([
      'e2,A,m,1,2026-10-20T00:00:00Z', // a duplicate: not counted twice
      'e3,A,m,4,2026-10-20T00:00:00Z', // same latest ts, larger quantity: becomes `last`
      'e4,A,m,0.5,2026-10-20T00:00:00Z',
      'e5,A,n,1,2026-10-21T00:00:00Z', // a new pair
    ]);
    expect(r).toMatchObject({ imported: 3, duplicates: 1 });
    const [a, n] = cached('2026-10');
    expect(a).toMatchObject({ records: 4, sum_scaled: 8_500_000, max_scaled: 4_000_000, min_scaled: 500_000, last_scaled: 4_000_000 });
    expect(n).toMatchObject({ metric: 'n', records: 1 });
    // a new stamp: a connection's memo of the old totals is not reused
    expect(rows<{ id: number }>(s, 'SELECT id FROM usage_period_stamps')[0]!.id).not.toBe(stampBefore);
    expect(periodTotals(s.opened.sqlite, '2026-10').get('A', 'm')).toMatchObject({ records: 4, sum: 8_500_000n, last: 4_000_000n });
    expectCacheEqualsRecompute();
  });

  it('marks a pair inexact when a merged quantity has no scaled form or the sum passes 64 bits', async () => {
    await importUsage(['e1,A,m,1,2026-10-02T00:00:00Z', 'e2,B,m,999999999999,2026-10-02T00:00:00Z']);
    periodTotals(s.opened.sqlite, '2026-10');
    await importUsage(['e3,A,m,0.0000001,2026-10-03T00:00:00Z', ...Array.from({ length: 9 }, (_, i) => `b${i},B,m,999999999999,2026-10-0${i + 1}T00:00:00Z`)]);
    const [a, b] = cached('2026-10');
    expect(a).toMatchObject({ records: 2, exact: 0, sum_scaled: null, last_ts: '2026-10-03T00:00:00.000Z' });
    expect(b).toMatchObject({ records: 10, exact: 0, sum_scaled: null });
    expectCacheEqualsRecompute();
  });

  it('leaves a period whose cache was already stale to be computed on first use', async () => {
    await importUsage(['e1,A,m,1,2026-10-02T00:00:00Z']);
    periodTotals(s.opened.sqlite, '2026-10');
    // An older stamp that no longer holds (records of the period were added after it): not merged into.
    s.opened.sqlite.prepare('UPDATE usage_period_stamps SET usage_seq = 0').run();
    await importUsage(['e2,A,m,2,2026-10-03T00:00:00Z']);
    expect(cached('2026-10')).toMatchObject([{ records: 1 }]); // untouched
    expect(periodTotals(s.opened.sqlite, '2026-10').get('A', 'm')).toMatchObject({ records: 2, sum: 3_000_000n });
  });

  it('after an undone import, an emptied month takes the next file\'s figures, not the old ones', async () => {
    await importUsage(['e1,A,m,1,2026-10-02T00:00:00Z']);
    periodTotals(s.opened.sqlite, '2026-10');
    s.opened.sqlite.exec('DELETE FROM usage_rows'); // what an undo does to the rows; the trigger drops the stamp
    expect(stamped()).toEqual([]);
    expect(cached('2026-10')).toHaveLength(1); // the old figures are still there, without a stamp
    await importUsage(['e2,B,m,2,2026-10-03T00:00:00Z']);
    // the month was empty again: its totals are the file's, the old pair's figures gone
    expect(stamped()).toEqual(['2026-10']);
    expect(cached('2026-10')).toMatchObject([{ account_id: 'B', records: 1, sum_scaled: 2_000_000 }]);
    expect(periodTotals(s.opened.sqlite, '2026-10').get('A', 'm')).toBeUndefined();
    expectCacheEqualsRecompute();
  });

  it('a cancelled import leaves the cached totals as they were', async () => {
    await importUsage(['e1,A,m,1,2026-10-02T00:00:00Z']);
    periodTotals(s.opened.sqlite, '2026-10');
    const before = { stamps: rows(s, 'SELECT * FROM usage_period_stamps'), totals: cached('2026-10') };
    const big = Array.from({ length: 3000 }, (_, i) => `c${i},A,m,1,2026-10-05T00:00:00Z`);
    let checks = 0;
    await expect(importUsage(big, () => ++checks > 3)).rejects.toThrow(/cancelled/);
    expect({ stamps: rows(s, 'SELECT * FROM usage_period_stamps'), totals: cached('2026-10') }).toEqual(before);
  });

  it('counts duplicate groups again only for the pairs an import merged', async () => {
    await importUsage(['e1,A,m,1,2026-10-02T00:00:00Z', 'e2,A,m,1,2026-10-02T00:00:00Z', 'e3,B,m,1,2026-10-02T00:00:00Z']);
    const t = periodTotals(s.opened.sqlite, '2026-10');
    expect(t.dupGroups(t.get('A', 'm')!)).toBe(1);
    expect(t.dupGroups(t.get('B', 'm')!)).toBe(0);
    await importUsage(['e4,B,m,1,2026-10-02T00:00:00Z']);
    expect(rows(s, 'SELECT account_id, dup_groups FROM usage_period_totals ORDER BY account_id')).toEqual([
      { account_id: 'A', dup_groups: 1 },
      { account_id: 'B', dup_groups: null },
    ]);
    const after = periodTotals(s.opened.sqlite, '2026-10');
    expect(after.dupGroups(after.get('B', 'm')!)).toBe(1);
    expect(after.dupGroups(after.get('A', 'm')!)).toBe(1);
  });

  it('gives up the figures of a file with more pairs than they are kept for, and leaves its months to first use', async () => {
    await importUsage(['e0,A,m,1,2026-09-01T00:00:00Z']);
    expect(stamped()).toEqual(['2026-09']);
    // One record per account: MAX_PAIRS + 1 pairs in an empty month, plus one more record in the stamped one.
    const many = Array.from({ length: MAX_PAIRS + 1 }, (_, i) => `p${i},ACC${i},m,1,2026-10-01T00:00:00Z`);
    const r = await importUsage([...many, 'e1,A,m,2,2026-09-02T00:00:00Z']);
    expect(r).toMatchObject({ imported: MAX_PAIRS + 2 });
    expect(stamped()).toEqual(['2026-09']); // the old stamp, now stale: nothing was merged into it
    expect(cached('2026-10')).toEqual([]);
    expect(periodTotals(s.opened.sqlite, '2026-09').get('A', 'm')).toMatchObject({ records: 2, sum: 3_000_000n });
  }, 60_000);

  it('keeps nothing when either side of a worker import gave its figures up, even if the other holds some', () => {
    // The writer validates a file's first batches itself; the read worker the rest. Figures from one side alone would be part of the month.
    const writer = emptyFigures();
    addRecord(writer, '2026-10', 'A', 'm', '1', Date.UTC(2026, 9, 1));
    const worker = { ...emptyFigures(), gaveUp: true };
    const totals = importedTotals(s.opened.sqlite, 0);
    totals.see('2026-10');
    totals.commit(writer, worker);
    expect(stamped()).toEqual([]);
    totals.see('2026-10');
    totals.commit(writer, emptyFigures());
    expect(stamped()).toEqual(['2026-10']); // the same figures, nobody gave up: kept
  });

  it('equals a full computation after many random imports', async () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const quantities = ['0', '1', '2.5', '0.000001', '0.0000001', '12.345678', '999999999999', '1234567.5', '007', '42'];
    let id = 0;
    for (let round = 0; round < 12; round++) {
      const lines = Array.from({ length: 40 + rand(60) }, () => {
        // some event ids repeat an earlier one: duplicates
        const event = rand(10) === 0 && id > 0 ? `r${rand(id)}` : `r${id++}`;
        return `${event},A${rand(3)},m${rand(2)},${quantities[rand(quantities.length)]},2026-${String(8 + rand(3)).padStart(2, '0')}-0${1 + rand(3)}T0${rand(2)}:00:00Z`;
      });
      await importUsage(lines);
      // a month rated between imports: the next import keeps it current
      periodTotals(s.opened.sqlite, `2026-${String(8 + rand(3)).padStart(2, '0')}`);
      expect(stamped().length).toBeGreaterThan(0);
      expectCacheEqualsRecompute();
    }
  });
});
