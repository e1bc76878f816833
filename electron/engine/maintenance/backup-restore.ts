/**
 * Backing up and restoring the database file.
 *
 * Backup: `VACUUM INTO` reads one snapshot (WAL), so the copy is consistent even
 * while another process (the app, another CLI) writes; it is written under a
 * temporary name, checked, and only then renamed into place.
 *
 * Restore: the file must be a healthy SQLite database whose applied migrations
 * are all ones this version knows (same ids and same SQL), whose schema objects
 * are exactly the ones those migrations create (no planted trigger, none
 * dropped), whose audit chain is intact and whose finalized documents still
 * match what was issued (audit/verify-book.ts). The current
 * database is first copied to a safety backup; then SQLite's online backup API
 * copies the file over the live database in one write transaction, so every
 * other connection sees either the old book or the new one, and a crash midway
 * leaves the old one. The result is then opened normally (migrating an older
 * schema, with its own pre-migration backup).
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DatabaseOpenError, migrationsFolder, openDatabase, openForReading, type Sqlite } from '../../../db/open';
import { appendAudit } from '../audit/audit-log';
import { verifyBook } from '../audit/verify-book';

export interface BackupResult {
  file: string;
  bytes: number;
}

export interface RestoreResult {
  restoredFrom: string;
  safetyBackup: string | null;
  migrations: number;
}

const timestamp = () => new Date().toISOString().replace(/[:.]/g, '-');

function checkIntegrity(sqlite: Sqlite, what: string): void {
  const result = sqlite.pragma('integrity_check', { simple: true });
  if (result !== 'ok') throw new DatabaseOpenError(`${what} is damaged (integrity check: ${String(result)}).`);
}

/** A consistent copy of `sqlite`'s database in `target` (which must not exist yet). */
export function vacuumInto(sqlite: Sqlite, target: string): BackupResult {
  const file = resolve(target);
  if (existsSync(file)) throw new DatabaseOpenError(`${file} already exists; choose a new file name for the backup.`);
  if (!existsSync(dirname(file))) throw new DatabaseOpenError(`The folder ${dirname(file)} does not exist.`);
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    try {
      sqlite.prepare('VACUUM INTO ?').run(temporary);
    } catch (error) {
      // The folder exists but takes no new file (read-only, no permission, /proc…).
      if ((error as { code?: unknown }).code === 'SQLITE_CANTOPEN') throw new DatabaseOpenError(`The backup cannot be written in ${dirname(file)}; choose another folder.`);
      throw error;
    }
    const copy = new Database(temporary, { readonly: true, fileMustExist: true });
    try {
      checkIntegrity(copy, 'The backup just written');
    } finally {
      copy.close();
    }
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
  return { file, bytes: statSync(file).size };
}

export function backupDatabase(dbPath: string, target: string): BackupResult {
  if (!existsSync(dbPath)) throw new DatabaseOpenError(`There is no database at ${dbPath} to back up.`);
  // Backing up only reads: a book in a read-only file or folder can be backed up.
  const opened = openForReading(dbPath);
  try {
    return vacuumInto(opened.sqlite, target);
  } finally {
    opened.close();
  }
}

interface Migration {
  when: number;
  tag: string;
  hash: string;
}

function knownMigrations(): Migration[] {
  const folder = migrationsFolder();
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number; tag: string }[] };
  return journal.entries.map((e) => ({ ...e, hash: createHash('sha256').update(readFileSync(join(folder, `${e.tag}.sql`), 'utf8')).digest('hex') }));
}

/** Opens `file` read-only and checks it is a healthy Billing Reviewer database of a schema this version knows. */
function validateBillingDatabase(file: string): number {
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== 'SQLite format 3\u0000') throw new DatabaseOpenError(`${file} is not a database file; nothing was restored.`);
  let source: Sqlite;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new DatabaseOpenError(`${file} could not be opened as a database (${error instanceof Error ? error.message : String(error)}); nothing was restored.`);
  }
  try {
    try {
      checkIntegrity(source, file);
    } catch (error) {
      if (error instanceof DatabaseOpenError) throw new DatabaseOpenError(`${error.message.replace(/\.$/, '')}; nothing was restored.`);
      throw new DatabaseOpenError(`${file} is damaged (${error instanceof Error ? error.message : String(error)}); nothing was restored.`);
    }
    const hasJournal = source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
    const hasAudit = source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
    if (!hasJournal || !hasAudit) throw new DatabaseOpenError(`${file} is a SQLite database but not a Billing Reviewer database; nothing was restored.`);
    const applied = source.prepare('SELECT hash, created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at').all() as { hash: string; createdAt: number }[];
    const known = knownMigrations();
    if (applied.length > known.length) {
      throw new DatabaseOpenError(`${file} was written by a newer version of Billing Reviewer (schema ${applied.length}, this version knows ${known.length}); nothing was restored.`);
    }
    applied.forEach((migration, i) => {
      const expected = known[i]!;
      if (Number(migration.createdAt) !== expected.when || migration.hash !== expected.hash) {
        throw new DatabaseOpenError(`${file} has a schema this version does not know (migration ${i + 1} differs from ${expected.tag}); nothing was restored.`);
      }
    });
    // The migration ids can be copied; the objects themselves (a planted trigger, a dropped audit trigger), the
    // audit chain and the issued documents are checked before anything of this file is opened for writing.
    const verification = verifyBook(source);
    if (!verification.intact) {
      throw new DatabaseOpenError(`${file} cannot be trusted: ${verification.problems[0]}; nothing was restored.`);
    }
    return applied.length;
  } finally {
    source.close();
  }
}

export async function restoreDatabase(dbPath: string, file: string, actor: string): Promise<RestoreResult> {
  const from = resolve(file);
  if (!existsSync(from) || !statSync(from).isFile()) throw new DatabaseOpenError(`There is no file ${from} to restore.`);
  if (resolve(dbPath) === from) throw new DatabaseOpenError('That file is the current database; choose a backup to restore.');
  const migrations = validateBillingDatabase(from);

  // A safety copy of what is there now, taken before anything changes.
  let safetyBackup: string | null = null;
  if (existsSync(dbPath) && statSync(dbPath).size > 0) {
    const current = openDatabase(dbPath);
    try {
      safetyBackup = vacuumInto(current.sqlite, `${dbPath}.before-restore-${timestamp()}.bak`).file;
    } finally {
      current.close();
    }
  }

  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    // Everything in one backup step: one write transaction on the live database.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await source.backup(dbPath, { progress: () => 0x7fffffff });
        break;
      } catch (error) {
        const busy = error instanceof Error && /SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(`${(error as { code?: string }).code ?? ''} ${error.message}`);
        if (!busy || Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    source.close();
  }
  // Open it the normal way: WAL, integrity, and an older schema migrated forward.
  const restored = openDatabase(dbPath);
  try {
    checkIntegrity(restored.sqlite, 'The restored database');
    appendAudit(restored.sqlite, { actor, action: 'restore', entityType: 'database', entityId: null, details: { from, safety_backup: safetyBackup } });
  } finally {
    restored.close();
  }
  return { restoredFrom: from, safetyBackup, migrations };
}
