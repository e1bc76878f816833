/**
 * Migration 0015 (issue 18, storage step 2) on a book an older version filled: usage rows move to
 * usage_rows with a series id and an integer instant, and the usage_records view shows every row
 * exactly as it was stored before: same id, quantity, timestamp, keys and extra fields. The id
 * counter carries over (stamps and invoice spans compare against it), and the triggers that kept
 * imported rows unedited still hold on the new table.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookBeforeMigration } from '../../../../db/__tests__/book-at-migration';
import { openDatabase } from '../../../../db/open';
import { importFiles } from '../import-files';
import { ctx } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-series-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS = 'id, batch_id, line, event_id, hex(content_key) AS content_key, account_id, metric, quantity, quantity_scaled, ts, extra';

/** Rows as the version before 0015 stored them, with the awkward instants and texts it could hold. */
function fillAsOldVersion(path: string): unknown[] {
  const raw = new Database(path);
  const batch = Number(raw.prepare("INSERT INTO import_batches (file_name, file_size, sha256, kind, imported_by) VALUES ('u.csv', 1, 'x', 'usage', 'old')").run().lastInsertRowid);
  const row = raw.prepare('INSERT INTO usage_records (batch_id, line, event_id, content_key, account_id, metric, quantity, ts, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const rows: [string | null, Buffer | null, string, string, string, string, string | null][] = [
    ['e1', null, 'ACME', 'api_calls', '5', '2026-10-02T00:00:00.000Z', null],
    ['e2', null, 'ACME', 'api_calls', '0.1234567', '2026-10-31T23:59:59.999Z', '{"region":"eu"}'],
    [null, Buffer.alloc(16, 7), 'ACME', 'storage_gb', '1234567890123.5', '1969-12-31T23:59:59.999Z', null],
    ['e4', null, 'Zoë Café – 東京', 'api_calls', '7.000', '0099-10-01T12:00:00.500Z', null],
    ['e5', null, 'GLOBEX', 'seats', '3', '2026-11-01T00:00:00.000Z', null],
    ['e6', null, 'GLOBEX', 'seats', '9', '2026-11-02T00:00:00.000Z', null],
  ];
  rows.forEach(([event, key, account, metric, quantity, ts, extra], i) => row.run(batch, i + 2, event, key, account, metric, quantity, ts, extra));
  // The last row deleted again (an undone import's tail): the counter stays above the largest id.
  raw.prepare("DELETE FROM usage_records WHERE event_id = 'e6'").run();
  raw.prepare("UPDATE import_batches SET first_row_id = 1, last_row_id = 6, rows = 6, imported = 6 WHERE id = ?").run(batch);
  const before = raw.prepare(`SELECT ${COLUMNS} FROM usage_records ORDER BY id`).all();
  raw.close();
  return before;
}

describe('usage series and integer time migration', () => {
  it('shows every row through the view exactly as before, keeps the id counter, and keeps rows unedited', async () => {
    const path = join(dir, 'book.db');
    bookBeforeMigration(path, '0015_usage_series_and_integer_time');
    const before = fillAsOldVersion(path);

    const opened = openDatabase(path);
    try {
      const { sqlite } = opened;
      expect(sqlite.prepare(`SELECT ${COLUMNS} FROM usage_records ORDER BY id`).all()).toEqual(before);
      expect(sqlite.prepare("SELECT type FROM sqlite_master WHERE name = 'usage_records'").pluck().get()).toBe('view');
      expect(sqlite.prepare('SELECT account_id, metric FROM usage_series ORDER BY id').raw().all()).toEqual([
        ['ACME', 'api_calls'],
        ['ACME', 'storage_gb'],
        ['GLOBEX', 'seats'],
        ['Zoë Café – 東京', 'api_calls'],
      ]);
      expect(sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'usage_rows'").pluck().get()).toBe(6);

      // A new row takes the next id after the deleted tail, never a reused one.
      const file = join(dir, 'late.csv');
      writeFileSync(file, 'event_id,account_id,metric,quantity,timestamp\ne7,ACME,api_calls,2,2026-10-03T00:00:00Z\n');
      await importFiles(sqlite, { files: [{ path: file }] }, ctx());
      expect(sqlite.prepare("SELECT id, series_id, ts FROM usage_records WHERE event_id = 'e7'").get()).toEqual({ id: 7, series_id: 1, ts: '2026-10-03T00:00:00.000Z' });
      // Re-importing an old row is still a duplicate, by event id and by content key alike.
      writeFileSync(file, 'event_id,account_id,metric,quantity,timestamp\ne1,ACME,api_calls,5,2026-10-02T00:00:00Z\n');
      expect((await importFiles(sqlite, { files: [{ path: file }] }, ctx())).files[0]).toMatchObject({ imported: 0, duplicates: 1 });

      expect(() => sqlite.prepare("UPDATE usage_rows SET quantity = '1' WHERE id = 1").run()).toThrow(/never edited/);
      expect(() => sqlite.prepare("UPDATE usage_series SET metric = 'x' WHERE id = 1").run()).toThrow(/never edited/);
      // Deleting a row drops the cached totals of its month (the stamp), as before.
      sqlite.prepare("INSERT INTO usage_period_stamps (period, usage_seq, computed_at) VALUES ('2026-10', 7, 'now'), ('2026-11', 7, 'now')").run();
      sqlite.prepare('DELETE FROM usage_rows WHERE id = 2').run();
      expect(sqlite.prepare('SELECT period FROM usage_period_stamps').pluck().all()).toEqual(['2026-11']);
      expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    } finally {
      opened.close();
    }
  });
});
