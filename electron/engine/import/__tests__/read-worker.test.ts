/**
 * Big files are read and validated by the read worker (out/read-worker.mjs, built by `npm run build`,
 * which `npm test` runs first) beside the writer. Whichever thread read a file, the book must end up
 * the same: every row, rejection, reason, count and note. Each file here is imported both ways into
 * two fresh books and the books compared, including files whose first batches reach the writer
 * before the worker knows they hold usage, profiles, NDJSON, hostile rows and re-imports; and a
 * cancelled worker import leaves the book as it was.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../errors';
import { createJobContext } from '../../job-context';
import { importFiles, type ImportRequest } from '../import-files';
import { cachedTotals, ctx, expectCacheEqualsRecompute, footprint, rows, scratch, type Scratch } from './helpers';

const WORKER = join(__dirname, '..', '..', '..', '..', 'out', 'read-worker.mjs');

const books: Scratch[] = [];
afterEach(() => {
  for (const b of books.splice(0)) b.cleanup();
});

/** Everything an import leaves in a book, ids included (both books start empty). */
function contents(s: Scratch) {
  return {
    usage: rows(s, 'SELECT id, batch_id, line, event_id, hex(content_key) AS key, account_id, metric, quantity, quantity_scaled, ts, extra FROM usage_records ORDER BY id'),
    rejected: rows(s, 'SELECT batch_id, line, field, reason, raw FROM rejected_rows ORDER BY id'),
    batches: rows(s, 'SELECT id, file_name, kind, profile, rows, imported, duplicates, rejected, notes, first_row_id, last_row_id FROM import_batches ORDER BY id'),
    // the usage totals the import kept: added up by the worker (duplicates recounted by the writer) or by the writer
    totals: cachedTotals(s),
    stamps: rows(s, 'SELECT period, usage_seq FROM usage_period_stamps ORDER BY period'),
  };
}

/** Imports the same requests into a book read on this thread and one read by the worker; returns both. */
async function bothWays(files: (s: Scratch) => ImportRequest[]) {
  expect(existsSync(WORKER), 'out/read-worker.mjs is missing: run `npm run build` first').toBe(true);
  const results = [];
  for (const readWorker of [false, WORKER] as const) {
    const s = scratch();
    books.push(s);
    const summaries = [];
    for (const request of files(s)) {
      const result = await importFiles(s.opened.sqlite, { ...request, readWorker }, ctx());
      summaries.push({ files: result.files.map(({ durationMs: _ms, ...rest }) => rest), refused: result.refused });
    }
    const kept = contents(s);
    expectCacheEqualsRecompute(s);
    results.push({ summaries, contents: kept });
  }
  return { here: results[0]!, worker: results[1]! };
}

/** A usage CSV of `n` rows (several 64 KiB batches) with every kind of bad and duplicate row mixed in. */
function hostileUsage(n: number): string {
  const lines = ['event_id,account_id,metric,quantity,timestamp,region'];
  for (let i = 0; i < n; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const ts = `2026-10-${day}T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:05Z`;
    switch (i % 25) {
      case 3: lines.push(`e${i - 1},ACC${i % 7},api_calls,1,${ts},eu`); break; // duplicate event id
      case 5: lines.push(`,ACC${i % 7},api_calls,2.5,${ts},eu`); break; // no id: content key
      case 6: lines.push(`,ACC${(i - 1) % 7},api_calls,2.5,${lines.at(-1)!.split(',')[4]},eu`); break; // its duplicate by content
      case 8: lines.push(`e${i},ACC${i % 7},api_calls,-1,${ts},eu`); break; // negative
      case 9: lines.push(`e${i},ACC${i % 7},api_calls,1.0000000000001,${ts},eu`); break; // too many decimals
      case 10: lines.push(`e${i},ACC${i % 7},api_calls,1,2026-02-30T00:00:00Z,eu`); break; // not a real date
      case 11: lines.push(`e${i},ACC${i % 7},api_calls,1,2999-01-01T00:00:00Z,eu`); break; // future
      case 12: lines.push(`e${i},"ACC\n${i}",api_calls,1,${ts},eu`); break; // a line break in an id
      case 13: lines.push(`e${i},ACC${i % 7},api_calls,1`); break; // too few fields
      case 14: lines.push(`e${i},=cmd|' /C calc'!A0,api_calls,1,${ts},"=HYPERLINK(""x"")"`); break; // formula text is only text
      case 15: lines.push(`e${i},Ünïcødé 客户 ${i % 3},api_calls,0.000001,${ts.replace('Z', '+02:00')},eu`); break; // offset
      case 16: lines.push(`e${i},ACC${i % 7},api_calls,12345678901234567.5,${ts},`); break;
      case 17: lines.push(`e${i},ACC${i % 7},api_calls,1e3,${ts},eu`); break; // exponent
      case 18: lines.push(`e${i},ACC${i % 7},,1,${ts},eu`); break; // missing metric
      // Accounts and metrics first seen in the second half (a later batch names new pairs), and duplicates of them.
      case 19: lines.push(i > n / 2 ? `e${i},LATE${i % 3},m${i % 2},1,${ts},eu` : `e${i},ACC${i % 7},api_calls,3,${ts},eu`); break;
      case 20: lines.push(i > n / 2 ? `e${i - 1},LATE${(i - 1) % 3},m${(i - 1) % 2},1,${ts},eu` : `e${i},ACC${i % 7},api_calls,4,${ts},eu`); break;
      default: lines.push(`e${i},ACC${i % 7},api_calls,${(i % 97) + 1}.${String(i % 100).padStart(2, '0')},${ts},eu`);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('the read worker', () => {
  it('leaves the same book as reading on the writer thread: rows, ids, rejections, reasons, counts, notes, and re-imports', async () => {
    const text = hostileUsage(12_000);
    const { here, worker } = await bothWays((s) => {
      const path = s.file('usage.csv', text);
      return [{ files: [{ path }] }, { files: [{ path, name: 'again.csv' }] }];
    });
    expect(worker).toEqual(here);
    // It is a real test: many batches, every outcome, and the second import changed nothing.
    const [first, second] = here.contents.batches as { rows: number; imported: number; duplicates: number; rejected: number }[];
    // Per 25 rows 8 are rejected (3,840); 2 repeat an earlier row (960), and in the second half a third
    // (240, of a pair first seen there); the rows without an id repeat themselves every lcm(25, 840) = 4,200
    // rows (312 more), so 6,648 are new.
    expect(first).toMatchObject({ rows: 12_000, imported: 6_648, duplicates: 1_512, rejected: 3_840 });
    expect(second).toMatchObject({ imported: 0, duplicates: 8_160, rejected: 3_840 });
    expect(new Set((here.contents.rejected as { reason: string }[]).map((r) => r.reason.replace(/\d+/g, 'N'))).size).toBeGreaterThan(6);
  });

  it('agrees through a profile, in NDJSON, and when the file is refused', async () => {
    const profile = {
      name: 'meter-export',
      label: 'Meter export (CSV)',
      kind: 'usage',
      columns: { event_id: 'Event', account_id: 'Customer', metric: 'Meter', quantity: 'Units', timestamp: 'When' },
      decimal_separator: ',',
      dates: { timestamp: 'DD.MM.YYYY HH:mm' },
    };
    const profiled = ['Event;Customer;Meter;Units;When'];
    const ndjson: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      profiled.push(`m${i};C${i % 5};gb;${i % 50 === 0 ? 'x' : `${i},5`};${String((i % 28) + 1).padStart(2, '0')}.10.2026 ${String(i % 24).padStart(2, '0')}:15`);
      ndjson.push(i % 40 === 0 ? `{"event_id":"n${i}","account_id":"A","metric":"m","quantity":1,"quantity":2,"timestamp":"2026-10-01T00:00:00Z"}` : JSON.stringify({ event_id: `n${i}`, account_id: `A${i % 3}`, metric: 'm', quantity: String(i), timestamp: '2026-10-01T00:00:00Z' }));
    }
    const { here, worker } = await bothWays((s) => [
      { files: [{ path: s.file('meter.csv', profiled.join('\n')) }], profile: s.file('meter.json', JSON.stringify({ ...profile, delimiter: ';' })) },
      { files: [{ path: s.file('usage.ndjson', ndjson.join('\n')) }] },
      { files: [{ path: s.file('semicolons.csv', profiled.join('\n')) }, { path: s.file('ok.csv', 'event_id,account_id,metric,quantity,timestamp\nz1,A,m,1,2026-10-01T00:00:00Z\n') }] },
    ]);
    expect(worker).toEqual(here);
    expect(here.summaries[0]!.files[0]).toMatchObject({ kind: 'usage', rows: 3_000, rejected: 60 });
    expect(here.summaries[1]!.files[0]).toMatchObject({ rows: 3_000, rejected: 75 });
    expect(here.summaries[2]!.refused[0]!.reason).toMatch(/separated by semicolons/);
  });

  it('agrees on the other kinds, whose records it reads and the writer validates: hours and agreements in CSV', async () => {
    const hours = ['entry_id,date,account_id,person,kind,role,hours,billable,notes'];
    const agreements = ['agreement_id,account_id,currency,start_date,charge_type,code,amount'];
    for (let i = 0; i < 3_000; i++) {
      hours.push(`h${i % 2_900},2026-10-${String((i % 28) + 1).padStart(2, '0')},ACC${i % 9},Person ${i % 13},${i % 17 === 0 ? 'gardening' : 'support'},,${i % 23 === 0 ? 'lots' : (i % 8) / 4 + 0.25},yes,"=HYPERLINK(""http://evil/${i}"")"`);
      agreements.push(i % 101 === 0 ? `AG-${i % 40},ACC${i % 9},EUR,2026-01-01,recurring,c${i},${i}` : `AG-${i % 40},ACC${i % 40},USD,2026-01-01,recurring,c${i},${i}.50`);
    }
    const { here, worker } = await bothWays((s) => [
      { files: [{ path: s.file('hours.csv', hours.join('\n')) }] },
      { files: [{ path: s.file('agreements.csv', agreements.join('\n')) }] },
    ]);
    expect(worker).toEqual(here);
    // The last 100 rows repeat earlier entry ids: duplicates, except where either copy is rejected.
    expect(here.summaries[0]!.files[0]).toMatchObject({ kind: 'hours', rows: 3_000 });
    expect(here.summaries[0]!.files[0]!.duplicates).toBeGreaterThan(50);
    expect(here.summaries[0]!.files[0]!.rejected).toBeGreaterThan(100);
    expect(here.summaries[1]!.files[0]).toMatchObject({ kind: 'agreements', rows: 3_000 });
    expect(here.summaries[1]!.files[0]!.rejected).toBeGreaterThan(0);
  });

  it('lets the event loop run while it imports, so a cancel raised by a timer or a signal (Ctrl-C in the CLI) is seen', async () => {
    const s = scratch();
    books.push(s);
    // Valid rows only: storing them is the slow side, so the worker is ahead and its messages queue up.
    const lines = ['event_id,account_id,metric,quantity,timestamp'];
    for (let i = 0; i < 200_000; i++) lines.push(`v${i},ACC${i % 50},api_calls,${(i % 97) + 1},2026-10-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z`);
    const path = s.file('usage.csv', lines.join('\n'));
    const before = footprint(s);
    let cancelled = false;
    let timerSet = false;
    const context = createJobContext({
      actor: 'test',
      isCancelled: () => cancelled,
      onProgress: (phase, done) => {
        // As the CLI's SIGINT handler does: the flag is raised from the event loop, not from the import's own calls.
        if (!timerSet && phase.startsWith('Importing') && done > 0) {
          timerSet = true;
          setTimeout(() => (cancelled = true), 0);
        }
      },
    });
    await expect(importFiles(s.opened.sqlite, { files: [{ path }], readWorker: WORKER }, context)).rejects.toBeInstanceOf(CancelledError);
    expect(footprint(s)).toEqual(before);
  });

  it('leaves the book as it was when the import is cancelled half-way', async () => {
    const s = scratch();
    books.push(s);
    const path = s.file('usage.csv', hostileUsage(40_000));
    const before = footprint(s);
    let checks = 0;
    const cancelling = ctx(() => ++checks > 10);
    await expect(importFiles(s.opened.sqlite, { files: [{ path }], readWorker: WORKER }, cancelling)).rejects.toBeInstanceOf(CancelledError);
    expect(footprint(s)).toEqual(before);
    // The book is usable at once: the same file imports whole afterwards.
    const result = await importFiles(s.opened.sqlite, { files: [{ path }], readWorker: WORKER }, ctx());
    expect(result.files[0]!.rows).toBe(40_000);
  });
});
