import { describe, expect, it } from 'vitest';
import type { Aggregation } from '../../../../shared/domain';
import { aggregate, createAggregator } from '../aggregate';

const T1 = '2026-01-01T00:00:00.000Z';
const T2 = '2026-01-02T00:00:00.000Z';
const T3 = '2026-01-03T00:00:00.000Z';

type Row = [quantity: string, ts: string];
const rows = (list: Row[]) => list.map(([quantity, ts]) => ({ quantity, ts }));

describe('createAggregator', () => {
  const cases: [string, Aggregation, Row[], string, number][] = [
    ['sum of integers', 'sum', [['1', T1], ['2', T2], ['3', T3]], '6', 3],
    ['sum keeps exact decimals (0.1 + 0.2)', 'sum', [['0.1', T1], ['0.2', T2]], '0.3', 2],
    ['sum rescales when a longer fraction arrives', 'sum', [['10', T1], ['2.5', T2], ['0.125', T3]], '12.625', 3],
    ['sum drops trailing zeros', 'sum', [['1.50', T1], ['1.50', T2]], '3', 2],
    ['sum to a fraction', 'sum', [['12', T1], ['0.50', T2]], '12.5', 2],
    ['sum of zeros is "0"', 'sum', [['0.000', T1], ['0', T2]], '0', 2],
    ['sum with a negative correction', 'sum', [['5', T1], ['-0.5', T2]], '4.5', 2],
    ['sum below zero', 'sum', [['0.25', T1], ['-1', T2]], '-0.75', 2],
    ['sum of 16+ digit quantities (BigInt path)', 'sum', [['12345678901234567890.5', T1], ['0.5', T2]], '12345678901234567891', 2],
    ['sum crossing 2^53 in the fast path', 'sum', [['999999999999999', T1], ['999999999999999', T2], ['999999999999999', T3], ['999999999999999', T1], ['999999999999999', T1], ['999999999999999', T1], ['999999999999999', T1], ['999999999999999', T1], ['999999999999999', T1], ['999999999999999', T1]], '9999999999999990', 10],
    ['sum with a long fraction scaling a large total', 'sum', [['900719925474099', T1], ['0.0000001', T2]], '900719925474099.0000001', 2],
    ['max is the largest single record', 'max', [['5', T1], ['12.5', T2], ['7', T3]], '12.5', 3],
    ['max compares across scales', 'max', [['2.5', T1], ['2.45', T2], ['2.500001', T3]], '2.500001', 3],
    ['max with one record', 'max', [['0.10', T1]], '0.1', 1],
    ['last is the latest timestamp, not the last added', 'last', [['9', T3], ['1', T1], ['4', T2]], '9', 3],
    ['last: equal timestamps keep the larger quantity', 'last', [['3', T2], ['8', T2], ['5', T2], ['1', T1]], '8', 4],
    ['last after rescale', 'last', [['3', T1], ['2.25', T2]], '2.25', 2],
    ['count is the number of records', 'count', [['5', T1], ['0', T2], ['7.5', T3]], '3', 3],
    ['no records: sum', 'sum', [], '0', 0],
    ['no records: max', 'max', [], '0', 0],
    ['no records: count', 'count', [], '0', 0],
  ];
  it.each(cases)('%s', (_name, aggregation, input, value, records) => {
    expect(aggregate(aggregation, rows(input))).toEqual({ value, records });
  });

  it('result() can be read repeatedly and keeps counting', () => {
    const agg = createAggregator('sum');
    agg.add('1.5', T1);
    expect(agg.result()).toEqual({ value: '1.5', records: 1 });
    agg.add('1.5', T2);
    expect(agg.result()).toEqual({ value: '3', records: 2 });
  });

  it.each(['', '1.', '.5', '1e5', '1,5', ' 1', '--1', '1.2.3', 'abc', '-'])('refuses the malformed quantity %j', (bad) => {
    for (const aggregation of ['sum', 'max', 'last', 'count'] as const) {
      expect(() => createAggregator(aggregation).add(bad, T1)).toThrow(/not a decimal/);
    }
  });
});
