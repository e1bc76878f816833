/**
 * Counts how often each SQL statement executes while a piece of engine code runs, by wrapping every
 * statement the process prepares (better-sqlite3's prepare, restored afterwards). For tests that pin
 * how many statements a bill run spends on a table, not how long it takes.
 */
import Database from 'better-sqlite3';

type Prepare = (this: Database.Database, source: string) => Database.Statement<unknown[]>;
const prepare = Reflect.get(Database.prototype, 'prepare') as Prepare;

/** executions per statement text while `run` runs */
export function countExecutions(run: () => void): Map<string, number> {
  const counts = new Map<string, number>();
  Database.prototype.prepare = function (this: Database.Database, source: string) {
    const statement = prepare.call(this, source);
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = Reflect.get(statement, method) as (...args: unknown[]) => unknown;
      Reflect.set(statement, method, function (this: unknown, ...args: unknown[]) {
        counts.set(source, (counts.get(source) ?? 0) + 1);
        return original.apply(this, args);
      });
    }
    return statement;
  } as Database.Database['prepare'];
  try {
    run();
  } finally {
    restorePrepare();
  }
  return counts;
}

/** Puts better-sqlite3's own prepare back (for an afterEach, should a test stop inside countExecutions). */
export function restorePrepare(): void {
  Reflect.set(Database.prototype, 'prepare', prepare);
}

/** executions of the statements whose text matches */
export const matching = (counts: Map<string, number>, pattern: RegExp): number => [...counts].filter(([sql]) => pattern.test(sql)).reduce((n, [, c]) => n + c, 0);
