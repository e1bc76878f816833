/**
 * The stored instant (`at`, integer milliseconds) and the canonical timestamp convert exactly both
 * ways, in JavaScript and in the SQL the view and the queries use, for any instant the import accepts.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTimestamp } from '../../shared/period';
import { DAY_MS, atOfTs, atSql, daySql, tsOfAt } from './usage-time';

const sqlite = new Database(':memory:');
/** The expression of the usage_records view (migration 0015). */
const viewTs = sqlite.prepare("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', ? / 1000.0, 'unixepoch')").pluck();
const sqlAt = sqlite.prepare(`SELECT ${atSql('@ts')}`).pluck();
/** A bound JavaScript number is a REAL to SQLite; the column holds INTEGERs, so the test binds a BigInt. */
const sqlDay = sqlite.prepare(`SELECT ${daySql('@at')}`).pluck();

/** From 0000-01-01 to 9999-12-31, every millisecond equally likely. */
const instants = fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 });

describe('usage time', () => {
  it('round-trips every instant through the canonical string, in JavaScript and in SQL', () => {
    fc.assert(
      fc.property(instants, (at) => {
        const ts = tsOfAt(at);
        expect(normalizeTimestamp(ts)).toBe(ts);
        expect(atOfTs(ts)).toBe(at);
        expect(viewTs.get(at)).toBe(ts);
        expect(sqlAt.get({ ts })).toBe(at);
        // The day number starts the instant's own UTC day, before 1970 as after.
        expect(tsOfAt((sqlDay.get({ at: BigInt(at) }) as number) * DAY_MS)).toBe(`${ts.slice(0, 10)}T00:00:00.000Z`);
      }),
      { numRuns: 5_000 },
    );
  });

  it('holds at the edges: the epoch, a millisecond either side, the first and last instants, years below 100', () => {
    for (const ts of ['1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.001Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '0099-10-01T12:00:00.500Z', '2026-10-31T23:59:59.999Z']) {
      const at = atOfTs(ts);
      expect(tsOfAt(at)).toBe(ts);
      expect(viewTs.get(at)).toBe(ts);
      expect(sqlAt.get({ ts })).toBe(at);
      expect(tsOfAt((sqlDay.get({ at: BigInt(at) }) as number) * DAY_MS)).toBe(`${ts.slice(0, 10)}T00:00:00.000Z`);
    }
  });

  it('reads a date as its midnight UTC, in both', () => {
    expect(atOfTs('2026-10-01')).toBe(Date.UTC(2026, 9, 1));
    expect(sqlAt.get({ ts: '2026-10-01' })).toBe(Date.UTC(2026, 9, 1));
  });

  it('reads any string of the canonical shape exactly as Date.parse does, odd fields included', () => {
    const two = fc.constantFrom('00', '09', '12', '23', '24', '29', '30', '31', '59', '60', '99', '1x', '-1');
    const shaped = fc
      .tuple(fc.constantFrom('0000', '0099', '1969', '1970', '2024', '2026', '9999', '20a6'), two, two, two, two, two, fc.constantFrom('000', '001', '500', '999', '9x9'))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(
      fc.property(shaped, (ts) => {
        const parsed = Date.parse(ts);
        if (Number.isInteger(parsed)) expect(atOfTs(ts)).toBe(parsed);
        else expect(() => atOfTs(ts)).toThrow(/not a timestamp/);
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses what is not a timestamp instead of storing a wrong instant', () => {
    expect(() => atOfTs('2026-13-01T00:00:00.000Z')).toThrow(/not a timestamp/);
    expect(() => atOfTs('')).toThrow(/not a timestamp/);
  });
});
