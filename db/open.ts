/**
 * Opening the database: one SQLite file in WAL mode with foreign keys and a busy
 * timeout (so the desktop app and the CLI can work on it side by side),
 * migrated on open, with a backup copy taken before any migration runs.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { sqliteConnection } from './read-only-copy';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export interface OpenOptions {
  /**
   * Path of a better-sqlite3 binary built for the running runtime. Electron
   * passes its own-ABI build here; Node uses the one in node_modules.
   */
  nativeBinding?: string;
  readonly?: boolean;
}

export interface Opened {
  sqlite: Sqlite;
  db: Db;
  /** the backup written before migrating, if one was needed */
  backupPath: string | null;
  close: () => void;
}

/** A database problem worded for a person: the hosts print `message` and nothing else. */
export class DatabaseOpenError extends Error {}

/** A read-only open of a book whose schema is older than this version's. */
export class MigrationNeededError extends DatabaseOpenError {}

/** db/migrations next to the sources (tests, tsx) or next to the bundle in out/ (CLI, app). */
export function migrationsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'migrations'), join(here, '..', 'db', 'migrations')]) {
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
  }
  throw new DatabaseOpenError('The database migrations are missing from this installation.');
}

function journalLength(folder: string): number {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

function appliedMigrations(sqlite: Sqlite): number | null {
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'").get();
  if (!table) return null;
  return (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
}

function userTableCount(sqlite: Sqlite): number {
  return (
    sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'").get() as { n: number }
  ).n;
}

/**
 * Every `sqlite.transaction(...)` on our connections begins IMMEDIATE (takes
 * the write lock up front, waiting out the busy timeout). A DEFERRED
 * transaction that reads and then writes while another process (the app, the
 * CLI) is writing fails at once with "database is locked" instead of waiting:
 * SQLite cannot upgrade a stale read snapshot. All our transactions write.
 * Nested calls still become savepoints; `.deferred()` stays available.
 */
function immediateTransactionsByDefault(sqlite: Sqlite): void {
  const transaction = sqlite.transaction.bind(sqlite);
  sqlite.transaction = (<F extends Parameters<Sqlite['transaction']>[0]>(fn: F) => {
    const t = transaction(fn);
    type Args = Parameters<typeof t>;
    const run = ((...args: Args) => t.immediate(...args)) as unknown as Database.Transaction<F>;
    for (const key of ['deferred', 'immediate', 'exclusive'] as const) Object.defineProperty(run, key, { value: (...args: Args) => t[key](...args) });
    Object.defineProperty(run, 'default', { value: run });
    Object.defineProperty(run, 'database', { value: sqlite });
    return run;
  }) as Sqlite['transaction'];
}

export function openDatabase(path: string, options: OpenOptions = {}): Opened {
  const isNew = !existsSync(path) || statSync(path).size === 0;
  if (isNew && !options.readonly) mkdirSync(dirname(path), { recursive: true });

  // Reading never creates a book: a path into a missing folder is a mistake to report, not an empty book to make.
  if (options.readonly && !existsSync(path)) throw new DatabaseOpenError(`There is no database at ${path}.`);

  let sqlite: Sqlite;
  try {
    sqlite = sqliteConnection(path, options);
    sqlite.pragma('busy_timeout = 10000');
    // A first read: a file that is not a database fails here, before anything is written to it.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error;
    const code = (error as { code?: unknown }).code;
    if (options.readonly && typeof code === 'string' && code.startsWith('SQLITE_READONLY') && existsSync(`${path}-wal`)) {
      throw new DatabaseOpenError(`${path} cannot be read here: its folder cannot be written and it has changes not yet merged into it (${path}-wal); open it once where the folder can be written.`);
    }
    throw new DatabaseOpenError(`${path} could not be opened as a database (${describe(error)}).`);
  }

  try {
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    // Large page cache: rating reads a million rows at a time.
    sqlite.pragma('cache_size = -65536');
    // Temp store in FILE mode, not MEMORY. A command runs its steps in savepoints inside its transaction
    // (run-command.ts); with an in-memory temp store the savepoint's sub-journal never spills, and SQLite
    // truncates it on every statement-journal release by walking its chunk list from the start, so each
    // INSERT that follows a large DELETE (re-rating replaces the period's drafts) paid for the whole
    // journal. Measured on the 1M-row bench book: a re-rate through the command took 35.5 s with MEMORY
    // and 3.6 s with FILE, the first rating and detection unchanged. A file-backed temp store is still
    // cached in memory; it only spills past its cache, to a file SQLite deletes when it closes it.
    sqlite.pragma('temp_store = FILE');

    const folder = migrationsFolder();
    const applied = appliedMigrations(sqlite);
    if (applied === null && userTableCount(sqlite) > 0) {
      throw new DatabaseOpenError(`${path} is a SQLite file but not a Billing Reviewer database; choose another file.`);
    }
    // WAL lets the app and the CLI work side by side. Only our own book is switched
    // (never someone else's file); a read-only open takes the file as it is.
    if (!options.readonly) sqlite.pragma('journal_mode = WAL');
    immediateTransactionsByDefault(sqlite);
    const pending = journalLength(folder) - (applied ?? 0);
    let backupPath: string | null = null;
    if (pending > 0 && !isNew && applied !== null && applied > 0 && !options.readonly) {
      backupPath = `${path}.before-migration-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
      sqlite.prepare('VACUUM INTO ?').run(backupPath);
    }
    const db = drizzle(sqlite, { schema });
    if (pending > 0) {
      if (options.readonly) throw new MigrationNeededError(`${path} needs a migration and was opened read-only.`);
      migrate(db, { migrationsFolder: folder });
    }
    return { sqlite, db, backupPath, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    if (error instanceof DatabaseOpenError) throw error;
    const code = (error as { code?: unknown }).code;
    if (options.readonly && typeof code === 'string' && code.startsWith('SQLITE_READONLY') && existsSync(`${path}-wal`)) {
      throw new DatabaseOpenError(`${path} cannot be read here: its folder cannot be written and it has changes not yet merged into it (${path}-wal); open it once where the folder can be written.`);
    }
    throw new DatabaseOpenError(`${path} could not be opened as a database (${describe(error)}).`);
  }
}

/**
 * For commands that only read: the book opened read-only, so it is never
 * written (and a book in a read-only file or folder can be read). A book from
 * an older version is migrated first, as any open by this version would, which
 * does write.
 */
export function openForReading(path: string, options: Omit<OpenOptions, 'readonly'> = {}): Opened {
  try {
    return openDatabase(path, { ...options, readonly: true });
  } catch (error) {
    if (error instanceof MigrationNeededError) return openDatabase(path, options);
    throw error;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
