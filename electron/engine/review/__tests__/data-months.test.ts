/**
 * app.status's months (data-months.ts: usage months recorded per import, hours months by a
 * skip-scan) must be exactly the months the DISTINCT substr() query over the rows lists: with gaps
 * between months, records at the last second of a month and the first of the next, time entries in
 * a month without usage, a file whose rows were all duplicates, and after an import is
 * undone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctx, TestBook } from '../../anomalies/__tests__/helpers';
import { undoImport } from '../../import/undo-import';
import { monthsWithData } from '../data-months';
import { appStatus } from '../status';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

/** The query app.status ran before the skip-scan. */
function monthsByDistinct(): string[] {
  return book.sqlite
    .prepare(
      `SELECT period FROM (
         SELECT DISTINCT substr(ts, 1, 7) AS period FROM usage_records
         UNION SELECT DISTINCT substr(date, 1, 7) FROM time_entries
         UNION SELECT DISTINCT substr(day, 1, 7) FROM usage_rollups
         UNION SELECT DISTINCT period FROM invoices)
       ORDER BY period DESC`,
    )
    .pluck()
    .all() as string[];
}

describe('the months that have data', () => {
  it('are the months of the DISTINCT query, also at month boundaries and after an undo', async () => {
    expect(monthsWithData(book.sqlite)).toEqual([]);
    const usage = (account: string, ts: string) => ({ account, metric: 'api_calls', ts, quantity: '1' });
    await book.usage([usage('A', '2025-12-31T23:59:59Z'), usage('A', '2026-10-31T23:59:59Z'), usage('B', '2026-11-01T00:00:00Z'), usage('B', '2026-07-15T12:00:00Z')]);
    const late = await book.usage([usage('C', '2026-09-01T00:00:00Z'), usage('C', '2026-05-31T23:59:59.999Z'), usage('A', '2026-10-01T00:00:00Z')]);
    await book.hours([{ account: 'A', person: 'P', date: '2026-03-31', hours: '1.5' }]);
    await book.usage([{ ...usage('A', '2026-10-15T00:00:00Z'), id: 'once' }]);
    // Stores nothing: a duplicate of a stored record (its event id), dated in another month.
    const nothing = await book.usage([{ ...usage('A', '2026-01-05T00:00:00Z'), id: 'once' }]);
    expect(book.sqlite.prepare('SELECT imported, duplicates, periods FROM import_batches WHERE id = ?').get(nothing)).toEqual({ imported: 0, duplicates: 1, periods: '[]' });

    expect(monthsWithData(book.sqlite)).toEqual(['2026-11', '2026-10', '2026-09', '2026-07', '2026-05', '2026-03', '2025-12']);
    expect(monthsWithData(book.sqlite)).toEqual(monthsByDistinct());

    undoImport(book.sqlite, late, ctx());
    expect(monthsWithData(book.sqlite)).toEqual(['2026-11', '2026-10', '2026-07', '2026-03', '2025-12']);
    expect(appStatus(book.sqlite, 'book.db', 'r', 'r').periods).toEqual(monthsByDistinct());
  });
});
