/**
 * A finding's source rows stored as usage ranges (anomaly_source_ranges), not
 * as the first 1,000 ids: anomalies.sources pages and sorts over every row,
 * the CSV holds them all (formula-safe), and an invoice line's rows say which
 * of them a finding points at.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lineSourceRows, lineSourcesCsv } from '../../review/line-sources';
import { anomalySources, anomalySourcesCsv, anomalySourcesCsvLines } from '../sources';
import { agreement, TestBook, type UsageInput } from './helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const HOSTILE = "=cmd|' /C calc'!A0";
const api = { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' };

/** 2,500 records of an account no agreement covers, one each 15 minutes from Oct 1st; quantities 1…2500, one with a hostile event id. */
function unbilledFeed(): UsageInput[] {
  return Array.from({ length: 2500 }, (_, i) => ({
    account: 'GLOBEX',
    metric: 'api_calls',
    ts: new Date(Date.UTC(2026, 9, 1) + i * 15 * 60_000).toISOString(),
    quantity: String(i + 1),
    id: i === 1234 ? HOSTILE : `g${i}`,
  }));
}

describe('source ranges', () => {
  it('stores an unbilled feed as one range and pages and sorts over all of its rows', async () => {
    await book.usage(unbilledFeed());
    const [finding] = book.rateAndDetect('2026-10').filter((a) => a.rule === 'unbilled_usage');
    const id = finding!.anomaly_id;
    const count = (sql: string) => book.sqlite.prepare(sql).pluck().get(id) as number;
    expect(count('SELECT count(*) FROM anomaly_source_ranges WHERE anomaly_id = ?')).toBe(1);
    expect(count("SELECT count(*) FROM anomaly_sources WHERE anomaly_id = ? AND source_kind = 'usage'")).toBe(0);
    expect(count('SELECT records FROM anomaly_source_ranges WHERE anomaly_id = ?')).toBe(2500);

    // Every row once, across pages past the old 1,000 cap, in time order.
    const pages = [0, 1000, 2000].map((offset) => anomalySources(book.sqlite, id, offset, 1000));
    expect(pages.map((p) => [p.total, p.found, p.rows.length])).toEqual([
      [2500, 2500, 1000],
      [2500, 2500, 1000],
      [2500, 2500, 500],
    ]);
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toEqual(book.sqlite.prepare("SELECT id FROM usage_records WHERE account_id = 'GLOBEX' ORDER BY ts").pluck().all());

    // Sorted by value over all rows (not text: 2500 before 999), descending, and paged in that order.
    const byQuantity = anomalySources(book.sqlite, id, 0, 3, { sort: 'quantity', desc: true });
    expect(byQuantity.rows.map((r) => r.quantity)).toEqual(['2500', '2499', '2498']);
    expect(anomalySources(book.sqlite, id, 2497, 10, { sort: 'quantity', desc: true }).rows.map((r) => r.quantity)).toEqual(['3', '2', '1']);
    expect(anomalySources(book.sqlite, id, 0, 1, { sort: 'external_id' }).rows[0]!.external_id).toBe(HOSTILE);

    // Detected again: the range is replaced, not added to.
    book.detect('2026-10');
    expect(count('SELECT count(*) FROM anomaly_source_ranges WHERE anomaly_id = ?')).toBe(1);
  });

  it('exports every row as CSV with a formula-looking cell neutralised', async () => {
    await book.usage(unbilledFeed());
    const [finding] = book.rateAndDetect('2026-10').filter((a) => a.rule === 'unbilled_usage');
    const csv = anomalySourcesCsv(book.sqlite, finding!.anomaly_id, { sort: 'quantity', desc: true });
    expect([csv.rows, csv.total]).toEqual([2500, 2500]);
    const lines = csv.csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('kind,id,file,line,account_id,item,quantity,when,external_id,person');
    expect(lines).toHaveLength(2501);
    expect(lines[1]).toContain(',2500,');
    expect(csv.csv).toContain(`,'${HOSTILE},`);
    expect(csv.csv).not.toMatch(/(^|,)=cmd/m);
    // The CLI's stream gives the same text.
    expect([...anomalySourcesCsvLines(book.sqlite, finding!.anomaly_id, { sort: 'quantity', desc: true })].join('')).toBe(csv.csv);
  });

  it("flags the rows a unit_mismatch finding points at among its line's rows, sorts them first, and exports the flag", async () => {
    await book.agreements(agreement({ agreement_id: 'AG-N', account_id: 'NORTH', charges: [api] }));
    const usage: UsageInput[] = [];
    for (const period of ['2026-08', '2026-09', '2026-10']) {
      for (let day = 1; day <= 9; day++) usage.push({ account: 'NORTH', metric: 'api_calls', ts: `${period}-0${day}T08:00:00Z`, quantity: '10' });
    }
    usage.push({ account: 'NORTH', metric: 'api_calls', ts: '2026-10-20T08:00:00Z', quantity: '100000', id: HOSTILE });
    await book.usage(usage);
    const [mismatch] = book.rateAndDetect('2026-08', '2026-09', '2026-10').filter((a) => a.rule === 'unit_mismatch');
    expect(mismatch).toBeDefined();
    const range = book.sqlite.prepare('SELECT above_scaled, records FROM anomaly_source_ranges WHERE anomaly_id = ?').get(mismatch!.anomaly_id);
    expect(range).toEqual({ above_scaled: 5_000_000_000, records: 1 });

    const lineId = book.sqlite.prepare("SELECT id FROM invoice_lines WHERE invoice_id = 'AG-N@2026-10' AND kind = 'usage'").pluck().get() as number;
    const plain = lineSourceRows(book.sqlite, lineId, 0, 100);
    expect(plain.total).toBe(10);
    expect(plain.flagged).toBeUndefined();
    expect(plain.rows.every((r) => r.flagged === undefined)).toBe(true);

    const marked = lineSourceRows(book.sqlite, lineId, 0, 100, { anomalyId: mismatch!.anomaly_id });
    expect(marked.flagged).toBe(1);
    expect(marked.rows.filter((r) => r.flagged).map((r) => r.quantity)).toEqual(['100000']);
    expect(marked.rows.filter((r) => r.flagged === false)).toHaveLength(9);
    const first = lineSourceRows(book.sqlite, lineId, 0, 2, { anomalyId: mismatch!.anomaly_id, sort: 'flagged', desc: true });
    expect(first.rows.map((r) => [r.quantity, r.flagged])).toEqual([
      ['100000', true],
      ['10', false],
    ]);

    const csv = lineSourcesCsv(book.sqlite, lineId, { anomalyId: mismatch!.anomaly_id, sort: 'quantity', desc: true });
    const lines = csv.csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]!.endsWith(',flagged')).toBe(true);
    expect(lines[1]).toMatch(new RegExp(`,100000,.*,'${HOSTILE.replace(/[|()]/g, '\\$&')},,yes$`));
    expect(lines.slice(2).every((l) => l.endsWith(',no'))).toBe(true);
    expect(() => lineSourceRows(book.sqlite, lineId, 0, 10, { anomalyId: 'nope' })).toThrow('There is no anomaly nope.');
  });
});
