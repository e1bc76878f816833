import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UsageInput } from '../helpers';
import { agreement, TestBook } from '../helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

/** Daily readings of 100 over August to October, with one reading replaced. */
function readings(account: string, outlier: string, outlierDay = '2026-10-17'): UsageInput[] {
  const rows: UsageInput[] = [];
  for (const p of ['2026-08', '2026-09', '2026-10']) {
    for (let d = 1; d <= 28; d++) {
      const day = `${p}-${String(d).padStart(2, '0')}`;
      rows.push({ account, metric: 'storage_gb', ts: `${day}T02:00:00Z`, quantity: day === outlierDay ? outlier : '100' });
    }
  }
  return rows;
}

describe('unit_mismatch', () => {
  it('fires for a record above 500× the median record of the last 3 periods, not at exactly 500×', async () => {
    const storage = { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: '0' };
    await book.agreements(agreement({ agreement_id: 'AG-D', account_id: 'DEVRIES', charges: [storage] }), agreement({ agreement_id: 'AG-A', account_id: 'AT', charges: [storage] }));
    await book.usage([...readings('DEVRIES', '50000.000001'), ...readings('AT', '50000')]);
    const all = book.rateAndDetect('2026-10');
    const found = all.filter((a) => a.rule === 'unit_mismatch');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ account_id: 'DEVRIES', metric: 'storage_gb', agreement_id: 'AG-D', invoice_id: 'AG-D@2026-10', severity: 'warning' });
    expect(found[0]!.message).toBe(
      'A storage GB record of 50,000.000001 for DEVRIES on 2026-10-17 is 500.00000001× the median record of the last 3 months (100), typical of a unit mix-up.',
    );
    // The reading also lifts the period's max far above its average: that spike is the same problem, reported once.
    expect(all.filter((a) => a.rule === 'usage_spike').map((a) => a.account_id)).toEqual(['AT']);
  });

  it('takes the median over this period and the two before, and ignores a median of zero', async () => {
    const rows: UsageInput[] = [];
    // 3 small history readings, 2 large ones this period: the median (10) is from history.
    for (const [day, q] of [['2026-08-05', '10'], ['2026-09-05', '10'], ['2026-09-06', '10'], ['2026-10-05', '5001'], ['2026-10-06', '9']] as const) {
      rows.push({ account: 'MIX', metric: 'gb', ts: `${day}T00:00:00Z`, quantity: q });
    }
    for (const [day, q] of [['2026-09-05', '0'], ['2026-09-06', '0'], ['2026-10-05', '7']] as const) rows.push({ account: 'ZEROS', metric: 'gb', ts: `${day}T00:00:00Z`, quantity: q });
    await book.usage(rows);
    const found = book.rateAndDetect('2026-10').filter((a) => a.rule === 'unit_mismatch');
    expect(found.map((a) => [a.account_id, a.details.median, a.details.records])).toEqual([['MIX', '10', 1]]);
  });
});
