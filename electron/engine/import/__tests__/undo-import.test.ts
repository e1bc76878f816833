import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { billPeriod } from '../../commands/rate-period';
import { runCommand } from '../../commands/run-command';
import { ImportConflictError, NotFoundError } from '../../errors';
import { rejectionsCsv, rejectionsPage } from '../../review/rejections';
import { csvCell, toCsv } from '../csv-safe';
import { listImportBatches } from '../import-batches';
import { importFiles } from '../import-files';
import { importsOfPeriod } from '../period-imports';
import { createJobContext } from '../../job-context';
import { count, ctx, rows, scratch, type Scratch } from './helpers';
import { join } from 'node:path';

let s: Scratch;
const dana = createJobContext({ actor: 'dana' });
/** The remove-import command: the undo and the re-rate of its periods, as the hosts run it. */
const undo = (batchId: number, reason: string | null = null) => runCommand(s.opened.sqlite, { name: 'import.undo', args: { batchId, reason } }, dana);
beforeEach(() => {
  s = scratch();
});
afterEach(() => s.cleanup());

const AGREEMENTS = [
  {
    agreement_id: 'AG-1', account_id: 'ACME', currency: 'USD', start_date: '2026-01-01',
    charges: [
      { type: 'recurring', code: 'platform', amount: '100.00' },
      { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' },
      { type: 'hours', kind: 'support', rate: '120.00' },
    ],
  },
];

/** An agreement, a usage file (two periods, one bad row) and an hours file, imported and October rated. */
async function book() {
  const sqlite = s.opened.sqlite;
  const files = [
    s.file('agreements.json', JSON.stringify(AGREEMENTS)),
    s.file('usage.csv', 'event_id,account_id,metric,quantity,timestamp\nu1,ACME,api_calls,100,2026-10-02\nu2,ACME,api_calls,50,2026-11-02\n=1+2,ACME,api_calls,-5,2026-10-03\n'),
    s.file('hours.csv', 'entry_id,date,account_id,person,kind,hours,billable,notes\nh1,2026-10-05,ACME,Ann,support,2,yes,"=HYPERLINK(""http://evil"")"\nh2,2026-10-06,ACME,Ann,gardening,1,yes,\n'),
  ];
  const { files: results } = await importFiles(sqlite, { files: files.map((path) => ({ path })) }, ctx());
  billPeriod(sqlite, '2026-10', ctx());
  billPeriod(sqlite, '2026-11', ctx());
  const [agreements, usage, hours] = results.map((r) => r.batchId);
  return { agreements: agreements!, usage: usage!, hours: hours! };
}

describe('removing an import (undoImport and the re-rate, one command)', () => {
  it('removes a usage import and re-rates the drafts built from it in the same transaction', async () => {
    const b = await book();
    expect(count(s, 'invoices')).toBe(2);
    const result = await undo(b.usage, 'wrong export');
    expect(result).toEqual({
      batchId: b.usage,
      file: 'usage.csv',
      kind: 'usage',
      removed: { usage: 2, usage_rollups: 0, hours: 0, agreements: 0, charges: 0, rejected: 1, payments: 0, disputes: 0 },
      deletedDrafts: ['AG-1@2026-10', 'AG-1@2026-11'],
      periods: ['2026-10', '2026-11'],
      rerated: [
        { period: '2026-10', drafts: 1, changed: ['AG-1@2026-10'] },
        { period: '2026-11', drafts: 1, changed: ['AG-1@2026-11'] },
      ],
    });
    expect(count(s, 'usage_records')).toBe(0);
    // Re-rated without the usage: the platform fee (and October's support hours) remain.
    expect(rows(s, 'SELECT id, total FROM invoices ORDER BY id')).toEqual([
      { id: 'AG-1@2026-10', total: '340.00' },
      { id: 'AG-1@2026-11', total: '100.00' },
    ]);
    expect(rows(s, 'SELECT status FROM import_batches WHERE id = ?', b.usage)).toEqual([{ status: 'undone' }]);
    expect(rows(s, "SELECT actor, action, entity_id, reason FROM audit_log WHERE action = 'import.undo'")).toEqual([
      { actor: 'dana', action: 'import.undo', entity_id: String(b.usage), reason: 'wrong export' },
    ]);
    // The same file imports again once undone.
    const { files: [again] } = await importFiles(s.opened.sqlite, { files: [{ path: join(s.dir, 'usage.csv') }] }, ctx());
    expect(again).toMatchObject({ imported: 2, duplicates: 0 });
  });

  it('refuses while a row is on an approved invoice, and changes nothing', async () => {
    const b = await book();
    s.opened.sqlite.prepare("UPDATE invoices SET status = 'approved', approved_at = 'now', approved_by = 'x', invoice_number = NULL WHERE id = 'AG-1@2026-10'").run();
    const before = rows(s, 'SELECT (SELECT count(*) FROM usage_records) u, (SELECT count(*) FROM invoices) i, (SELECT count(*) FROM rejected_rows) r');
    let error: unknown;
    try {
      await undo(b.usage);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportConflictError);
    expect((error as Error).message).toBe(
      `Import ${b.usage} (usage.csv) cannot be undone because its rows are billed on approved invoice AG-1@2026-10 (2026-10); only imports whose invoices are still drafts can be undone.`,
    );
    expect(rows(s, 'SELECT (SELECT count(*) FROM usage_records) u, (SELECT count(*) FROM invoices) i, (SELECT count(*) FROM rejected_rows) r')).toEqual(before);
    await expect(undo(b.agreements)).rejects.toThrow(/agreements are billed on approved invoice AG-1@2026-10/);
  });

  it('undoes hours and agreements imports, and refuses twice or unknown batches', async () => {
    const b = await book();
    expect(await undo(b.hours)).toMatchObject({
      removed: { hours: 1, rejected: 1 },
      deletedDrafts: ['AG-1@2026-10'],
      rerated: [{ period: '2026-10', drafts: 1, changed: ['AG-1@2026-10'] }],
    });
    expect(await undo(b.agreements)).toMatchObject({
      removed: { agreements: 1, charges: 3 },
      deletedDrafts: ['AG-1@2026-10', 'AG-1@2026-11'],
      rerated: [
        { period: '2026-10', drafts: 0, changed: ['AG-1@2026-10'] },
        { period: '2026-11', drafts: 0, changed: ['AG-1@2026-11'] },
      ],
    });
    expect(count(s, 'charges')).toBe(0);
    await expect(undo(b.hours)).rejects.toThrow(new ImportConflictError(`Import ${b.hours} (hours.csv) was already undone.`));
    await expect(undo(999)).rejects.toThrow(NotFoundError);
  });

  it('refuses to drop an agreement reviewers adjusted', async () => {
    const b = await book();
    s.opened.sqlite
      .prepare("INSERT INTO adjustments (agreement_id, period, description, amount, reason, created_by) VALUES ('AG-1', '2026-10', 'Goodwill', '-10.00', 'late', 'dana')")
      .run();
    await expect(undo(b.agreements)).rejects.toThrow(/reviewers adjusted agreement AG-1; remove those adjustments first\./);
  });
});

describe('import history and rejected rows', () => {
  it('lists batches newest first as plain objects', async () => {
    const b = await book();
    const list = listImportBatches(s.opened.sqlite);
    expect(list.map((x) => [x.batchId, x.file, x.kind, x.rows, x.imported, x.rejected, x.status])).toEqual([
      [b.hours, 'hours.csv', 'hours', 2, 1, 1, 'complete'],
      [b.usage, 'usage.csv', 'usage', 3, 2, 1, 'complete'],
      [b.agreements, 'agreements.json', 'agreements', 1, 1, 0, 'complete'],
    ]);
    expect(list[0]).toMatchObject({ importedBy: 'test', profile: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string });
  });

  it('pages rejected rows in file order', async () => {
    const path = s.file('usage.csv', ['event_id,account_id,metric,quantity,timestamp', ...Array.from({ length: 30 }, (_, i) => `e${i},A,m,-${i + 1},2026-10-01`)].join('\n'));
    const { files: [r] } = await importFiles(s.opened.sqlite, { files: [{ path }] }, ctx());
    const page = rejectionsPage(s.opened.sqlite, { batchId: r!.batchId }, 10, 5);
    expect(page.total).toBe(30);
    expect(page.rows.map((x) => x.line)).toEqual([12, 13, 14, 15, 16]);
    expect(page.rows[0]).toMatchObject({ batch_id: r!.batchId, field: 'quantity', raw: 'e10,A,m,-11,2026-10-01' });
  });

  it('exports rejected rows as formula-safe CSV, by import or all', async () => {
    const b = await book();
    const { csv } = rejectionsCsv(s.opened.sqlite, { batchId: b.hours });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFfile,import_id,imported_at,line,field,reason,raw');
    expect(lines[1]).toMatch(/^hours\.csv,\d+,[\d-]+T[\d:.]+Z,3,kind,/);
    expect(lines[2]).toBe('');
    // Both files' rejections; the usage row whose raw text starts with "=" cannot become a formula.
    const all = rejectionsCsv(s.opened.sqlite, {});
    expect(all.rows).toBe(2);
    expect(all.csv).toContain(`,"'=1+2,ACME,api_calls,-5,2026-10-03"\r\n`);
  });

  it("finds a period's imports by their rows' dates, whenever they were imported", async () => {
    const b = await book();
    expect(importsOfPeriod(s.opened.sqlite, '2026-10')).toEqual([b.agreements, b.usage, b.hours]);
    expect(importsOfPeriod(s.opened.sqlite, '2025-01')).toEqual([]);
  });
});

describe('csv-safe', () => {
  it('neutralises formulas, keeps numbers, quotes what needs quoting', () => {
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell('+1-555-0100')).toBe("'+1-555-0100");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('  =1+1')).toBe("'  =1+1");
    expect(csvCell('＝1+1')).toBe("'＝1+1");
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvCell(null)).toBe('');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(toCsv([['a', 1], ['-', '=x']])).toBe("a,1\r\n'-,'=x\r\n");
  });
});
