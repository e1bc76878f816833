/**
 * The dashboard's unbilled usage count from spans and period totals (unbilled-usage-count.ts) must
 * equal the count of sources.unbilled's NOT EXISTS query: an account no agreement prices, an
 * agreement starting mid-month, records imported after the period was rated, records of a day a
 * rollup bills, a record excluded from billing, and after the late import is undone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { excludeRow } from '../../controls/corrections';
import { agreement, ctx, TestBook } from '../../anomalies/__tests__/helpers';
import { importFiles } from '../../import/import-files';
import { undoImport } from '../../import/undo-import';
import { unbilledCounts } from '../dashboard';
import { unbilledSources } from '../provenance';
import { unbilledUsageCount } from '../unbilled-usage-count';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const PERIOD = '2026-10';
const perUnit = [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }];
const two = (n: number) => String(n).padStart(2, '0');
const daily = (account: string, days: number[], hour = '12') => days.map((d) => ({ account, metric: 'api_calls', ts: `${PERIOD}-${two(d)}T${hour}:00:00Z`, quantity: '2.5' }));
const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** What sources.unbilled counts, the query the dashboard used before. */
const byNotExists = () => unbilledSources(book.sqlite, PERIOD, 'usage', 0, 1).total;

describe('the unbilled usage count', () => {
  it('equals the NOT EXISTS count', async () => {
    await book.agreements(
      agreement({ agreement_id: 'AG-A', account_id: 'A', charges: perUnit }),
      agreement({ agreement_id: 'AG-M', account_id: 'M', start_date: '2026-10-15', charges: perUnit }),
    );
    await book.usage([
      ...daily('A', days(1, 31)),
      ...daily('M', days(1, 31)),
      ...daily('U', days(1, 10)),
      // the period's first and last instants, and the next period's first
      { account: 'A', metric: 'api_calls', ts: '2026-10-01T00:00:00Z', quantity: '1' },
      { account: 'M', metric: 'api_calls', ts: '2026-10-31T23:59:59Z', quantity: '1' },
      { account: 'U', metric: 'api_calls', ts: '2026-11-01T00:00:00Z', quantity: '1' },
    ]);
    const rollups = join(book.dir, 'rollup.csv');
    writeFileSync(rollups, 'account_id,metric,day,sum,count,max,last_ts,last_quantity,source\nA,api_calls,2026-10-05,500,5,200,2026-10-05T23:00:00Z,100,warehouse\n');
    await importFiles(book.sqlite, { files: [{ path: rollups }] }, ctx());
    expect(unbilledUsageCount(book.sqlite, PERIOD)).toBe(byNotExists());

    book.rate(PERIOD);
    // U unpriced (10), M before its start (14), A's rollup day (1): 25 records.
    expect(byNotExists()).toBe(25);
    expect(unbilledUsageCount(book.sqlite, PERIOD)).toBe(25);

    const excluded = book.sqlite.prepare("SELECT id FROM usage_records WHERE account_id = 'A' ORDER BY id LIMIT 1").pluck().get() as number;
    excludeRow(book.sqlite, 'usage', excluded, 'test', 'tester');
    book.rate(PERIOD);
    expect(unbilledUsageCount(book.sqlite, PERIOD)).toBe(byNotExists());

    const late = await book.usage([...daily('A', [3, 20], '18'), ...daily('M', [2, 16], '18'), ...daily('U', [4], '18')]);
    expect(byNotExists()).toBe(30);
    expect(unbilledUsageCount(book.sqlite, PERIOD)).toBe(30);
    expect(unbilledCounts(book.sqlite, PERIOD).usage_records).toBe(30);

    undoImport(book.sqlite, late, ctx());
    expect(unbilledUsageCount(book.sqlite, PERIOD)).toBe(byNotExists());
    expect(byNotExists()).toBe(25);
  });
});
