/**
 * Is this book's schema exactly the one its migrations define? A trigger
 * planted in a backup (one that deletes usage when the restore opens it), an
 * immutability or audit trigger dropped to edit a finalized total, a view or
 * index nobody wrote: each is a difference between `sqlite_master` and the
 * schema the migrations build, and each makes the book untrustworthy.
 *
 * The expected schema is built, not stored: the first N migrations (N = what
 * the book says it applied) are run on an empty in-memory database, exactly
 * as drizzle's migrator runs them (statement by statement), and its
 * `sqlite_master` is the reference. Object SQL is compared with whitespace
 * collapsed; SQLite's own objects (`sqlite_%`) and drizzle's bookkeeping table
 * are left out (the migration ids themselves are checked by the caller).
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFolder, type Sqlite } from '../../../db/open';

interface SchemaObject {
  type: string;
  name: string;
  sql: string;
}

export interface SchemaDifference {
  kind: 'foreign' | 'missing' | 'changed';
  type: string;
  name: string;
}

const OBJECTS = `SELECT type, name, coalesce(sql, '') AS sql FROM sqlite_master
  WHERE name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY type, name`;

const normalize = (sql: string) => sql.replace(/\s+/g, ' ').trim();

function objectsOf(sqlite: Sqlite): Map<string, SchemaObject> {
  const rows = sqlite.prepare(OBJECTS).all() as SchemaObject[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, { ...r, sql: normalize(r.sql) }]));
}

const expectedCache = new Map<number, Map<string, SchemaObject>>();

/** The schema the first `count` migrations build, from the migration files of this installation. */
export function expectedSchema(count: number): Map<string, SchemaObject> {
  const cached = expectedCache.get(count);
  if (cached) return cached;
  const folder = migrationsFolder();
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const memory = new Database(':memory:');
  try {
    for (const entry of journal.entries.slice(0, count)) {
      for (const statement of readFileSync(join(folder, `${entry.tag}.sql`), 'utf8').split('--> statement-breakpoint')) {
        if (statement.trim()) memory.exec(statement);
      }
    }
    const objects = objectsOf(memory);
    expectedCache.set(count, objects);
    return objects;
  } finally {
    memory.close();
  }
}

export function appliedMigrationCount(sqlite: Sqlite): number {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  return table ? (sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number) : 0;
}

/** Every object that differs from what the applied migrations define; empty when the schema is exactly theirs. */
export function schemaDifferences(sqlite: Sqlite): SchemaDifference[] {
  const expected = expectedSchema(appliedMigrationCount(sqlite));
  const actual = objectsOf(sqlite);
  const differences: SchemaDifference[] = [];
  for (const [key, object] of actual) {
    const wanted = expected.get(key);
    if (!wanted) differences.push({ kind: 'foreign', type: object.type, name: object.name });
    else if (wanted.sql !== object.sql) differences.push({ kind: 'changed', type: object.type, name: object.name });
  }
  for (const [key, object] of expected) if (!actual.has(key)) differences.push({ kind: 'missing', type: object.type, name: object.name });
  return differences;
}

/** "trigger wipe_usage is not part of this version's schema" — one clause per difference, the first few. */
export function describeSchemaDifferences(differences: readonly SchemaDifference[]): string {
  const clause = (d: SchemaDifference) =>
    d.kind === 'foreign'
      ? `${d.type} ${d.name} is not part of this version's schema`
      : d.kind === 'missing'
        ? `${d.type} ${d.name} is missing`
        : `${d.type} ${d.name} was altered`;
  const shown = differences.slice(0, 3).map(clause).join('; ');
  return differences.length > 3 ? `${shown} (and ${differences.length - 3} more differences)` : shown;
}
