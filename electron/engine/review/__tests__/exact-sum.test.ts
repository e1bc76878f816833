/** Exact grouped sums in SQLite: the integer path, the decimal fallback and overflow. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../../../shared/money';
import { groupedSums, moneyColumn, scaledSql } from '../exact-sum';

const db = () => {
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE t (g TEXT, v TEXT NOT NULL)');
  return sqlite;
};

describe('scaledSql', () => {
  it('scales contract decimals to exact millionths, NULL when they do not fit', () => {
    const sqlite = db();
    const scaled = (v: string) => sqlite.prepare(`SELECT ${scaledSql('x')} FROM (SELECT ? AS x)`).pluck().safeIntegers(true).get(v) as bigint | null;
    expect(scaled('12.5')).toBe(12_500_000n);
    expect(scaled('-0.05')).toBe(-50_000n);
    expect(scaled('-7')).toBe(-7_000_000n);
    expect(scaled('0.000001')).toBe(1n);
    expect(scaled('999999999999.999999')).toBe(999_999_999_999_999_999n);
    expect(scaled('0.0000001')).toBeNull();
    expect(scaled('1000000000000')).toBeNull();
  });
});

describe('groupedSums', () => {
  it('sums exactly per group, falling back to decimal text for values that do not fit', () => {
    const sqlite = db();
    const values: [string, string][] = [
      ['a', '0.1'], ['a', '0.2'], ['a', '-0.3'], ['a', '0.0000001'],
      ['b', '123456789012345.5'], ['b', '1.25'],
      ['c', '-2'],
    ];
    const insert = sqlite.prepare('INSERT INTO t VALUES (?, ?)');
    for (const [g, v] of values) insert.run(g, v);
    const sums = groupedSums(sqlite, 'FROM t WHERE 1', ['g'], [moneyColumn('v')]);
    const byGroup = Object.fromEntries(sums.map((s) => [String(s.key[0]), { rows: s.rows, sum: s.sums[0]!.toFixed() }] as const));
    expect(byGroup).toEqual({
      a: { rows: 4, sum: '0.0000001' },
      b: { rows: 2, sum: '123456789012346.75' },
      c: { rows: 1, sum: '-2' },
    });
    const none = groupedSums(sqlite, "FROM t WHERE g = 'zzz'", [], [moneyColumn('v')]);
    expect(none).toEqual([{ key: [], rows: 0, sums: [new Decimal(0)] }]);
  });

  it('survives integer overflow by summing the text', () => {
    const sqlite = db();
    const insert = sqlite.prepare('INSERT INTO t VALUES (?, ?)');
    for (let k = 0; k < 20; k++) insert.run('x', '999999999999.5');
    const [sum] = groupedSums(sqlite, 'FROM t WHERE 1', ['g'], [moneyColumn('v')]);
    expect(sum?.sums[0]?.equals(dec('999999999999.5').times(20))).toBe(true);
    expect(sum?.rows).toBe(20);
  });
});
