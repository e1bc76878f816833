/**
 * Tamper evidence through the real `billing` command: a finalized total edited
 * behind dropped triggers, and backups carrying a planted trigger, a dropped
 * immutability trigger or an edited audit row. Each is found by `audit verify`
 * and refused by `export` and `restore` with one sentence, changing nothing.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, billingOk } from '../cli/__tests__/run-cli';

let dir: string;
let book: string;

const AGREEMENT = {
  agreement_id: 'AG-1', account_id: 'ACME', currency: 'USD', start_date: '2026-01-01', owner: 'Dana', po_number: 'PO-1', bill_to: 'Acme',
  charges: [{ type: 'recurring', code: 'platform', amount: '100.00' }, { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.50' }],
};

function edit(file: string, sql: string): void {
  const s = new Database(file);
  try {
    s.exec(sql);
  } finally {
    s.close();
  }
}
const scalar = (file: string, sql: string): unknown => {
  const s = new Database(file, { readonly: true });
  try {
    return s.prepare(sql).pluck().get();
  } finally {
    s.close();
  }
};
/** A copy of the book, changed by `sql` behind the app's back. */
function tampered(name: string, sql: string): string {
  const copy = join(dir, `${name}.db`);
  copyFileSync(book, copy);
  edit(copy, sql);
  return copy;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-tamper-'));
  book = join(dir, 'book.db');
  writeFileSync(join(dir, 'agreements.json'), JSON.stringify([AGREEMENT]));
  writeFileSync(join(dir, 'usage.csv'), 'event_id,account_id,metric,quantity,timestamp\nu1,ACME,api_calls,10,2026-10-02\n');
  billingOk(['import', join(dir, 'agreements.json'), join(dir, 'usage.csv'), '--db', book]);
  billingOk(['rate', '--period', '2026-10', '--db', book]);
  billingOk(['approve', 'AG-1@2026-10', '--db', book]);
  billingOk(['export', '--period', '2026-10', '--out', join(dir, 'out'), '--db', book]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing audit verify', () => {
  it('vouches for an untouched book, its schema and its finalized document', () => {
    expect(billingOk(['audit', 'verify', '--db', book])).toMatch(/^audit log intact: \d+ entries; schema as migrated; 1 finalized documents check out\n$/);
  });

  it('finds a finalized total edited behind a dropped trigger, and export then refuses to write it anywhere', () => {
    const forged = tampered('forged-total', "DROP TRIGGER invoices_finalized_no_update; UPDATE invoices SET total = '1.00', amount_due = '1.00' WHERE id = 'AG-1@2026-10';");
    const verify = billing(['audit', 'verify', '--db', forged]);
    expect(verify.code).toBe(1);
    expect(verify.stderr.trim().split('\n')).toHaveLength(1);
    expect(verify.stderr).toMatch(/trigger invoices_finalized_no_update is missing/);

    // Even with the trigger put back, the figures no longer match what was issued.
    edit(forged, readFileSync(new URL('../../db/migrations/0001_integrity_triggers.sql', import.meta.url), 'utf8').split('--> statement-breakpoint')[0]!);
    const again = billing(['audit', 'verify', '--db', forged]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^billing: finalized document INV-\S+ \(AG-1@2026-10\): subtotal − discount \+ tax is 105\.00 but its total says 1\.00\n$/);

    const out = join(dir, 'forged-out');
    const exported = billing(['export', '--period', '2026-10', '--out', out, '--db', forged]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/^billing: The period 2026-10 cannot be exported because the book fails its integrity check: finalized document .+; run "billing audit verify" for the details\.\n$/);
    expect(() => readdirSync(out)).toThrow(); // nothing written, not even the folder's register
  });
});

describe('billing restore of a tampered backup', () => {
  it('refuses a planted trigger, a dropped immutability trigger and an edited audit row, leaving the book as it was', () => {
    const backup = join(dir, 'clean-backup.db');
    billingOk(['backup', '--out', backup, '--db', book]);
    const plant = (name: string, sql: string) => {
      const copy = join(dir, `${name}.db`);
      copyFileSync(backup, copy);
      edit(copy, sql);
      return copy;
    };
    const cases: [string, RegExp][] = [
      [plant('planted', 'CREATE TRIGGER wipe_usage AFTER INSERT ON audit_log BEGIN DELETE FROM usage_records; END;'), /trigger wipe_usage is not part of this version's schema/],
      [plant('dropped', 'DROP TRIGGER invoices_finalized_no_update;'), /trigger invoices_finalized_no_update is missing/],
      [
        plant(
          'edited-audit',
          `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'nobody' WHERE id = 1;
           CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
        ),
        /audit log broken: entry #1 .+ was changed after it was written/,
      ],
    ];
    const before = readFileSync(book);
    for (const [file, message] of cases) {
      const r = billing(['restore', file, '--db', book]);
      expect(r.code, file).toBe(1);
      expect(r.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(r.stderr, file).toMatch(/cannot be trusted: .+; nothing was restored\.\n$/);
      expect(r.stderr, file).toMatch(message);
    }
    expect(readFileSync(book).equals(before)).toBe(true);
    expect(scalar(book, 'SELECT count(*) FROM usage_records')).toBe(1);
    // The untouched backup still restores.
    expect(billingOk(['restore', backup, '--db', book])).toMatch(/^Restored /);
  });
});

describe('source rows under a finalized invoice', () => {
  it('cannot be edited or deleted, even in a SQL shell, while rows of drafts can still be undone', () => {
    const copy = join(dir, 'rows.db');
    copyFileSync(book, copy);
    expect(() => edit(copy, "UPDATE usage_rows SET quantity = '1000'")).toThrow(/never edited/);
    // Renaming a series would move its rows to another account or metric.
    expect(() => edit(copy, "UPDATE usage_series SET account_id = 'OTHER'")).toThrow(/never edited/);
    expect(() => edit(copy, 'DELETE FROM usage_rows')).toThrow(/billed on a finalized invoice cannot be deleted/);
    expect(() => edit(copy, 'DELETE FROM usage_records')).toThrow(/view/);
    expect(scalar(copy, 'SELECT count(*) FROM usage_records')).toBe(1);
    // A late row of the same month is not under the finalized invoice: its import can be undone.
    writeFileSync(join(dir, 'late.csv'), 'event_id,account_id,metric,quantity,timestamp\nu9,ACME,api_calls,3,2026-10-20\n');
    billingOk(['import', join(dir, 'late.csv'), '--db', copy]);
    const late = (JSON.parse(billingOk(['imports', '--json', '--db', copy])) as { batchId: number; file: string }[]).find((b) => b.file.endsWith('late.csv'))!;
    expect(billingOk(['undo', String(late.batchId), '--db', copy])).toMatch(/removed 1 usage records/);
    expect(scalar(copy, 'SELECT count(*) FROM usage_records')).toBe(1);
  });
});
