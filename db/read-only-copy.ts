/**
 * The SQLite connection under openDatabase, and the one way a read-only book is
 * read when SQLite cannot read it in place.
 *
 * A WAL-mode book needs its -shm index to be read; a reader creates it (and the
 * -wal) next to the book if they are missing. In a folder the reader cannot
 * write, that fails ("attempt to write a readonly database"). If the book was
 * checkpointed (no -wal, or an empty one), the file alone is the whole book, so
 * it is read from an in-memory copy instead. (SQLite's `immutable` open needs
 * URI file names, which better-sqlite3 builds without.)
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';

/** Bytes 18 and 19 of the header: file format write/read version, 2 for WAL, 1 for a rollback journal. */
const WRITE_VERSION = 18;
const READ_VERSION = 19;

export interface ConnectionOptions {
  nativeBinding?: string;
  readonly?: boolean;
}

function pendingWal(path: string): boolean {
  const wal = `${path}-wal`;
  return existsSync(wal) && statSync(wal).size > 0;
}

export function sqliteConnection(path: string, options: ConnectionOptions): Database.Database {
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const sqlite = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, ...binding });
  if (!options.readonly) return sqlite;
  try {
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    return sqlite;
  } catch (error) {
    sqlite.close();
    const code = (error as { code?: unknown }).code;
    const cannotIndex = typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'));
    if (!cannotIndex || pendingWal(path)) throw error;
    const bytes = readFileSync(path);
    // The copy is a single file: as a rollback-journal database it is complete (an in-memory WAL image cannot be opened).
    if (bytes.length > READ_VERSION && bytes[WRITE_VERSION] === 2 && bytes[READ_VERSION] === 2) {
      bytes[WRITE_VERSION] = 1;
      bytes[READ_VERSION] = 1;
    }
    return new Database(bytes, { readonly: true, ...binding });
  }
}
