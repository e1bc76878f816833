/**
 * How often a bill run reads what detection needs (issue 18): the period's time entries once for
 * rating and detection together, and duplicate_usage's copies with one statement per pair that has
 * them, not one per group of copies (560,000 statements on a 10M-row month). Counted by wrapping
 * every statement the connection prepares, on a real book through billPeriod.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countExecutions, matching, restorePrepare } from '../../__tests__/statement-counts';
import { billPeriod } from '../../commands/rate-period';
import { agreement, ctx, TestBook, type UsageInput } from './helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => {
  restorePrepare();
  book.close();
});

describe('what a bill run reads for detection', () => {
  it('reads the time entries once, and one statement finds the copies of a pair with 30 groups', async () => {
    await book.agreements(
      agreement({
        agreement_id: 'AG-F',
        account_id: 'FAB',
        charges: [
          { type: 'usage', metric: 'sms', model: 'per_unit', unit_price: '0.01' },
          { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' },
          { type: 'hours', kind: 'professional_services', rate: '150.00' },
        ],
      }),
    );
    const rows: UsageInput[] = [];
    for (let i = 0; i < 30; i++) {
      const ts = `2026-10-0${1 + (i % 9)}T${String(i % 24).padStart(2, '0')}:00:00Z`;
      rows.push({ account: 'FAB', metric: 'sms', ts, quantity: `${i + 1}` }, { account: 'FAB', metric: 'sms', ts, quantity: `${i + 1}` });
      rows.push({ account: 'FAB', metric: 'api_calls', ts, quantity: `${i + 1}` });
    }
    await book.usage(rows);
    await book.hours([
      { account: 'FAB', person: 'Ana', date: '2026-10-05', hours: '3' },
      { account: 'FAB', person: 'Ana', date: '2026-10-05', hours: '3' },
      { account: 'FAB', person: 'Bo', date: '2026-10-06', hours: '13' },
    ]);

    const counts = countExecutions(() => billPeriod(book.sqlite, '2026-10', ctx()));

    expect(matching(counts, /FROM time_entries WHERE date >= \? AND date <= \? ORDER BY date, id/)).toBe(1);
    // the groups' rows (the statement that ran once per group before); the totals count each pair's groups once, as before
    expect(matching(counts, /HAVING count\(\*\) > 1\) k\s+CROSS JOIN usage_records r/)).toBe(1);
    // and no statement on the usage records runs once per group (30) or per copy (60)
    expect(Math.max(...[...counts].filter(([sql]) => /usage_records|usage_rows/.test(sql)).map(([, n]) => n))).toBeLessThan(30);
    // and what they found is whole: 30 groups of two, the two hours copies, the 13-hour day
    const found = book.anomalies('2026-10');
    const usage = found.find((a) => a.rule === 'duplicate_usage');
    expect(usage?.details).toMatchObject({ groups: 30, records: 60, extra_records: 30, extra_quantity: '465' });
    expect(found.filter((a) => a.rule === 'duplicate_hours')).toHaveLength(1);
    expect(found.filter((a) => a.rule === 'excessive_hours')).toHaveLength(1);
    expect(book.sqlite.prepare("SELECT count(*) FROM line_sources WHERE source_kind = 'hours'").pluck().get()).toBe(3);
  });
});
