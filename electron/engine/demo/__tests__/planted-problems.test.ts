/**
 * Exactly the planted problems in the demo book (checked with the reference
 * reading of anomalies.md, so an accidental anomaly elsewhere fails a test),
 * for several seeds and row budgets, up to a million rows.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isIsoCurrency } from '../../../../shared/currencies';
import { type Agreement } from '../../../../shared/domain';
import { Decimal } from '../../../../shared/money';
import { DEMO_PROBLEMS, generateDemo } from '../generate-demo';
import { generatedDemoBook } from './demo-files';
import { Book, expectedFindings, planted } from './reference-reading';

const demo = generatedDemoBook();

describe('planted problems (the rest of the book is clean)', () => {
  let book: Book;
  beforeAll(() => {
    book = new Book(demo.main);
  });

  it('lists about 15 anomalies plus the rejects and the formula text', () => {
    expect(DEMO_PROBLEMS.filter((p) => p.kind === 'anomaly').length).toBeGreaterThanOrEqual(14);
    expect(DEMO_PROBLEMS.filter((p) => p.kind === 'anomaly').length).toBeLessThanOrEqual(18);
    expect(DEMO_PROBLEMS.filter((p) => p.kind === 'reject')).toHaveLength(5);
    for (const p of DEMO_PROBLEMS) expect(p.description.length).toBeGreaterThan(10);
  });

  it('usage_spike and usage_drop in 2026-10: only the planted ones (and the side effects of the gap and the MB reading)', () => {
    expect(book.spikesAndDrops('2026-10')).toEqual(expectedFindings().filter((f) => f.startsWith('usage_spike') || f.startsWith('usage_drop')));
    // Earlier months never drop (they may only show the ramp-up of agreements that started inside the window).
    for (const period of ['2026-07', '2026-08', '2026-09']) expect(book.spikesAndDrops(period).filter((f) => f.startsWith('usage_drop'))).toEqual([]);
  });

  it('missing_usage, unbilled_usage, usage_after_end: only the planted ones; nothing before an agreement starts', () => {
    expect(book.missingUsage('2026-10')).toEqual(expectedFindings().filter((f) => f.startsWith('missing_usage')));
    expect(book.unbilledUsage()).toEqual(expectedFindings().filter((f) => f.startsWith('unbilled_usage')));
    expect(book.usageAfterEnd()).toEqual(expectedFindings().filter((f) => f.startsWith('usage_after_end')));
    expect(book.usageBeforeStart()).toEqual([]);
  });

  it('duplicate_usage and unit_mismatch: exactly the planted pair (two event ids) and the MB reading', () => {
    expect(book.duplicateUsage()).toEqual(expectedFindings().filter((f) => f.startsWith('duplicate_usage')));
    expect(book.unitMismatch('2026-10')).toEqual(expectedFindings().filter((f) => f.startsWith('unit_mismatch')));
  });

  it('duplicate_hours, excessive_hours, rate_mismatch, unbilled_hours: only the planted ones', () => {
    const only = (rule: string) => expectedFindings().filter((f) => f.startsWith(`${rule}|`));
    expect(book.duplicateHours()).toEqual(only('duplicate_hours'));
    expect(book.excessiveHours()).toEqual(only('excessive_hours'));
    expect(book.rateMismatches()).toEqual(only('rate_mismatch'));
    expect(book.unbilledHours()).toEqual(only('unbilled_hours'));
    const billable = book.hours.filter((h) => h.billable);
    expect(billable.filter((h) => h.rate).length / billable.length).toBeGreaterThan(0.8);
  });

  it('agreement problems: discount over 25 %, incomplete agreements, overlapping agreements in 2026-10', () => {
    const { agreements } = book;
    expect(agreements.filter((a) => new Decimal(a.discount_percent).gt(25)).map((a) => a.account_id)).toEqual(planted('discount_over_limit').map((p) => p.account));
    const incomplete = agreements.filter((a) => !a.po_number || !a.bill_to || !a.owner || !isIsoCurrency(a.currency)).map((a) => a.account_id);
    expect(incomplete.sort()).toEqual(planted('agreement_incomplete').map((p) => p.account).sort());
    const overlapping = new Set<string>();
    const active = agreements.filter((a) => book.activeIn(a, '2026-10'));
    const items = (x: Agreement) => new Set(x.charges.flatMap((c) => (c.type === 'usage' ? [c.metric] : c.type === 'hours' ? [`hours:${c.kind}`] : [])));
    for (const a of active) {
      for (const b of active) {
        if (a.agreement_id >= b.agreement_id || a.account_id !== b.account_id) continue;
        if ([...items(a)].some((i) => items(b).has(i))) overlapping.add(a.account_id);
      }
    }
    expect([...overlapping]).toEqual(planted('overlapping_agreements').map((p) => p.account));
  });

  it.each([1, 7, 2024, 99_999])('seed %i (20,000 rows): the same findings, nothing else', async (seed) => {
    const r = await generateDemo({ outDir: join(demo.dir, `seed-${seed}`), seed, rows: 20_000 });
    expect(new Book(r).findings()).toEqual(expectedFindings());
    rmSync(join(demo.dir, `seed-${seed}`), { recursive: true, force: true });
  });
});

describe('scale', () => {
  // How long it takes is the bench's business (npm run bench generates the same size).
  it('generates exactly 1,000,000 usage rows when asked for them', async () => {
    const r = await generateDemo({ outDir: join(demo.dir, 'big'), rows: 1_000_000 });
    expect(r.usageRows).toBe(1_000_000);
    rmSync(join(demo.dir, 'big'), { recursive: true, force: true });
  });

  it('still plants every problem, and nothing else, with a small row budget', async () => {
    const r = await generateDemo({ outDir: join(demo.dir, 'small'), rows: 5_000, seed: 3 });
    expect(new Book(r).findings()).toEqual(expectedFindings());
  });
});
