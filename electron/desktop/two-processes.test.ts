/**
 * The app and the command line on one database file at the same time: the
 * preview host (its own process, like the desktop app) approves invoices and
 * answers reads while `billing rate` and `billing import` write from another
 * process. WAL and the busy timeout make them take turns: every call succeeds,
 * nothing is lost, and the audit chain written by both stays intact.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingOk, CLI } from '../cli/__tests__/run-cli';
import { openDatabase } from '../../db/open';

const TOKEN = 'two-processes-token';
let dir: string;
let db: string;
let demo: string;
let preview: ChildProcess | undefined;
let base = '';

function runCli(args: string[], onProgress?: () => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BILLING_PROGRESS: 'lines' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      const text = c.toString();
      if (/^progress /m.test(text)) onProgress?.();
      stderr += text.replace(/^progress .*\n/gm, '');
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function call(method: string, args: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-billing-token': TOKEN }, body: JSON.stringify(args) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-two-'));
  demo = join(dir, 'demo');
  db = join(dir, 'book.db');
  billingOk(['demo', '--out', demo, '--rows', '40000']);
  billingOk(['import', join(demo, 'agreements.json'), join(demo, 'hours.csv'), '--db', db]);
  billingOk(['rate', '--period', '2026-10', '--db', db]);
  preview = spawn(process.execPath, [join(CLI, '..', 'preview.mjs'), '--db', db, '--port', '0', '--as', 'app-user'], { env: { ...process.env, BILLING_PREVIEW_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    preview!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Billing Reviewer preview: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve(m[1]!);
    });
    preview!.on('exit', (code) => reject(new Error(`preview exited ${code}`)));
  });
});
afterAll(async () => {
  if (preview && preview.exitCode === null) {
    const exited = new Promise((r) => preview!.on('exit', r));
    preview.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the app and the CLI on one database', () => {
  it('work side by side: concurrent writes from both succeed and the audit chain stays whole', async () => {
    const sqlite = new Database(db, { readonly: true });
    const drafts = sqlite.prepare("SELECT id FROM invoices WHERE period = '2026-10' AND status = 'draft' ORDER BY id").pluck().all() as string[];
    sqlite.close();
    expect(drafts.length).toBeGreaterThan(30);

    // The CLI writes: a usage import, then rating two periods (each one long write transaction).
    let cliDone = false;
    let cliWriting!: () => void;
    const started = new Promise<void>((r) => (cliWriting = r));
    const cli = (async () => {
      const results = [];
      for (const args of [['import', join(demo, 'usage.csv')], ['rate', '--period', '2026-09'], ['rate', '--period', '2026-08']]) {
        results.push(await runCli([...args, '--db', db, '--as', 'cli-user'], cliWriting));
      }
      cliDone = true;
      return results;
    })();
    await started; // the import is under way before the app starts writing

    // Meanwhile the app approves every draft one by one and keeps reading.
    const approved: string[] = [];
    const failures: unknown[] = [];
    let readsWhileCliRan = 0;
    let approvedWhileCliRan = 0;
    for (const id of drafts) {
      const r = await call('invoices.approve', { invoice_ids: [id], override_reason: 'approved while the CLI works' });
      if (!cliDone) approvedWhileCliRan++;
      if (r.status === 200) approved.push(id);
      else failures.push(r.body);
      const status = await call('app.status', {});
      if (status.status !== 200) failures.push(status.body);
      if (!cliDone) readsWhileCliRan++;
    }
    while (!cliDone) {
      const status = await call('invoices.list', { period: '2026-10' });
      if (status.status !== 200) failures.push(status.body);
      if (!cliDone) readsWhileCliRan++;
      await new Promise((r) => setTimeout(r, 50));
    }
    const cliResults = await cli;

    expect(failures).toEqual([]);
    for (const r of cliResults) expect(r.code, r.stderr).toBe(0);
    expect(approved).toEqual(drafts);
    // Reads answered while the CLI was writing (whichever of the two finished first).
    expect(readsWhileCliRan).toBeGreaterThan(0);
    expect(approvedWhileCliRan).toBeGreaterThan(0);

    const check = new Database(db, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(check.prepare("SELECT count(*) FROM invoices WHERE period = '2026-10' AND status = 'approved'").pluck().get()).toBe(drafts.length);
      expect(check.prepare("SELECT count(*) FROM audit_log WHERE action = 'approve' AND actor = 'app-user'").pluck().get()).toBe(drafts.length);
      expect(check.prepare("SELECT count(*) FROM audit_log WHERE actor = 'cli-user'").pluck().get()).toBeGreaterThan(0);
      expect(check.prepare('SELECT count(*) FROM usage_records').pluck().get()).toBeGreaterThan(39_000);
      expect(check.prepare("SELECT count(DISTINCT period) FROM invoices WHERE period IN ('2026-08', '2026-09')").pluck().get()).toBe(2);
    } finally {
      check.close();
    }
    const verify = await runCli(['audit', 'verify', '--db', db]);
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toMatch(/^audit log intact: \d+ entries; schema as migrated; \d+ finalized documents check out\n$/);
    expect(readdirSync(dir)).toContain('book.db-wal'); // the app still has it open, in WAL mode
  });

  it('opens every connection in WAL with a busy timeout, and begins every transaction IMMEDIATE', () => {
    const path = join(dir, 'locks.db');
    const a = openDatabase(path);
    const b = openDatabase(path);
    try {
      expect(a.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(a.sqlite.pragma('busy_timeout', { simple: true })).toBe(10000);
      b.sqlite.pragma('busy_timeout = 0');
      // inside a's transaction (which has written nothing yet) b cannot take the write lock: a holds it from BEGIN
      const inside = a.sqlite.transaction(() => {
        expect(() => b.sqlite.exec('BEGIN IMMEDIATE')).toThrow(/database is locked/);
        return 'done';
      });
      expect(inside()).toBe('done');
      expect(typeof inside.deferred).toBe('function');
      // nested transactions are savepoints, as before
      expect(a.sqlite.transaction(() => a.sqlite.transaction(() => 42)())()).toBe(42);
      // a reader is never blocked by a writer (WAL)
      a.sqlite.transaction(() => {
        a.sqlite.prepare("INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('probe', '1', 'now', 'test')").run();
        expect(b.sqlite.prepare('SELECT count(*) FROM settings').pluck().get()).toBeTypeOf('number');
      })();
    } finally {
      a.close();
      b.close();
    }
  });
});
