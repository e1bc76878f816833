/**
 * Migrations 0012–0013 (issue 18) on a book an older version filled: text dedup keys become
 * event ids and 16-byte content keys, each usage import gets its row-id range, and the raw text of
 * accepted rows goes. What must survive: importing the same files again imports nothing, and
 * undoing an old import removes exactly its rows.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookBeforeMigration } from '../../../../db/__tests__/book-at-migration';
import { openDatabase } from '../../../../db/open';
import { contentKey } from '../dedup-key';
import { importFiles } from '../import-files';
import { undoImport } from '../undo-import';
import { ctx } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const WITH_IDS = 'event_id,account_id,metric,quantity,timestamp\ne1,ACME,api_calls,5,2026-10-02T00:00:00Z\ne2,ACME,api_calls,7,2026-10-03T00:00:00Z\n';
const WITHOUT_IDS = 'account_id,metric,quantity,timestamp\nACME,api_calls,11,2026-10-04T00:00:00Z\nACME,api_calls,13,2026-10-05T00:00:00Z\n';

/** What the version before 0012 wrote for these two files: "id:" and "hash:" text keys and the raw lines. */
function fillAsOldVersion(path: string): void {
  const raw = new Database(path);
  const batch = raw.prepare("INSERT INTO import_batches (file_name, file_size, sha256, kind, imported_by, rows, imported) VALUES (?, 1, 'x', 'usage', 'old', 2, 2)");
  const row = raw.prepare('INSERT INTO usage_records (batch_id, line, dedup_key, event_id, account_id, metric, quantity, ts, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const first = Number(batch.run('with-ids.csv').lastInsertRowid);
  row.run(first, 2, 'id:e1', 'e1', 'ACME', 'api_calls', '5', '2026-10-02T00:00:00.000Z', 'e1,ACME,api_calls,5,2026-10-02T00:00:00Z');
  row.run(first, 3, 'id:e2', 'e2', 'ACME', 'api_calls', '7', '2026-10-03T00:00:00.000Z', 'e2,ACME,api_calls,7,2026-10-03T00:00:00Z');
  const second = Number(batch.run('without-ids.csv').lastInsertRowid);
  for (const [line, quantity, day] of [[2, '11', '04'], [3, '13', '05']] as const) {
    const source = { account_id: 'ACME', metric: 'api_calls', quantity, timestamp: `2026-10-${day}T00:00:00Z` };
    row.run(second, line, contentKey(source), null, 'ACME', 'api_calls', quantity, `2026-10-${day}T00:00:00.000Z`, `ACME,api_calls,${quantity},2026-10-${day}T00:00:00Z`);
  }
  raw.close();
}

describe('compact usage storage migration', () => {
  it('keeps a migrated book deduplicating both kinds of key, with each import a row-id range and no raw text of accepted rows', async () => {
    const path = join(dir, 'book.db');
    bookBeforeMigration(path, '0012_compact_usage_keys');
    fillAsOldVersion(path);

    const opened = openDatabase(path);
    try {
      const sqlite = opened.sqlite;
      const columns = (sqlite.prepare("SELECT name FROM pragma_table_info('usage_records')").pluck().all() as string[]).sort();
      expect(columns).not.toContain('raw');
      expect(columns).not.toContain('dedup_key');
      expect(sqlite.prepare("SELECT name FROM pragma_table_info('time_entries') WHERE name = 'raw'").get()).toBeUndefined();
      // The content key is the old hash's first 16 bytes; event ids carry the id rows.
      const keys = sqlite.prepare('SELECT event_id, hex(content_key) AS key FROM usage_records ORDER BY id').all() as { event_id: string | null; key: string }[];
      const oldHash = contentKey({ account_id: 'ACME', metric: 'api_calls', quantity: '11', timestamp: '2026-10-04T00:00:00Z' }).slice(5, 37).toUpperCase();
      expect(keys).toEqual([{ event_id: 'e1', key: '' }, { event_id: 'e2', key: '' }, { event_id: null, key: oldHash }, { event_id: null, key: expect.stringMatching(/^[0-9A-F]{32}$/) as string }]);
      expect(sqlite.prepare('SELECT file_name, first_row_id, last_row_id FROM import_batches ORDER BY id').all()).toEqual([
        { file_name: 'with-ids.csv', first_row_id: 1, last_row_id: 2 },
        { file_name: 'without-ids.csv', first_row_id: 3, last_row_id: 4 },
      ]);

      // The same files again: nothing new, whichever key recognises the rows.
      const withIds = join(dir, 'with-ids.csv');
      const withoutIds = join(dir, 'without-ids.csv');
      writeFileSync(withIds, WITH_IDS);
      writeFileSync(withoutIds, WITHOUT_IDS);
      const again = await importFiles(sqlite, { files: [{ path: withIds }, { path: withoutIds }] }, ctx());
      expect(again.files.map((f) => [f.imported, f.duplicates])).toEqual([[0, 2], [0, 2]]);
      expect(sqlite.prepare('SELECT count(*) FROM usage_records').pluck().get()).toBe(4);
      // An import that stored nothing has no range.
      expect(sqlite.prepare('SELECT first_row_id, last_row_id FROM import_batches WHERE id > 2').all()).toEqual([
        { first_row_id: null, last_row_id: null },
        { first_row_id: null, last_row_id: null },
      ]);

      // Undoing the old import without ids removes its two rows and only those; a new row gets the next range.
      expect(undoImport(sqlite, 2, ctx()).removed.usage).toBe(2);
      expect(sqlite.prepare('SELECT event_id FROM usage_records ORDER BY id').pluck().all()).toEqual(['e1', 'e2']);
      writeFileSync(withIds, `${WITH_IDS}e3,ACME,api_calls,1,2026-10-06T00:00:00Z\n`);
      const third = await importFiles(sqlite, { files: [{ path: withIds }] }, ctx());
      expect(third.files[0]).toMatchObject({ imported: 1, duplicates: 2 });
      const range = sqlite.prepare('SELECT first_row_id, last_row_id FROM import_batches WHERE id = ?').get(third.files[0]!.batchId) as { first_row_id: number; last_row_id: number };
      const ids = sqlite.prepare('SELECT id FROM usage_records WHERE batch_id = ?').pluck().all(third.files[0]!.batchId) as number[];
      expect(ids).toHaveLength(1);
      expect(ids[0]).toBeGreaterThanOrEqual(range.first_row_id);
      expect(ids[0]).toBeLessThanOrEqual(range.last_row_id);
    } finally {
      opened.close();
    }
  });
});
