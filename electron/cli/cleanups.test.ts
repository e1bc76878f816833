/**
 * Issue 14, "Cleanups", through the real `billing` command on real SQLite
 * files: leftovers of a crashed export, books that are missing or read-only,
 * unwritable output places and usage errors.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { seedSmallBook } from '../desktop/fixtures';
import { billing, billingOk, CLI } from './__tests__/run-cli';

let dir: string;
let book: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cleanups-'));
  book = join(dir, 'book.db');
  const opened = openDatabase(book);
  await seedSmallBook(opened.sqlite, dir);
  opened.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The id of a process that has certainly ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('an export after a crash', () => {
  it("removes the hidden partial PDFs a crashed export left, and nothing else", () => {
    const out = join(dir, 'export-after-crash');
    mkdirSync(out);
    const crashed = [`.INV-2026-000009_ACME.pdf.${deadPid()}.partial`, '.INV-2026-000010_ACME.pdf.partial'];
    const kept = [
      `.INV-2026-000011_ACME.pdf.${process.pid}.partial`, // an export still running in a live process
      '.notes.partial', '.book.db.1df8a1ac35d4.partial', '.INV-2026-000012_ACME.pdf.123456789012.partial', 'keep.txt', '.hidden',
    ];
    for (const name of [...crashed, ...kept]) writeFileSync(join(out, name), 'x');
    billingOk(['export', '--period', '2026-10', '--out', out, '--issue-date', '2026-11-02', '--db', book]);
    const files = readdirSync(out);
    for (const name of crashed) expect(files).not.toContain(name);
    for (const name of kept) expect(files).toContain(name);
  });
});

describe('an --out the system will not let us write', () => {
  // /proc exists on Linux and takes no new files or folders; mkdir(recursive) used to loop forever on it.
  const unwritable = process.platform === 'linux' ? describe : describe.skip;
  unwritable('under /proc', () => {
    const refused = (args: string[]) => {
      const r = billing(args, undefined, { timeoutMs: 15_000 });
      expect(r.code, `billing ${args.join(' ')} still running after 15 s`).not.toBe(-1);
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^billing: /);
      expect(r.stderr).not.toMatch(/ENOENT|EACCES|SQLITE_|unable to open|Error:/);
      return r.stderr;
    };
    it('export, demo, pdf, backup and rejected each fail with one sentence', () => {
      expect(refused(['export', '--period', '2026-10', '--out', '/proc/billing-x', '--db', book])).toContain('/proc/billing-x cannot be created');
      expect(refused(['export', '--period', '2026-10', '--out', '/proc/billing-x/deeper', '--db', book])).toContain('cannot be created');
      expect(refused(['demo', '--out', '/proc/billing-x', '--rows', '10'])).toContain('/proc/billing-x cannot be created');
      expect(refused(['pdf', 'AG-1@2026-10', '--out', '/proc/billing-x/a.pdf', '--db', book])).toContain('cannot be created');
      expect(refused(['pdf', 'AG-1@2026-10', '--out', '/proc/a.pdf', '--db', book])).toContain('/proc/a.pdf cannot be used');
      expect(refused(['backup', '--out', '/proc/x.db', '--db', book])).toContain('The backup cannot be written in /proc');
      expect(refused(['rejected', '--out', '/proc/x.csv', '--db', book])).toContain('/proc/x.csv cannot be used');
    }, 60_000);
  });
});

describe('a --db that does not exist', () => {
  const READING: string[][] = [
    ['invoices', '--period', '2026-10'], ['anomalies', '--period', '2026-10'], ['reconcile', '--period', '2026-10'], ['imports'], ['rejected'],
    ['rejected', '--out', 'r.csv'], ['rules'], ['quality', '--period', '2026-10'], ['pdf', 'AG-1@2026-10', '--out', 'x.pdf'], ['audit', 'verify'],
    ['credit-note', 'AG-1@2026-10', '--list-lines'], ['settings', 'branding'], ['settings', 'numbering'], ['backup', '--out', 'copy.db'],
  ];
  it('is refused by every command that only reads, in one sentence, and no folder or book is created', () => {
    const work = join(dir, 'missing-db');
    mkdirSync(work);
    const missing = join(work, 'no-such-folder', 'book.db');
    for (const args of READING) {
      const r = billing([...args, '--db', missing], work);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`^billing: There is no database at ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( to back up)?\\.\n$`));
      expect(readdirSync(work), args.join(' ')).toEqual([]);
    }
  }, 120_000);

  it('is created by a command that writes', () => {
    const fresh = join(dir, 'new-folder', 'book.db');
    billingOk(['rule', 'usage_spike', '--off', '--db', fresh]);
    expect(existsSync(fresh)).toBe(true);
  });
});

describe('a book in a read-only file and folder', () => {
  it('is read by audit verify, imports, invoices and backup, and not changed', () => {
    const folder = join(dir, 'read-only');
    mkdirSync(folder);
    const copy = join(folder, 'book.db');
    openDatabase(book).close(); // the last writer to close checkpoints the book and removes its -wal
    expect(existsSync(`${book}-wal`)).toBe(false);
    copyFileSync(book, copy);
    expect(readFileSync(copy)[18], 'a WAL-mode book').toBe(2);
    const before = { bytes: readFileSync(copy), mtime: statSync(copy).mtimeMs };
    chmodSync(copy, 0o444);
    chmodSync(folder, 0o555);
    // Root ignores permissions: run the commands as "nobody" then, who is held to them.
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    chmodSync(dir, 0o755); // mkdtemp's folder is private to its owner
    // So may be the checkout's own folder (a clone into `mktemp -d`): "nobody" must be able to pass through
    // the folders above the CLI to run it. Lend them others' search bit for the test, and take it back.
    const lent: { path: string; mode: number }[] = [];
    if (as.uid !== undefined) {
      for (let folder = dirname(CLI); folder !== parse(folder).root; folder = dirname(folder)) {
        const mode = statSync(folder).mode & 0o7777;
        if ((mode & 0o001) === 0) {
          lent.push({ path: folder, mode });
          chmodSync(folder, mode | 0o001);
        }
      }
    }
    const backups = mkdtempSync(join(tmpdir(), 'billing-ro-backup-'));
    chmodSync(backups, 0o777);
    try {
      const read = (args: string[]) => {
        const r = billing([...args, '--db', copy], undefined, as);
        expect(r.stderr, args.join(' ')).toBe('');
        expect(r.code, args.join(' ')).toBe(0);
        return r.stdout;
      };
      expect(read(['audit', 'verify'])).toMatch(/^audit log intact/);
      expect(read(['imports', '--json'])).toMatch(/seed-usage\.csv/);
      expect(JSON.parse(read(['invoices', '--period', '2026-10', '--json']))).toHaveLength(2);
      read(['backup', '--out', join(backups, 'copy.db')]);
      expect(billingOk(['audit', 'verify', '--db', join(backups, 'copy.db')])).toMatch(/^audit log intact/);
    } finally {
      chmodSync(folder, 0o755);
      rmSync(backups, { recursive: true, force: true });
      for (const { path, mode } of lent) chmodSync(path, mode);
    }
    expect(readdirSync(folder)).toEqual(['book.db']);
    expect(readFileSync(copy).equals(before.bytes)).toBe(true);
    expect(statSync(copy).mtimeMs).toBe(before.mtime);
  }, 60_000);

  it('in a folder that can be written, commands that read leave the book file as it was', () => {
    const folder = join(dir, 'read-only-file');
    mkdirSync(folder);
    const copy = join(folder, 'book.db');
    copyFileSync(book, copy);
    const before = { bytes: readFileSync(copy), mtime: statSync(copy).mtimeMs };
    for (const args of [['audit', 'verify'], ['imports'], ['invoices', '--period', '2026-10'], ['rules'], ['reconcile', '--period', '2026-10']]) billingOk([...args, '--db', copy]);
    expect(readFileSync(copy).equals(before.bytes)).toBe(true);
    expect(statSync(copy).mtimeMs).toBe(before.mtime);
  }, 60_000);
});

describe('usage errors', () => {
  it('are one line "billing: …" on stderr with exit code 2, never commander\'s two lines or a DecimalError', () => {
    const cases: [string[], RegExp][] = [
      [['rule', 'usage_spike', '--threshold', 'factor=abc'], /^billing: --threshold factor must be a non-negative decimal/],
      [['rule', 'usage_spike', '--threshold', 'nosuch=2'], /^billing: usage_spike has no threshold "nosuch"/],
      [['rule', 'usage_spike', '--severity', 'huge'], /^billing: Option '--severity <severity>' argument 'huge' is invalid/],
      [['approve'], /^billing: Missing required argument 'invoiceIds'/],
      [['invoices', '--period', '2026-10', '--bogus'], /^billing: Unknown option '--bogus'/],
      [['invoices'], /^billing: Required option '--period <YYYY-MM>' not specified/],
      [['invoices', '--period', '2026-13'], /^billing: "2026-13" is not a billing period/],
      [['rat', '--period', '2026-10'], /^billing: Unknown command 'rat' \(did you mean rate\?\)/],
    ];
    for (const [args, expected] of cases) {
      const r = billing([...args, '--db', book]);
      const what = args.join(' ');
      expect(r.code, `${what}: ${r.stderr}`).toBe(2);
      expect(r.stderr, what).toMatch(expected);
      expect(r.stderr.endsWith('\n') && r.stderr.split('\n').length === 2, `${what} printed more than one line: ${r.stderr}`).toBe(true);
      expect(r.stderr, what).not.toMatch(/DecimalError|error:|Invalid request/);
      expect(r.stdout, what).toBe('');
    }
  }, 60_000);
});
