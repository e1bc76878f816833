/**
 * The typed (drizzle) view of an open connection, for queries outside the
 * measured hot paths: a column renamed in schema.ts then fails the typecheck
 * instead of a query at run time. The same connection, so it shares the
 * caller's transaction; one drizzle instance per connection.
 */
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db, Sqlite } from './open';
import * as schema from './schema';

const dbs = new WeakMap<Sqlite, Db>();

export function dbOf(sqlite: Sqlite): Db {
  let db = dbs.get(sqlite);
  if (db === undefined) {
    db = drizzle(sqlite, { schema });
    dbs.set(sqlite, db);
  }
  return db;
}
