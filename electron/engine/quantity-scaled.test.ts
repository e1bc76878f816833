/**
 * scaledQuantity (JavaScript) equals SQLite's usage_rows.quantity_scaled for every quantity the import
 * accepts: the usage totals an import keeps (import/usage-figures.ts) are added up from the first,
 * the totals rating computes (rating/period-totals.ts) from the second, and they must never differ.
 * The second is read from a real book's table, so a change of db/schema.ts's expression fails here.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { QUANTITY_SCALE } from '../../db/schema';
import { DECIMAL_PATTERN } from '../../shared/money';
import { scaledQuantity } from './quantity-scaled';

const dir = mkdtempSync(join(tmpdir(), 'billing-scaled-'));
const opened = openDatabase(join(dir, 'book.db'));
const sqlite = opened.sqlite;
afterAll(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

const batch = Number(sqlite.prepare("INSERT INTO import_batches (file_name, file_size, sha256, kind, imported_by) VALUES ('q.csv', 1, 'x', 'usage', 'test')").run().lastInsertRowid);
const series = Number(sqlite.prepare("INSERT INTO usage_series (account_id, metric) VALUES ('A', 'm')").run().lastInsertRowid);
const insert = sqlite.prepare('INSERT INTO usage_rows (batch_id, line, series_id, quantity, at) VALUES (?, 1, ?, ?, 0)');
const scaledOf = sqlite.prepare('SELECT quantity_scaled FROM usage_rows WHERE id = ?').pluck().safeIntegers(true);

/** As a bigint: the Number form must be the same integer. */
const scaledJs = (q: string) => {
  const v = scaledQuantity(q);
  if (typeof v === 'number') expect(Number.isSafeInteger(v)).toBe(true);
  return v === null ? null : BigInt(v);
};

/** SQLite's generated column for `quantity`, through a real row of a migrated book (rolled back). */
function sqliteScaled(quantity: string): bigint | null {
  sqlite.exec('SAVEPOINT q');
  try {
    return scaledOf.get(insert.run(batch, series, quantity).lastInsertRowid) as bigint | null;
  } finally {
    sqlite.exec('ROLLBACK TO q');
    sqlite.exec('RELEASE q');
  }
}

/** Contract decimals as the import stores them: up to 18 integer digits (leading zeros besides) and 12 decimals. */
const digits = (min: number, max: number) =>
  fc.integer({ min, max }).chain((n) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join('')));
/** Every length equally likely (a regex arbitrary favours short strings, and the edges are at 12 and 6 digits). */
const quantities = fc
  .tuple(digits(1, 20), fc.option(digits(1, 14), { nil: undefined }))
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));

describe('scaledQuantity', () => {
  it('is in millionths', () => {
    expect(QUANTITY_SCALE).toBe(6);
  });

  it("equals SQLite's quantity_scaled on random quantities", () => {
    fc.assert(
      fc.property(quantities, (q) => {
        expect(DECIMAL_PATTERN.test(q)).toBe(true);
        expect(scaledJs(q)).toBe(sqliteScaled(q));
      }),
      { numRuns: 3_000 },
    );
  });

  it("equals SQLite's quantity_scaled at the edges of its 12 digits and 6 decimals", () => {
    const edges = [
      '0', '1', '007', '0.5', '00.000001', '0.0000001', '1.000000', '1.0000000', '12.345678', '12.3456789',
      '999999999999', '1000000000000', '000000000001', '0000000000001', '999999999999.999999', '999999999999.9999990',
      '9999999999999.5', '123456789012.1', '1234567890123.1', '0000000000000.5', '000000000000.5', '5.', '18446744073709551616',
      '999999999999999999', '-1.5', '-0.5', '999999999', '1000000000', '999999999.999999', '1000000000.5', '0999999999.5',
    ];
    for (const q of edges) expect([q, scaledJs(q)]).toEqual([q, sqliteScaled(q)]);
  });
});
