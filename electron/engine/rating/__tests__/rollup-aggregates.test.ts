/** The pure parts of the rollup seam: cutting covered days out of a group's ranges, and merging rollups into a row aggregate. */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../../shared/money';
import { mergeRollups, rowRangesWithout, type GroupRollups } from '../rollup-aggregates';

const ts = (day: string) => `${day}T00:00:00.000Z`;
const rollups = (over: Partial<GroupRollups> = {}): GroupRollups => ({
  rows: 2,
  days: ['2026-10-02', '2026-10-03'],
  sum: new Decimal('1000.000000000001'),
  count: 7,
  max: new Decimal('600'),
  lastTs: '2026-10-03T12:00:00.000Z',
  lastQuantity: new Decimal('5'),
  ...over,
});

describe('rowRangesWithout', () => {
  it('cuts covered days out of half-open day ranges, keeping what is left in order', () => {
    expect(rowRangesWithout([{ tsFrom: ts('2026-10-01'), tsTo: ts('2026-11-01') }], ['2026-10-01', '2026-10-05', '2026-10-06', '2026-10-31'])).toEqual([
      { tsFrom: ts('2026-10-02'), tsTo: ts('2026-10-05') },
      { tsFrom: ts('2026-10-07'), tsTo: ts('2026-10-31') },
    ]);
  });
  it('leaves nothing when every day is covered, and the range as it is when none is', () => {
    expect(rowRangesWithout([{ tsFrom: ts('2026-10-30'), tsTo: ts('2026-11-01') }], ['2026-10-30', '2026-10-31'])).toEqual([]);
    expect(rowRangesWithout([{ tsFrom: ts('2026-10-01'), tsTo: ts('2026-10-03') }], ['2026-11-01'])).toEqual([{ tsFrom: ts('2026-10-01'), tsTo: ts('2026-10-03') }]);
  });
  it('crosses a month and a year end', () => {
    expect(rowRangesWithout([{ tsFrom: ts('2026-12-30'), tsTo: ts('2027-01-03') }], ['2026-12-31'])).toEqual([
      { tsFrom: ts('2026-12-30'), tsTo: ts('2026-12-31') },
      { tsFrom: ts('2027-01-01'), tsTo: ts('2027-01-03') },
    ]);
  });
});

describe('mergeRollups', () => {
  const never = () => {
    throw new Error('the rows latest timestamp is only read for last');
  };
  it('sum and count add exactly, max takes the larger', () => {
    expect(mergeRollups('sum', { value: '0.000000000002', records: 3 }, rollups(), never)).toEqual({ value: '1000.000000000003', records: 10 });
    expect(mergeRollups('count', { value: '3', records: 3 }, rollups(), never)).toEqual({ value: '10', records: 10 });
    expect(mergeRollups('max', { value: '600.5', records: 3 }, rollups(), never)).toEqual({ value: '600.5', records: 10 });
    expect(mergeRollups('max', { value: '599', records: 3 }, rollups(), never)).toEqual({ value: '600', records: 10 });
    expect(mergeRollups('sum', undefined, rollups(), never)).toEqual({ value: '1000.000000000001', records: 7 });
  });
  it('last: the later instant wins; an equal instant goes to the larger quantity', () => {
    expect(mergeRollups('last', { value: '9', records: 1 }, rollups(), () => '2026-10-04T00:00:00.000Z').value).toBe('9');
    expect(mergeRollups('last', { value: '9', records: 1 }, rollups(), () => '2026-10-01T23:59:59.999Z').value).toBe('5');
    expect(mergeRollups('last', { value: '9', records: 1 }, rollups(), () => '2026-10-03T12:00:00.000Z').value).toBe('9');
    expect(mergeRollups('last', { value: '4', records: 1 }, rollups(), () => '2026-10-03T12:00:00.000Z').value).toBe('5');
    expect(mergeRollups('last', undefined, rollups(), never)).toEqual({ value: '5', records: 7 });
  });
});
