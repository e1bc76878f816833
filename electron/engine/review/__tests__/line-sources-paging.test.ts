/**
 * A line's source rows in time order are read span by span, each cut at the page's end
 * (line-sources.ts): the pages must be exactly those of the line's whole row list, also for a
 * line with several usage spans (days covered by rollups split its record ranges), rollup rows
 * among them and records sharing a timestamp, in both directions; the total is every row, and a
 * page asked for without it is the same page.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceRow } from '../../../../shared/api';
import { agreement, ctx, TestBook } from '../../anomalies/__tests__/helpers';
import { importFiles } from '../../import/import-files';
import { lineSourcePage, lineSourceRows, lineSourcesCsv } from '../line-sources';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const two = (n: number) => String(n).padStart(2, '0');

/** The whole list as the generic path sorts it (by id: no span is cut), put in time order here. */
function inTimeOrder(rows: SourceRow[], desc: boolean): SourceRow[] {
  const sign = desc ? -1 : 1;
  return [...rows].sort((a, b) => (a.when === b.when ? (a.source_kind === b.source_kind ? sign * (a.id - b.id) : a.source_kind < b.source_kind ? -1 : 1) : a.when < b.when ? -sign : sign));
}

describe("a line's source rows in time order", () => {
  it('pages like the whole list over several spans, rollup rows and equal timestamps', async () => {
    await book.agreements(agreement({ agreement_id: 'AG-P', account_id: 'PAGED', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] }));
    // Three records a day on days 1–10, two of each day's at the same instant.
    await book.usage(
      Array.from({ length: 30 }, (_, i) => ({ account: 'PAGED', metric: 'api_calls', ts: `2026-10-${two(1 + Math.floor(i / 3))}T${i % 3 === 2 ? '18' : '06'}:00:00Z`, quantity: String(i + 1) })),
    );
    // Rollups of days 3 and 7 take those days from the records: the records are billed as three spans.
    const rollups = join(book.dir, 'rollup.csv');
    writeFileSync(
      rollups,
      'account_id,metric,day,sum,count,max,last_ts,last_quantity,source\n' +
        ['03', '07'].map((d) => `PAGED,api_calls,2026-10-${d},500,5,200,2026-10-${d}T23:00:00Z,100,warehouse`).join('\n') +
        '\n',
    );
    await importFiles(book.sqlite, { files: [{ path: rollups }] }, ctx());
    book.rate('2026-10');
    const line = book.sqlite.prepare("SELECT l.id, l.invoice_id, l.charge_position FROM invoice_lines l WHERE l.invoice_id LIKE 'AG-P@%' AND l.metric = 'api_calls'").get() as {
      id: number;
      invoice_id: string;
      charge_position: number;
    };
    const spans = book.sqlite.prepare('SELECT count(*) FROM usage_spans WHERE invoice_id = ? AND charge_position = ?').pluck().get(line.invoice_id, line.charge_position);
    expect(spans).toBe(3);

    const all = lineSourceRows(book.sqlite, line.id, 0, 1000, { sort: 'id' });
    // 24 records outside the rollup days, and the 2 rollups.
    expect(all.total).toBe(26);
    expect(all.rows).toHaveLength(26);
    for (const desc of [false, true]) {
      const expected = inTimeOrder(all.rows, desc);
      for (const [offset, limit] of [[0, 100], [0, 5], [5, 5], [7, 9], [20, 10], [26, 5]] as const) {
        const page = lineSourceRows(book.sqlite, line.id, offset, limit, { desc });
        expect(page.total).toBe(26);
        expect(page.rows.map((r) => `${r.source_kind}:${r.id}`), `offset ${offset}, limit ${limit}, desc ${desc}`).toEqual(
          expected.slice(offset, offset + limit).map((r) => `${r.source_kind}:${r.id}`),
        );
      }
    }
    // Without the total (the drawer has the line's source_count): the same page.
    expect(lineSourcePage(book.sqlite, line.id, 5, 5)).toEqual({ rows: lineSourceRows(book.sqlite, line.id, 5, 5).rows });
    const csv = lineSourcesCsv(book.sqlite, line.id);
    expect([csv.rows, csv.total]).toEqual([26, 26]);
  });

  it('pages a line cut into more spans than one compound SELECT may hold the same way', async () => {
    await book.agreements(agreement({ agreement_id: 'AG-M', account_id: 'MANY', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] }));
    await book.usage(Array.from({ length: 40 }, (_, i) => ({ account: 'MANY', metric: 'api_calls', ts: `2026-10-${two(1 + (i % 28))}T${two(i % 24)}:00:00Z`, quantity: String(i + 1) })));
    book.rate('2026-10');
    const line = book.sqlite.prepare("SELECT id, invoice_id, charge_position FROM invoice_lines WHERE invoice_id LIKE 'AG-M@%' AND metric = 'api_calls'").get() as { id: number; invoice_id: string; charge_position: number };
    const before = lineSourceRows(book.sqlite, line.id, 0, 1000, { sort: 'id' });
    const pages = [0, 7, 35].map((offset) => lineSourceRows(book.sqlite, line.id, offset, 10).rows.map((r) => r.id));
    // The line's span cut into 600 adjacent hour-long spans (SQLite allows 500 terms in a compound SELECT).
    const span = book.sqlite.prepare('SELECT * FROM usage_spans WHERE invoice_id = ? AND charge_position = ?').get(line.invoice_id, line.charge_position) as {
      id: number; account_id: string; metric: string; ts_from: string; max_usage_id: number;
    };
    book.sqlite.transaction(() => {
      book.sqlite.prepare('DELETE FROM usage_spans WHERE id = ?').run(span.id);
      const insert = book.sqlite.prepare('INSERT INTO usage_spans (invoice_id, charge_position, account_id, metric, ts_from, ts_to, max_usage_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const start = Date.parse('2026-10-01T00:00:00Z');
      const at = (h: number) => (h === 0 ? span.ts_from : new Date(start + h * 3_600_000).toISOString().replace('.000Z', 'Z'));
      for (let h = 0; h < 600; h++) insert.run(line.invoice_id, line.charge_position, span.account_id, span.metric, at(h), h === 599 ? '2026-11-01T00:00:00Z' : at(h + 1), span.max_usage_id);
    })();
    expect(lineSourceRows(book.sqlite, line.id, 0, 1000, { sort: 'id' }).total).toBe(before.total);
    expect([0, 7, 35].map((offset) => lineSourceRows(book.sqlite, line.id, offset, 10).rows.map((r) => r.id))).toEqual(pages);
  });
});
