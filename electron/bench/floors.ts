/**
 * The floors of `npm run bench` (issue 18): the sqlite3 shell doing the bare version of the same work on
 * the same generated files, in the same run, so each figure of ours is read as a ratio to its floor.
 *
 * - bare import: `.import` of usage.csv into a plain table;
 * - deduplicating import: `.import` into a staging table, then `INSERT OR IGNORE` into a table with
 *   `UNIQUE(event_id)`, with a 96 MiB page cache (`PRAGMA cache_size=-98304`);
 * - GROUP BY (rating): sum, max, count and latest timestamp per account, metric and period over the
 *   deduplicated usage, and hours per account, kind and role: the aggregate the rater needs (REAL sums,
 *   inexact, where ours are exact).
 *
 * Every figure is null when the sqlite3 shell is not installed (`sqlite3Available()`).
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const USAGE_COLUMNS = 'event_id TEXT NOT NULL, account_id TEXT, metric TEXT, quantity TEXT, timestamp TEXT';
const HOURS_COLUMNS = 'entry_id TEXT, date TEXT, account_id TEXT, person TEXT, kind TEXT, role TEXT, hours TEXT, billable TEXT, rate TEXT';

/** Dot-command argument: double-quoted, as the shell reads it. */
const argument = (path: string) => `"${path.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

export function sqlite3Available(): boolean {
  const r = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Runs a script through the sqlite3 shell on `db`; its wall time in ms. Throws when the script fails (a floor that did not run is not a floor). */
export function sqlite3Timed(db: string, script: string): number {
  const start = performance.now();
  const r = spawnSync('sqlite3', ['-bail', db], { input: script, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`sqlite3 floor failed: ${(r.stderr || r.error?.message || '').trim()}`);
  return ms;
}

export interface ImportFloors {
  /** `.import` into a plain table, ms. */
  bareMs: number;
  /** Staged `.import`, then `INSERT OR IGNORE` into `UNIQUE(event_id)`, ms. */
  dedupMs: number;
  /** Bytes of the deduplicating floor's database. */
  dedupBytes: number;
  /** The deduplicating floor's database, kept for the GROUP BY floor. */
  dedupDb: string;
}

export function measureImportFloors(dir: string, usageCsv: string): ImportFloors {
  const bareDb = join(dir, 'floor-bare.db');
  const bareMs = sqlite3Timed(bareDb, `CREATE TABLE usage (${USAGE_COLUMNS});\n.import --csv --skip 1 ${argument(usageCsv)} usage\n`);
  const dedupDb = join(dir, 'floor-dedup.db');
  const dedupMs = sqlite3Timed(
    dedupDb,
    [
      'PRAGMA cache_size=-98304;',
      `CREATE TABLE usage (${USAGE_COLUMNS}, UNIQUE(event_id));`,
      `CREATE TEMP TABLE stage (${USAGE_COLUMNS});`,
      `.import --csv --skip 1 --schema temp ${argument(usageCsv)} stage`,
      'BEGIN;',
      'INSERT OR IGNORE INTO usage SELECT * FROM temp.stage;',
      'COMMIT;',
      '',
    ].join('\n'),
  );
  return { bareMs, dedupMs, dedupBytes: statSync(dedupDb).size, dedupDb };
}

/** The rating floor over the deduplicating floor's usage (hours are loaded first, untimed). */
export function measureGroupByFloor(dedupDb: string, hoursCsv: string): number {
  sqlite3Timed(dedupDb, `CREATE TABLE hours (${HOURS_COLUMNS});\n.import --csv --skip 1 ${argument(hoursCsv)} hours\n`);
  return sqlite3Timed(
    dedupDb,
    [
      'PRAGMA cache_size=-98304;',
      'SELECT account_id, metric, substr(timestamp, 1, 7) AS period, sum(CAST(quantity AS REAL)), max(CAST(quantity AS REAL)), count(*), max(timestamp)',
      '  FROM usage GROUP BY account_id, metric, period;',
      "SELECT account_id, kind, role, sum(CAST(hours AS REAL)) FROM hours WHERE billable = 'yes' GROUP BY account_id, kind, role;",
      '',
    ].join('\n'),
  );
}
