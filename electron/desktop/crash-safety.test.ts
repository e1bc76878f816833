/**
 * Crash safety through the real `billing` command: the process is killed with
 * SIGKILL in the middle of a large import and in the middle of an export. The
 * reopened database is intact and exactly as before the killed command, and a
 * re-run completes with nothing duplicated or lost.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIsoCurrency } from '../../shared/currencies';
import { billingOk, CLI } from '../cli/__tests__/run-cli';

const ROWS = 150_000;
let dir: string;
let db: string;
let demo: string;

interface Killed {
  signal: NodeJS.Signals | null;
  code: number | null;
  killedAt: string | null;
}

/** Runs `billing` with progress lines on stderr and SIGKILLs it at the first progress line `when` accepts. */
function runAndKill(args: string[], when: (phase: string, done: number, total: number) => boolean): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, BILLING_PROGRESS: 'lines', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let killedAt: string | null = null;
    let buffer = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      buffer += text;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const m = /^progress (.+): (\d+)\/(\d+)$/.exec(line);
        if (m && killedAt === null && when(m[1]!, Number(m[2]), Number(m[3]))) {
          killedAt = line;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, killedAt }));
  });
}

function inspect(path: string) {
  const sqlite = new Database(path, { readonly: true });
  try {
    const one = (sql: string) => sqlite.prepare(sql).pluck().get() as number | string;
    return {
      integrity: sqlite.pragma('integrity_check', { simple: true }),
      usage: one('SELECT count(*) FROM usage_records'),
      distinctUsage: one('SELECT count(DISTINCT coalesce(event_id, hex(content_key))) FROM usage_records'),
      batches: one('SELECT count(*) FROM import_batches'),
      rejected: one('SELECT count(*) FROM rejected_rows'),
      finalized: one("SELECT count(*) FROM invoices WHERE status = 'finalized'"),
      approved: one("SELECT count(*) FROM invoices WHERE status = 'approved'"),
      audit: one('SELECT count(*) FROM audit_log'),
      sequences: one("SELECT coalesce(group_concat(name || '=' || next), '') FROM number_sequences"),
    };
  } finally {
    sqlite.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-crash-'));
  demo = join(dir, 'demo');
  db = join(dir, 'book.db');
  billingOk(['demo', '--out', demo, '--rows', String(ROWS)]);
  billingOk(['import', join(demo, 'agreements.json'), join(demo, 'hours.csv'), '--db', db]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SIGKILL in the middle of work', () => {
  it('an import killed mid-way leaves the book as it was; the re-run imports every row once', async () => {
    const before = inspect(db);
    expect(before.integrity).toBe('ok');
    const killed = await runAndKill(['import', join(demo, 'usage.csv'), '--db', db], (phase, done, total) => phase.startsWith('Importing') && done / total >= 0.4);
    expect(killed.signal, 'the import finished before it could be killed').toBe('SIGKILL');
    expect(killed.killedAt).toMatch(/^progress Importing usage\.csv: \d+\/\d+$/);

    const after = inspect(db); // opening replays or discards the WAL exactly as SQLite recovers
    expect(after).toEqual(before);

    const rerun = JSON.parse(billingOk(['import', join(demo, 'usage.csv'), '--db', db, '--json'])) as { rows: number; imported: number; duplicates: number; rejected: number }[];
    expect(rerun[0]!.rows).toBe(ROWS);
    expect(rerun[0]!.duplicates).toBe(0);
    const done = inspect(db);
    expect(done.integrity).toBe('ok');
    expect(done.usage).toBe(rerun[0]!.imported);
    expect(done.usage).toBe(done.distinctUsage);
    expect(done.usage).toBe(ROWS - rerun[0]!.rejected);
    expect(done.batches).toBe((before.batches as number) + 1);
  });

  it('an export killed while finalizing leaves every invoice approved and unnumbered; the re-run numbers them gaplessly', async () => {
    billingOk(['rate', '--period', '2026-10', '--db', db]);
    const sqlite = new Database(db);
    // The demo's invoice in a currency that is not ISO 4217 ("USDX") can never be finalized, so it is not approved here.
    const ids = (sqlite.prepare("SELECT id, currency FROM invoices WHERE period = '2026-10' AND status = 'draft' ORDER BY id").all() as { id: string; currency: string }[])
      .filter((i) => isIsoCurrency(i.currency))
      .map((i) => i.id);
    sqlite.close();
    billingOk(['approve', ...ids, '--override', 'approved for the crash test', '--db', db]);
    const before = inspect(db);
    expect(before.approved).toBe(ids.length);
    const out = join(dir, 'export');

    const killed = await runAndKill(['export', '--period', '2026-10', '--out', out, '--issue-date', '2026-11-02', '--db', db], (phase, done, total) => phase === 'Finalizing invoices' && done > 0 && done < total);
    expect(killed.signal, 'the export finished before it could be killed').toBe('SIGKILL');
    expect(inspect(db)).toEqual(before);
    expect(readdirSync(out).filter((f) => f.endsWith('.pdf') || f.endsWith('.csv'))).toEqual([]); // only temporary .partial files, if any

    billingOk(['export', '--period', '2026-10', '--out', out, '--issue-date', '2026-11-02', '--db', db]);
    const after = inspect(db);
    expect(after.integrity).toBe('ok');
    expect(after.finalized).toBe(ids.length);
    expect(after.approved).toBe(0);
    const check = new Database(db, { readonly: true });
    const rows = check.prepare("SELECT invoice_number, pdf_sha256 FROM invoices WHERE period = '2026-10' AND status = 'finalized' ORDER BY invoice_number").all() as { invoice_number: string; pdf_sha256: string }[];
    check.close();
    expect(rows.map((r) => r.invoice_number)).toEqual(ids.map((_, i) => `INV-2026-${String(i + 1).padStart(6, '0')}`));
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    const pdfs = files.filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(ids.length);
    const hashes = new Set(rows.map((r) => r.pdf_sha256));
    for (const pdf of pdfs) expect(hashes.has(createHash('sha256').update(readFileSync(join(out, pdf))).digest('hex')), pdf).toBe(true);
    const register = readFileSync(join(out, 'invoice-register_2026-10.csv'), 'utf8').trim().split('\n');
    expect(register).toHaveLength(ids.length + 1);
  });
});
