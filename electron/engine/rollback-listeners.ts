/**
 * What a connection remembers beside SQLite must be forgotten when its
 * transaction rolls back. rating/period-totals.ts memoizes a period's totals
 * by the id of its stamp row, and the usage pairs by the usage table's
 * AUTOINCREMENT counter; a rollback takes both counters back, so the next
 * write can reissue the same id or value for different rows. Measured: a
 * preview of a late usage file (import and re-rate, then rolled back), then
 * a different file of as many rows, and the memo answered with the previewed
 * file's totals. A bill silently wrong, so every ROLLBACK the engine issues
 * (commands/run-command.ts, transaction.ts, a refused file's savepoint in
 * import/import-files.ts) goes through rollBack().
 *
 * better-sqlite3's own `.transaction()` rolls back without telling: the
 * engine's writes run inside a command, so its ROLLBACK comes here too, and a
 * rating on its own (no command) does not change the rows a memo describes.
 */
import type { Sqlite } from '../../db/open';

const listeners: ((sqlite: Sqlite) => void)[] = [];

/** `forget` runs after every rollback the engine issues, with the connection it ran on. */
export function onRollback(forget: (sqlite: Sqlite) => void): void {
  listeners.push(forget);
}

/** Runs `sql` (ROLLBACK, or ROLLBACK TO a savepoint), then tells the listeners. */
export function rollBack(sqlite: Sqlite, sql = 'ROLLBACK'): void {
  try {
    sqlite.exec(sql);
  } finally {
    for (const forget of listeners) forget(sqlite);
  }
}
