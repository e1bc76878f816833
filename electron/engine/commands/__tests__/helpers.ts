/** Test helpers for engine commands: a small rated book on a real SQLite file, and a checksum per table. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Opened, type Sqlite } from '../../../../db/open';
import { loadBook } from '../../export/__tests__/helpers';
import { createJobContext } from '../../job-context';

export const ctx = createJobContext({ actor: 'test' });

export interface Book {
  dir: string;
  dbPath: string;
  opened: Opened;
  cleanup(): void;
}

/** ACME and GLOBEX rated into 2026-10 drafts (export/__tests__/helpers.ts), on a file in a fresh folder. */
export async function ratedBook(): Promise<Book> {
  const dir = mkdtempSync(join(tmpdir(), 'billing-commands-'));
  const dbPath = join(dir, 'book.db');
  const opened = openDatabase(dbPath);
  await loadBook(dir, opened);
  return {
    dir,
    dbPath,
    opened,
    cleanup: () => {
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A SHA-256 of every row of each table, in storage order: equal maps, an unchanged book. */
export function tableChecksums(sqlite: Sqlite): Record<string, string> {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(
    tables.map((table) => {
      const hash = createHash('sha256');
      for (const row of sqlite.prepare(`SELECT * FROM "${table}"`).raw().iterate()) {
        hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('base64') : v)));
        hash.update('\n');
      }
      return [table, hash.digest('hex')];
    }),
  );
}

/** Makes every write to `table` of kind `event` fail on this connection only (a TEMP trigger: the book's schema is untouched). */
export function failOn(sqlite: Sqlite, event: 'INSERT' | 'UPDATE' | 'DELETE', table: string): () => void {
  const name = `fail_${event.toLowerCase()}_${table}`;
  sqlite.exec(`CREATE TEMP TRIGGER ${name} BEFORE ${event} ON main.${table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
  return () => sqlite.exec(`DROP TRIGGER temp.${name}`);
}
