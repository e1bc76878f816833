import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookBeforeMigration } from './__tests__/book-at-migration';
import { DatabaseOpenError, openDatabase } from './open';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('creates a migrated database in WAL mode with foreign keys and a busy timeout', () => {
    const opened = openDatabase(join(dir, 'a.db'));
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.sqlite.pragma('busy_timeout', { simple: true })).toBe(10000);
    // 1 = FILE: an in-memory temp store made every statement inside a command's savepoint walk the whole sub-journal (open.ts).
    expect(opened.sqlite.pragma('temp_store', { simple: true })).toBe(1);
    const tables = opened.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all();
    for (const t of ['usage_series', 'usage_rows', 'time_entries', 'agreements', 'charges', 'charge_tiers', 'import_batches', 'rejected_rows', 'invoices', 'invoice_lines', 'line_sources', 'anomalies', 'anomaly_sources', 'audit_log', 'settings', 'adjustments', 'number_sequences']) {
      expect(tables).toContain(t);
    }
    expect(opened.backupPath).toBeNull();
    opened.close();
  });

  it('stores no money as REAL', () => {
    const opened = openDatabase(join(dir, 'a.db'));
    const columns = opened.sqlite
      .prepare("SELECT m.name AS t, p.name AS c, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'")
      .all() as { t: string; c: string; type: string }[];
    expect(columns.filter((c) => /REAL|FLOAT|DOUBLE/i.test(c.type))).toEqual([]);
    opened.close();
  });

  it('takes a backup before running a pending migration on an existing book', () => {
    const path = join(dir, 'b.db');
    // A book of the version before: every migration but the last has run.
    bookBeforeMigration(path);
    const opened = openDatabase(path);
    expect(opened.backupPath).not.toBeNull();
    expect(existsSync(opened.backupPath!)).toBe(true);
    expect(readdirSync(dir).some((f) => f.includes('before-migration'))).toBe(true);
    opened.close();
  });

  it('refuses a file that is not a database, and a foreign SQLite database, with one sentence', () => {
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(4096, 7));
    expect(() => openDatabase(garbage)).toThrow(DatabaseOpenError);
    const foreign = join(dir, 'foreign.db');
    const raw = new Database(foreign);
    raw.exec('CREATE TABLE customers (id INTEGER)');
    raw.close();
    expect(() => openDatabase(foreign)).toThrow(/not a Billing Reviewer database/);
  });

  it('enforces in the database that finalized invoices and the audit log never change', () => {
    const { sqlite, close } = openDatabase(join(dir, 'c.db'));
    sqlite.exec(`
      INSERT INTO import_batches (id, file_name, file_size, sha256, kind, imported_by) VALUES (1, 'a.json', 1, 'x', 'agreements', 't');
      INSERT INTO accounts (id, name) VALUES ('A', 'A');
      INSERT INTO agreements (id, account_id, currency, start_date, payment_terms_days, tax_rate, discount_percent, minimum_commitment, deposit, document, batch_id, line, raw)
        VALUES ('AG', 'A', 'USD', '2026-01-01', 30, '0', '0', '0', '0', '{}', 1, 1, '{}');
      INSERT INTO invoices (id, agreement_id, account_id, period, currency, status, subtotal, discount, tax, total, deposit_applied, amount_due, rated_at, rated_by)
        VALUES ('I', 'AG', 'A', '2026-10', 'USD', 'finalized', '1.00', '0.00', '0.00', '1.00', '0.00', '1.00', 'now', 't');
      INSERT INTO audit_log (at, actor, action, entity_type, prev_hash, hash) VALUES ('now', 't', 'x', 'y', '0', '1');
    `);
    expect(() => sqlite.exec("UPDATE invoices SET total = '2.00' WHERE id = 'I'")).toThrow(/immutable/);
    expect(() => sqlite.exec("DELETE FROM invoices WHERE id = 'I'")).toThrow(/immutable/);
    expect(() =>
      sqlite.exec("INSERT INTO invoice_lines (invoice_id, position, kind, code, description, quantity, unit_price, amount, detail) VALUES ('I', 0, 'recurring', 'x', 'x', '1', '1', '1.00', '{}')"),
    ).toThrow(/immutable/);
    expect(() => sqlite.exec("UPDATE audit_log SET actor = 'mallory'")).toThrow(/append-only/);
    expect(() => sqlite.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    // The issued PDF: kept once, never replaced or withdrawn, and only for a finalized invoice.
    sqlite.exec("INSERT INTO invoice_documents (invoice_id, pdf, sha256) VALUES ('I', x'255044462d', 'h')");
    expect(() => sqlite.exec("UPDATE invoice_documents SET pdf = x'00' WHERE invoice_id = 'I'")).toThrow(/immutable/);
    expect(() => sqlite.exec("DELETE FROM invoice_documents WHERE invoice_id = 'I'")).toThrow(/immutable/);
    sqlite.exec(`INSERT INTO invoices (id, agreement_id, account_id, period, currency, status, subtotal, discount, tax, total, deposit_applied, amount_due, rated_at, rated_by)
      VALUES ('D', 'AG', 'A', '2026-11', 'USD', 'draft', '1.00', '0.00', '0.00', '1.00', '0.00', '1.00', 'now', 't')`);
    expect(() => sqlite.exec("INSERT INTO invoice_documents (invoice_id, pdf, sha256) VALUES ('D', x'00', 'h')")).toThrow(/only finalized/);
    close();
  });
});
