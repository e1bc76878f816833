/**
 * One transaction around async work. better-sqlite3's own transaction helper
 * cannot await, and an import awaits its file stream, so the work opens the
 * transaction itself: BEGIN IMMEDIATE takes the write lock up front, and any
 * failure or cancellation rolls everything back, leaving the database as it was.
 *
 * Called inside a transaction already open (an engine command, commands/run-command.ts),
 * it becomes a savepoint, as better-sqlite3's `.transaction()` does when nested:
 * its failure undoes only its own work, and the outer transaction decides.
 */
import type { Sqlite } from '../../db/open';
import { rollBack } from './rollback-listeners';

let depth = 0;

export async function inTransaction<T>(sqlite: Sqlite, work: () => Promise<T>): Promise<T> {
  if (sqlite.inTransaction) {
    const name = `in_transaction_${++depth}`;
    sqlite.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (sqlite.inTransaction) {
        rollBack(sqlite, `ROLLBACK TO ${name}`);
        sqlite.exec(`RELEASE ${name}`);
      }
      throw error;
    } finally {
      depth -= 1;
    }
  }
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    sqlite.exec('COMMIT');
    return result;
  } catch (error) {
    if (sqlite.inTransaction) rollBack(sqlite);
    throw error;
  }
}
