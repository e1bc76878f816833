/**
 * One transaction around async work. better-sqlite3's own transaction helper
 * cannot await, and an import awaits its file stream, so the job opens the
 * transaction itself: BEGIN IMMEDIATE takes the write lock up front, and any
 * failure or cancellation rolls everything back, leaving the database as it was.
 */
import type { Sqlite } from '../../db/open';

export async function inTransaction<T>(sqlite: Sqlite, work: () => Promise<T>): Promise<T> {
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    sqlite.exec('COMMIT');
    return result;
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}
