/**
 * The whole rule set on a generated book: a clean book raises nothing in any
 * month; the same book with one planted problem per rule raises exactly those
 * problems in the last month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../rules';
import { BOOK_PERIODS, generateBook, INJECTED, LAST } from './generated-book';
import { TestBook } from './helpers';

async function load(inject: boolean): Promise<TestBook> {
  const book = new TestBook();
  const data = generateBook({ inject });
  await book.agreements(...data.agreements);
  await book.usage(data.usage);
  await book.hours(data.hours);
  book.rate(...BOOK_PERIODS);
  return book;
}

describe('a clean generated book', () => {
  let book: TestBook;
  beforeAll(async () => {
    book = await load(false);
  });
  afterAll(() => book.close());

  it('raises no anomaly in any month', () => {
    for (const period of BOOK_PERIODS) {
      const result = book.detect(period);
      expect({ period, found: book.anomalies(period).map((a) => a.message) }).toEqual({ period, found: [] });
      expect(result.found).toBe(0);
    }
  });
});

describe('the generated book with one problem planted per rule', () => {
  let book: TestBook;
  beforeAll(async () => {
    book = await load(true);
    book.detect(LAST);
  });
  afterAll(() => book.close());

  it('plants a problem for every rule of the registry', () => {
    expect(Object.keys(INJECTED).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('finds each planted problem, and nothing else', () => {
    const found = book.anomalies(LAST).map((a) => `${a.rule}:${a.account_id ?? a.person}`).sort();
    const expected = Object.entries(INJECTED)
      .map(([rule, account]) => `${rule}:${account ?? 'Lena Fischer'}`)
      .sort();
    expect(found).toEqual(expected);
  });

  it('links invoice-level findings to the invoice, so the invoice JSON carries them', () => {
    const byRule = new Map(book.anomalies(LAST).map((a) => [a.rule, a]));
    for (const rule of ['total_jump', 'zero_total', 'negative_total', 'discount_over_limit', 'agreement_incomplete', 'rate_mismatch', 'missing_usage']) {
      expect(byRule.get(rule)?.invoice_id, rule).toMatch(/@2026-10$/);
    }
    expect(byRule.get('overlapping_agreements')?.agreement_id).toBe('AG-ACC13-ADDON');
    expect(byRule.get('excessive_hours')).toMatchObject({ account_id: null, invoice_id: null, person: 'Lena Fischer' });
    expect(byRule.get('unbilled_usage')).toMatchObject({ account_id: 'TRIAL01', agreement_id: null, invoice_id: null });
  });
});
