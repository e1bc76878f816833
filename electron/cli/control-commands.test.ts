/**
 * Locks, four eyes and corrections through the real `billing` command (a child
 * process on a real SQLite file): one-line refusals with a non-zero exit, and
 * the invoice JSON moving exactly as the corrections say.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeControlBook } from '../engine/controls/__tests__/book';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
const cli = (args: string[], actor = 'ann') => billing([...args, '--db', db, '--as', actor]);
const ok = (args: string[], actor = 'ann') => billingOk([...args, '--db', db, '--as', actor]);
type Invoice = { invoice_id: string; total: string; lines: { code: string; quantity: string; amount: string; description: string }[] };
const invoice = (id: string) => (JSON.parse(ok(['invoices', '--period', '2026-10', '--json'])) as Invoice[]).find((i) => i.invoice_id === id)!;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-controls-cli-'));
  db = join(dir, 'book.db');
  billingOk(['import', ...writeControlBook(dir), '--db', db]);
  billingOk(['rate', '--period', '2026-10', '--db', db, '--as', 'ann']);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing exclude / include / line override / corrections', () => {
  it('excludes a row and overrides a quantity, re-rating the draft, and lists both corrections', () => {
    // usage rows are numbered in file order: u1, u2, u3 = 1, 2, 3
    expect(ok(['exclude', 'usage:3', '--reason', 'meter read in bytes'])).toBe('Excluded usage:3 from billing (correction 1). Re-rated 2026-10: 1 of 2 drafts changed (AG-1@2026-10).\n');
    expect(invoice('AG-1@2026-10').lines.find((l) => l.code === 'api_calls')).toMatchObject({ quantity: '3000', amount: '6.00' });
    expect(ok(['line', 'override', 'AG-1@2026-10', 'storage_gb', '--quantity', '9', '--reason', 'MB, not GB'])).toBe('Overrode storage_gb on AG-1@2026-10 to 9; total now 636.90.\n');
    expect(invoice('AG-1@2026-10')).toMatchObject({ total: '636.90' });
    const list = JSON.parse(ok(['corrections', '--period', '2026-10', '--json'])) as { kind: string; reason: string; actor: string; removed_at: string | null }[];
    expect(list.map((c) => [c.kind, c.reason, c.actor, c.removed_at])).toEqual([
      ['exclude_row', 'meter read in bytes', 'ann', null],
      ['override_quantity', 'MB, not GB', 'ann', null],
    ]);
    expect(ok(['reconcile', '--period', '2026-10'])).toContain('Usage: 5 billed + 0 unbilled + 1 excluded by reviewer = 6 records');
    expect(ok(['line', 'override', 'AG-1@2026-10', 'storage_gb', '--remove', '--reason', 'GB after all'])).toBe('Removed the quantity override of storage_gb on AG-1@2026-10; total now 1536.00.\n');
    expect(ok(['include', 'usage:3', '--reason', 'reading confirmed'])).toContain('Included usage:3 in billing again.');
    expect(invoice('AG-1@2026-10')).toMatchObject({ total: '2536.00' });
    expect((JSON.parse(ok(['reconcile', '--period', '2026-10', '--json'])) as { excluded_rows: unknown[] }).excluded_rows).toEqual([]);
  });

  it('refuses a malformed row or a missing --quantity/--remove as usage errors (exit 2)', () => {
    expect(cli(['exclude', '3', '--reason', 'x y z'])).toMatchObject({ code: 2, stderr: 'billing: A row is written usage:ID or hours:ID (e.g. usage:1234), not "3".\n' });
    expect(cli(['line', 'override', 'AG-1@2026-10', 'api_calls', '--reason', 'why'])).toMatchObject({ code: 2, stderr: 'billing: Give either --quantity Q or --remove.\n' });
  });
});

describe('billing settings four-eyes / period close / reopen', () => {
  it('refuses the approval of whoever last changed the invoice, and takes a second person', () => {
    expect(ok(['settings', 'four-eyes', '--on'], 'admin')).toBe('Four eyes is on: whoever last changed an invoice cannot approve it.\n');
    ok(['exclude', 'hours:1', '--reason', 'internal workshop'], 'bob');
    const refused = cli(['approve', 'AG-1@2026-10'], 'bob');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^billing: Four eyes: bob last changed AG-1@2026-10 \(excluded time entry 1 at [\d-]+ [\d:]+ UTC\), so someone else must approve it\.\n$/);
    expect(ok(['approve', 'AG-1@2026-10'], 'carol')).toBe('Approved AG-1@2026-10.\n');
  });

  it('closes a period: rating and approving are refused in one line, late rows still import; reopening allows them again', () => {
    expect(ok(['period', 'close', '2026-10', '--reason', 'month-end close'], 'carol')).toBe('Closed 2026-10 (by carol).\n');
    expect(cli(['rate', '--period', '2026-10'])).toMatchObject({ code: 1, stderr: 'billing: Period 2026-10 is closed (by carol: month-end close), so it cannot be rated; reopen it first.\n' });
    expect(cli(['approve', 'AG-2@2026-10'], 'dave')).toMatchObject({
      code: 1,
      stderr: 'billing: Period 2026-10 is closed (by carol: month-end close), so invoice AG-2@2026-10 cannot be approved; reopen it first.\n',
    });
    const late = join(dir, 'late.csv');
    writeFileSync(late, 'event_id,account_id,metric,quantity,timestamp\nu9,GLOBEX,api_calls,7,2026-10-20T00:00:00Z\n');
    expect(ok(['import', late])).toContain('1 imported');
    expect(JSON.parse(ok(['period', 'status', '--json']))).toMatchObject([{ period: '2026-10', closed_by: 'carol', reason: 'month-end close' }]);
    expect(ok(['period', 'reopen', '2026-10', '--reason', 'late usage'], 'dave')).toBe('Reopened 2026-10 (by dave).\n');
    expect(cli(['rate', '--period', '2026-10']).code).toBe(0);
  });
});
