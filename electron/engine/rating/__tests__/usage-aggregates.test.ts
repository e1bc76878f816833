/** SQL aggregation on scaled integers must equal the exact JavaScript aggregation, and fall back when it cannot be exact. */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Opened } from '../../../../db/open';
import { AGGREGATIONS, type Aggregation } from '../../../../shared/domain';
import { createAggregator } from '../aggregate';
import { scaledToDecimal } from '../../scaled-decimal';
import { aggregateUsage } from '../usage-aggregates';
import { insertUsageRow } from './insert-usage-row';

let dir: string;
let opened: Opened;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-agg-'));
  opened = openDatabase(join(dir, 'a.db'));
  opened.sqlite.exec("INSERT INTO import_batches (id, file_name, file_size, sha256, kind, imported_by) VALUES (1, 'u.csv', 1, 'x', 'usage', 't')");
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
function insert(quantity: string, ts: string, accountId = 'A', metric = 'm'): void {
  seq++;
  insertUsageRow(opened.sqlite, { batchId: 1, line: seq, eventId: `k${seq}`, accountId, metric, quantity, ts });
}

const OCT = { tsFrom: '2026-10-01T00:00:00.000Z', tsTo: '2026-11-01T00:00:00.000Z' };
const aggregate = (aggregation: Aggregation, ranges = [OCT]) =>
  aggregateUsage(opened.sqlite, [{ key: 7, accountId: 'A', metric: 'm', aggregation, ranges }], 1_000_000).get(7);

describe('aggregateUsage', () => {
  it('computes sum, max, last and count exactly inside the period only', () => {
    insert('0.1', '2026-10-01T00:00:00.000Z');
    insert('0.2', '2026-10-31T23:59:59.999Z');
    insert('7', '2026-10-15T00:00:00.000Z');
    insert('100', '2026-11-01T00:00:00.000Z'); // next period
    insert('50', '2026-10-05T00:00:00.000Z', 'B'); // another account
    expect(aggregate('sum')).toEqual({ value: '7.3', records: 3 });
    expect(aggregate('max')).toEqual({ value: '7', records: 3 });
    expect(aggregate('last')).toEqual({ value: '0.2', records: 3 });
    expect(aggregate('count')).toEqual({ value: '3', records: 3 });
  });

  it('breaks a tie on the latest timestamp by the larger quantity', () => {
    insert('5', '2026-10-31T10:00:00.000Z');
    insert('12.5', '2026-10-31T10:00:00.000Z');
    insert('9', '2026-10-31T10:00:00.000Z');
    expect(aggregate('last')?.value).toBe('12.5');
  });

  it('falls back to the exact text path for quantities SQLite cannot hold as scaled integers', () => {
    insert('0.0000001', '2026-10-02T00:00:00.000Z'); // 7 decimals
    insert('1234567890123456789', '2026-10-03T00:00:00.000Z'); // 19 integer digits
    insert('1', '2026-10-04T00:00:00.000Z');
    expect(aggregate('sum')?.value).toBe('1234567890123456790.0000001');
    expect(aggregate('max')?.value).toBe('1234567890123456789');
  });

  it('falls back when the integer sum would overflow', () => {
    for (let i = 0; i < 12; i++) insert('999999999999', `2026-10-0${(i % 9) + 1}T00:00:00.000Z`);
    expect(aggregate('sum')?.value).toBe('11999999999988');
  });

  it('aggregates several separate ranges of one agreement together', () => {
    insert('1', '2026-10-02T00:00:00.000Z');
    insert('2', '2026-10-10T00:00:00.000Z');
    insert('4', '2026-10-20T00:00:00.000Z');
    const ranges = [
      { tsFrom: '2026-10-01T00:00:00.000Z', tsTo: '2026-10-05T00:00:00.000Z' },
      { tsFrom: '2026-10-15T00:00:00.000Z', tsTo: '2026-11-01T00:00:00.000Z' },
    ];
    expect(aggregate('sum', ranges)).toEqual({ value: '5', records: 2 });
  });

  it('returns nothing for a group without records', () => {
    expect(aggregate('sum')).toBeUndefined();
  });

  it('equals the JavaScript aggregator on random data (property)', () => {
    const quantity = fc.tuple(fc.nat({ max: 10_000_000 }), fc.nat({ max: 999_999 }), fc.integer({ min: 0, max: 6 })).map(([i, f, digits]) =>
      digits === 0 ? String(i) : `${i}.${String(f).padStart(6, '0').slice(0, digits)}`,
    );
    const record = fc.tuple(quantity, fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 23 }));
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 40 }), fc.constantFrom(...AGGREGATIONS), (records, aggregation) => {
        opened.sqlite.exec('DELETE FROM usage_rows');
        const reference = createAggregator(aggregation);
        for (const [q, day, hour] of records) {
          const ts = `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
          insert(q, ts);
          reference.add(q, ts);
        }
        expect(aggregate(aggregation)).toEqual(reference.result());
      }),
      { numRuns: 60 },
    );
  });
});

describe('scaledToDecimal', () => {
  it('writes millionths as the shortest exact decimal', () => {
    expect(scaledToDecimal(0n)).toBe('0');
    expect(scaledToDecimal(1n)).toBe('0.000001');
    expect(scaledToDecimal(12_500_000n)).toBe('12.5');
    expect(scaledToDecimal(-2_000_000n)).toBe('-2');
  });
});
