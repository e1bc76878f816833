/**
 * How a bill run writes its lines (issue 18): invoice_lines has a trigger, so SQLite journals every
 * statement on it, and a line-by-line write inside a bill run's transaction rewrote its pages to the
 * journal file for each line. Lines are staged and written by one statement, and so are the time
 * entries behind them; these tests pin that, and that the rows written are the ones a line-by-line
 * write gave: ids in rating order, every line's entries, nothing left staged after a failure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countExecutions, matching, restorePrepare } from '../../__tests__/statement-counts';
import { agreement, ctx, TestBook, type HoursInput, type UsageInput } from '../../anomalies/__tests__/helpers';
import { failOn, tableChecksums } from '../../commands/__tests__/helpers';
import { billPeriod } from '../../commands/rate-period';

let book: TestBook;
beforeEach(async () => {
  book = new TestBook();
  const charges = [
    { type: 'recurring', code: 'platform', description: 'Platform', amount: '100.00' },
    { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' },
    { type: 'usage', metric: 'sms', model: 'per_unit', unit_price: '0.05' },
    { type: 'hours', kind: 'professional_services', rate: '150.00' },
    // 2 h included: 1.5 h of support is billed at zero, its entries still named (covered hours)
    { type: 'hours', kind: 'support', rate: '90.00', included_hours: '2' },
  ];
  await book.agreements(
    agreement({ agreement_id: 'AG-A', account_id: 'ALPHA', charges }),
    agreement({ agreement_id: 'AG-B', account_id: 'BETA', charges }),
    agreement({ agreement_id: 'AG-C', account_id: 'GAMMA', charges: charges.slice(0, 1) }),
  );
  const usage: UsageInput[] = [];
  const hours: HoursInput[] = [];
  for (const account of ['ALPHA', 'BETA']) {
    for (let day = 1; day <= 9; day++) {
      usage.push({ account, metric: 'api_calls', ts: `2026-10-0${day}T10:00:00Z`, quantity: `${day * 100}` });
      usage.push({ account, metric: 'sms', ts: `2026-10-0${day}T11:00:00Z`, quantity: `${day}` });
      hours.push({ account, person: 'Ana', date: `2026-10-0${day}`, hours: '2.5' });
    }
    hours.push({ account, person: 'Bo', date: '2026-10-12', kind: 'support', hours: '1.5' });
  }
  await book.usage(usage);
  await book.hours(hours);
});
afterEach(() => {
  restorePrepare();
  book.close();
});

type Line = { id: number; invoice_id: string; position: number; code: string; quantity: string; amount: string };
const lines = () => book.sqlite.prepare('SELECT id, invoice_id, position, code, quantity, amount FROM invoice_lines ORDER BY id').all() as Line[];
const entriesOf = (invoiceId: string, chargePosition: number) =>
  book.sqlite
    .prepare("SELECT source_id FROM line_sources WHERE invoice_id = ? AND charge_position = ? AND source_kind = 'hours' ORDER BY source_id")
    .pluck()
    .all(invoiceId, chargePosition) as number[];
const entryIds = (account: string, kind: string) =>
  book.sqlite.prepare('SELECT id FROM time_entries WHERE account_id = ? AND kind = ? ORDER BY id').pluck().all(account, kind) as number[];

describe('what a bill run writes', () => {
  it('writes the lines with one statement and the time entries behind them with another, in rating order', () => {
    const counts = countExecutions(() => billPeriod(book.sqlite, '2026-10', ctx()));
    const written = lines();
    expect(written).toHaveLength(9);
    expect(matching(counts, /^\s*INSERT INTO invoice_lines/)).toBe(1);
    expect(matching(counts, /INSERT INTO temp\.rating_lines/)).toBe(9);
    expect(matching(counts, /INTO line_sources/)).toBe(1);

    // Invoices in agreement order, each one's lines in position order, ids consecutive: as written line by line.
    expect(written.map((l) => `${l.invoice_id} ${l.position} ${l.code} ${l.quantity} ${l.amount}`)).toEqual([
      'AG-A@2026-10 0 platform 1 100.00',
      'AG-A@2026-10 1 api_calls 4500 45.00',
      'AG-A@2026-10 2 sms 45 2.25',
      'AG-A@2026-10 3 professional_services 22.5 3375.00',
      'AG-B@2026-10 0 platform 1 100.00',
      'AG-B@2026-10 1 api_calls 4500 45.00',
      'AG-B@2026-10 2 sms 45 2.25',
      'AG-B@2026-10 3 professional_services 22.5 3375.00',
      'AG-C@2026-10 0 platform 1 100.00',
    ]);
    expect(written.map((l) => l.id - written[0]!.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);

    // Each hours line names its entries, and the support entries covered by the allowance are named too.
    for (const [invoice, account] of [['AG-A@2026-10', 'ALPHA'], ['AG-B@2026-10', 'BETA']] as const) {
      expect(entriesOf(invoice, 3)).toEqual(entryIds(account, 'professional_services'));
      expect(entriesOf(invoice, 4)).toEqual(entryIds(account, 'support'));
    }
    expect(book.sqlite.prepare('SELECT count(*) FROM temp.rating_lines').pluck().get()).toBe(0);
  });

  it('a re-rate that fails writing its lines leaves the book as it was and nothing staged', () => {
    billPeriod(book.sqlite, '2026-10', ctx());
    const before = tableChecksums(book.sqlite);
    const release = failOn(book.sqlite, 'INSERT', 'invoice_lines');
    expect(() => billPeriod(book.sqlite, '2026-10', ctx())).toThrow(/injected failure/);
    release();
    expect(book.sqlite.inTransaction).toBe(false);
    expect(tableChecksums(book.sqlite)).toEqual(before);
    expect(book.sqlite.prepare('SELECT count(*) FROM temp.rating_lines').pluck().get()).toBe(0);

    billPeriod(book.sqlite, '2026-10', ctx());
    expect(lines().map((l) => l.code)).toEqual(['platform', 'api_calls', 'sms', 'professional_services', 'platform', 'api_calls', 'sms', 'professional_services', 'platform']);
  });
});
