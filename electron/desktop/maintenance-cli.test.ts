/**
 * Through the real `billing` command: backup and restore, the audit log's
 * append-only triggers and hash chain (`billing audit verify`), and corrupt or
 * foreign database files answered with one clear line instead of a crash.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, billingOk } from '../cli/__tests__/run-cli';
import { auditHash } from '../engine/audit/audit-log';
import { verifyAuditLog } from '../engine/audit/verify-audit';
import { restoreDatabase } from '../engine/maintenance/backup-restore';
import { DatabaseOpenError, openDatabase } from '../../db/open';

let dir: string;
let book: string;
let files: string[];

const count = (db: string, sql: string): number => {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare(sql).pluck().get() as number;
  } finally {
    sqlite.close();
  }
};
const counts = (db: string) => ({
  usage: count(db, 'SELECT count(*) FROM usage_records'),
  invoices: count(db, 'SELECT count(*) FROM invoices'),
  approved: count(db, "SELECT count(*) FROM invoices WHERE status = 'approved'"),
  audit: count(db, 'SELECT count(*) FROM audit_log'),
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-maint-'));
  billingOk(['demo', '--out', join(dir, 'demo'), '--rows', '3000']);
  files = readdirSync(join(dir, 'demo')).sort().map((f) => join(dir, 'demo', f));
  book = join(dir, 'book.db');
  billingOk(['import', ...files.filter((f) => !f.endsWith('usage.csv')), '--db', book]);
  billingOk(['rate', '--period', '2026-10', '--db', book]);
  billingOk(['approve', 'AG-1001@2026-10', 'AG-1002@2026-10', '--override', 'reviewed in the test', '--db', book, '--as', 'tester']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing backup / restore', () => {
  it('backs up, restores after later changes, keeps a safety copy of what it replaced', () => {
    const backup = join(dir, 'backup-1.db');
    const before = counts(book);
    expect(billingOk(['backup', '--out', backup, '--db', book])).toMatch(/^Backed up .+ to .+backup-1\.db \(\d+ bytes\)\.\n$/);
    expect(count(backup, 'SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = \'ok\'')).toBe(1);
    expect(counts(backup)).toEqual(before);

    // an existing file is never overwritten
    const again = billing(['backup', '--out', backup, '--db', book]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^billing: .+ already exists; choose a new file name for the backup\.\n$/);

    // change the book, then go back
    billingOk(['import', ...files.filter((f) => f.endsWith('usage.csv')), '--db', book]);
    const changed = counts(book);
    expect(changed.usage).toBeGreaterThan(before.usage);
    const restored = billingOk(['restore', backup, '--db', book, '--as', 'tester']);
    expect(restored).toMatch(/Restored .+ from .+backup-1\.db\./);
    const safety = /saved to (.+\.bak)\n/.exec(restored)?.[1];
    expect(safety && existsSync(safety)).toBe(true);
    expect(counts(safety!)).toEqual(changed);
    const after = counts(book);
    expect({ ...after, audit: after.audit - 1 }).toEqual(before); // plus one audit entry: the restore itself
    expect(count(book, "SELECT count(*) FROM audit_log WHERE action = 'restore' AND actor = 'tester'")).toBe(1);
    expect(billingOk(['audit', 'verify', '--db', book])).toBe(`audit log intact: ${after.audit} entries; schema as migrated; 0 finalized documents check out\n`);
  });

  it('refuses to restore anything but a healthy billing database of a known schema, and leaves the book alone', async () => {
    const before = readFileSync(book);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.from('this is not a database at all, just some text'.repeat(100)));
    const foreign = join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'hello\')');
    f.close();
    const future = join(dir, 'future.db');
    copyFileSync(join(dir, 'backup-1.db'), future);
    const fu = new Database(future);
    fu.exec("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('ffff', 99999999999999)");
    fu.close();
    const alien = join(dir, 'alien-schema.db');
    copyFileSync(join(dir, 'backup-1.db'), alien);
    const al = new Database(alien);
    al.exec("UPDATE __drizzle_migrations SET hash = 'edited' WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)");
    al.close();
    const truncated = join(dir, 'truncated.db');
    writeFileSync(truncated, readFileSync(join(dir, 'backup-1.db')).subarray(0, 64 * 1024));

    const cases: [string, RegExp][] = [
      [junk, /is not a database file; nothing was restored\.$/],
      [foreign, /is a SQLite database but not a Billing Reviewer database; nothing was restored\.$/],
      [future, /was written by a newer version of Billing Reviewer .+; nothing was restored\.$/],
      [alien, /has a schema this version does not know .+; nothing was restored\.$/],
      [truncated, /(is damaged|could not be opened).+; nothing was restored\.$/],
      [join(dir, 'missing.db'), /There is no file .+missing\.db to restore\.$/],
      [book, /That file is the current database; choose a backup to restore\.$/],
    ];
    for (const [file, message] of cases) {
      const error = await restoreDatabase(book, file, 'tester').then(() => null, (e: unknown) => e);
      expect(error, file).toBeInstanceOf(DatabaseOpenError);
      expect((error as Error).message, file).toMatch(message);
    }
    // and through the command line: one line on stderr, exit 1
    for (const [file, message] of [cases[0]!, cases[2]!]) {
      const r = billing(['restore', file, '--db', book]);
      expect(r.code, file).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim(), file).toMatch(message);
      expect(r.stderr).not.toMatch(/\s+at .+:\d+|Error:/);
    }
    expect(readFileSync(book).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('before-restore'))).toHaveLength(1); // only the earlier, real restore's
  });
});

describe('corrupt and foreign database files', () => {
  it('are named in one line on stderr with a non-zero exit, never a stack trace', () => {
    const junk = join(dir, 'random.db');
    writeFileSync(junk, Buffer.alloc(8192, 0x5a));
    const foreign = join(dir, 'other-app.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)');
    f.close();
    const truncated = join(dir, 'cut.db');
    copyFileSync(book, join(dir, 'to-cut.db'));
    writeFileSync(truncated, readFileSync(join(dir, 'to-cut.db')).subarray(0, 100 * 1024));
    const headerSmashed = join(dir, 'smashed.db');
    const bytes = readFileSync(join(dir, 'to-cut.db'));
    bytes.fill(0xff, 100, 4096); // page 1's schema b-tree
    writeFileSync(headerSmashed, bytes);

    const expectations: [string, RegExp][] = [
      [junk, /could not be opened as a database \(file is not a database\)\.$/],
      [foreign, /is a SQLite file but not a Billing Reviewer database; choose another file\.$/],
      [truncated, /malformed|could not be opened/],
      [headerSmashed, /malformed|could not be opened|not a database/],
    ];
    const commands = [['invoices', '--period', '2026-10', '--json'], ['rate', '--period', '2026-10'], ['audit', 'verify'], ['backup', '--out', join(dir, 'never.db')]];
    for (const [index, [file, message]] of expectations.entries()) {
      const before = readFileSync(file);
      // every file through the real command (a different command each time), and every command in-process
      const args = commands[index % commands.length]!;
      const r = billing([...args, '--db', file]);
      expect(r.code, `${args[0]} on ${file}`).toBe(1);
      expect(r.stderr, `${args[0]} on ${file}`).toMatch(/^billing: .+\n$/);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stderr).not.toMatch(/\s+at .+:\d+/);
      for (const readonly of [false, true]) {
        expect(() => {
          const opened = openDatabase(file, { readonly });
          try {
            opened.sqlite.prepare('SELECT count(*) FROM invoices').get();
          } finally {
            opened.close();
          }
        }, file).toThrow(DatabaseOpenError);
      }
      expect(readFileSync(file).equals(before), `${file} untouched`).toBe(true);
    }
    expect(existsSync(join(dir, 'never.db'))).toBe(false);
  });
});

describe('the audit log', () => {
  it('refuses updates and deletes in the database itself', () => {
    const sqlite = new Database(book);
    try {
      expect(() => sqlite.prepare("UPDATE audit_log SET reason = 'rewritten' WHERE id = 1").run()).toThrow(/the audit log is append-only/);
      expect(() => sqlite.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/the audit log is append-only/);
      expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/the audit log is append-only/);
      expect(() => sqlite.prepare("UPDATE audit_log SET hash = 'x'").run()).toThrow(/the audit log is append-only/);
    } finally {
      sqlite.close();
    }
    const opened = openDatabase(book, { readonly: true });
    expect(verifyAuditLog(opened.sqlite)).toMatchObject({ intact: true });
    opened.close();
  });

  it('chains every entry to the previous one, so tampering around the triggers is found', () => {
    const n = counts(book).audit;
    expect(n).toBeGreaterThanOrEqual(4);
    const ids = (() => {
      const s = new Database(book, { readonly: true });
      const all = s.prepare('SELECT id FROM audit_log ORDER BY id').pluck().all() as number[];
      s.close();
      return all;
    })();
    const [first, second, third] = ids as [number, number, number];
    const last = ids.at(-1)!;

    // a forger who knows the algorithm rewrites entry 2 *and* its hash: entry 3 no longer follows it
    const row = (() => {
      const s = new Database(book, { readonly: true });
      const r = s.prepare('SELECT * FROM audit_log WHERE id = ?').get(second) as { at: string; actor: string; action: string; entity_type: string; entity_id: string | null; details: string | null; prev_hash: string };
      s.close();
      return r;
    })();
    const forgedHash = auditHash(row.prev_hash, row.at, { actor: row.actor, action: row.action, entityType: row.entity_type, entityId: row.entity_id, reason: 'forged', details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null });
    const tampered = (name: string, sql: string): string => {
      const copy = join(dir, `tampered-${name}.db`);
      copyFileSync(book, copy); // the CLI checkpointed and closed the book: one self-contained file
      const s = new Database(copy);
      s.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
      s.exec(sql);
      s.close();
      return copy;
    };
    const cases: [string, string, RegExp][] = [
      ['reason', `UPDATE audit_log SET reason = 'nothing to see' WHERE id = ${second}`, new RegExp(`entry #${second} .+ was changed after it was written`)],
      ['actor', `UPDATE audit_log SET actor = 'someone-else' WHERE id = ${first}`, new RegExp(`entry #${first} .+ was changed after it was written`)],
      ['details', `UPDATE audit_log SET details = '{"invoice_number":"X"}' WHERE id = ${second}`, new RegExp(`entry #${second} `)],
      ['rehashed', `UPDATE audit_log SET reason = 'forged', hash = '${forgedHash}' WHERE id = ${second}`, new RegExp(`entry #${third} .+ does not follow entry #${second}`)],
      ['deleted', `DELETE FROM audit_log WHERE id = ${second}`, new RegExp(`entry #${third} .+ does not follow entry #${first}`)],
      ['first-deleted', `DELETE FROM audit_log WHERE id = ${first}`, new RegExp(`entry #${second} .+ earlier entries were removed`)],
      ['tail-deleted', `DELETE FROM audit_log WHERE id = ${last}`, new RegExp(`entries after #\\d+ up to #${last} were removed`)],
    ];
    for (const [name, sql, message] of cases) {
      const opened = openDatabase(tampered(name, sql), { readonly: true });
      const result = verifyAuditLog(opened.sqlite);
      opened.close();
      expect(result.intact, name).toBe(false);
      if (!result.intact) expect(result.problem, name).toMatch(message);
    }
    // and through the command: exit 1, the first broken entry named on stderr
    const r = billing(['audit', 'verify', '--db', join(dir, 'tampered-reason.db')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^billing: audit log broken: entry #${second} \\(.+\\) was changed after it was written: its contents no longer match its hash \\(and 1 more problem\\)\n$`));
    // the more problem: the audit triggers the forger dropped
    expect(billingOk(['audit', 'verify', '--db', book])).toMatch(/^audit log intact/);
  });
});
