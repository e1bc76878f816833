/** Test helper: a book as an older version of the app left it. */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const migrations = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export function migrationTags(): string[] {
  return (JSON.parse(readFileSync(join(migrations, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] }).entries.map((e) => e.tag);
}

/**
 * Creates the book at `path` with only the migrations before `tag` applied (all but the last when
 * `tag` is omitted), through a copy of the migrations folder whose journal stops there: the way
 * drizzle migrated the book of an installed older version.
 */
export function bookBeforeMigration(path: string, tag?: string): void {
  const tags = migrationTags();
  const count = tag === undefined ? tags.length - 1 : tags.indexOf(tag);
  if (count < 0) throw new Error(`no migration ${tag}`);
  const folder = mkdtempSync(join(tmpdir(), 'billing-migrations-'));
  try {
    cpSync(migrations, folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
    const raw = new Database(path);
    migrate(drizzle(raw), { migrationsFolder: folder });
    raw.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
