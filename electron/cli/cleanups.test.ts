/**
 * Issue 14, "Cleanups", through the real `billing` command on real SQLite
 * files: leftovers of a crashed export, books that are missing or read-only,
 * unwritable output places and usage errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { seedSmallBook } from '../desktop/fixtures';
import { billing, billingOk } from './run-cli';

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
      const r = billing(args, undefined, 15_000);
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
