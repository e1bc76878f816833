/**
 * Bill runs and their differences, agreement versions (change-control.md),
 * through the real `billing` command on a real database file: each change that
 * re-rates a period is a run, and `billing diff` names what caused each change.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-runs-'));
  db = join(dir, 'book.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'event_id,account_id,metric,quantity,timestamp\n';
// No PO number: agreement_incomplete finds it, so a rule change has something to change.
const agreement = (price: string) => [
  { agreement_id: 'AG-1', account_id: 'ACME', currency: 'USD', start_date: '2026-01-01', owner: 'Dana', bill_to: 'ACME', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: price }] },
  { agreement_id: 'AG-2', account_id: 'BETA', currency: 'EUR', start_date: '2026-01-01', owner: 'Dana', po_number: 'PO-2', bill_to: 'BETA', charges: [{ type: 'recurring', code: 'base', amount: '100.00' }] },
];

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const run = (...args: string[]) => billingOk([...args, '--db', db]);
const runs = () => JSON.parse(run('runs', '--period', '2026-10', '--json')) as { run_id: number; trigger: string; actor: string; at: string; invoices: number; totals: { currency: string; amount: string }[] }[];
type Diff = { invoice_id: string; before: { total: string } | null; after: { total: string } | null; lines: { code: string; before: unknown; after: unknown }[]; causes: { kind: string; text: string; [k: string]: unknown }[] }[];
const diff = (...args: string[]) => JSON.parse(run('diff', '--period', '2026-10', '--json', ...args)) as Diff;
const versions = () => JSON.parse(run('agreement-versions', 'AG-1', '--json')) as { version: number; batch_id: number; file: string; current: boolean; standing: boolean; changes: { field: string; before: string; after: string }[] }[];

describe('bill runs', () => {
  it('records each rating with its trigger and actor, and the diff names the late import with its rows', () => {
    run('import', file('agreements.json', JSON.stringify(agreement('1.00'))), file('usage.csv', `${HEADER}u1,ACME,api_calls,10,2026-10-02\n`));
    run('rate', '--period', '2026-10', '--as', 'Ann');
    run('import', file('late.csv', `${HEADER}u2,ACME,api_calls,5,2026-10-20\nu3,ACME,api_calls,1,2026-10-21\n`), '--as', 'Bob');

    const listed = runs();
    expect(listed).toMatchObject([
      { trigger: 'rate', actor: 'Ann', invoices: 2, totals: [{ currency: 'EUR', amount: '100.00' }, { currency: 'USD', amount: '10.00' }] },
      { trigger: 'import', actor: 'Bob', invoices: 2, totals: [{ currency: 'EUR', amount: '100.00' }, { currency: 'USD', amount: '16.00' }] },
    ]);
    expect(listed[0]!.run_id).toBeLessThan(listed[1]!.run_id);

    // Only the invoice that moved, per line, and the cause: the late file, its rows and their lines.
    const [late, ...unchanged] = diff();
    expect(unchanged).toEqual([]);
    expect(late).toMatchObject({
      invoice_id: 'AG-1@2026-10',
      before: { total: '10.00' },
      after: { total: '16.00' },
      lines: [{ code: 'api_calls', before: { quantity: '10', amount: '10.00' }, after: { quantity: '16', amount: '16.00' } }],
      causes: [{ kind: 'rows_added', batch_id: 3, file: 'late.csv', rows: 2, first_line: 2, last_line: 3 }],
    });
    expect(late!.causes).toHaveLength(1);
    const text = run('diff', '--period', '2026-10');
    expect(text).toContain('AG-1@2026-10: 10.00 USD (draft) → 16.00 USD (draft)');
    expect(text).toContain('because import 3 (late.csv) added 2 usage rows for ACME (lines 2–3)');
    // --from/--to pick any two runs; the same run twice differs in nothing.
    expect(diff('--from', String(listed[1]!.run_id), '--to', String(listed[1]!.run_id))).toEqual([]);
  });

  it('names the agreement version and the field when a re-imported agreement changes a price, and the setting when a rule changes', () => {
    run('import', file('agreements.json', JSON.stringify(agreement('1.00'))), file('usage.csv', `${HEADER}u1,ACME,api_calls,10,2026-10-02\n`));
    run('rate', '--period', '2026-10');
    run('import', file('agreements-v2.json', JSON.stringify(agreement('1.50'))));

    const [changed, ...others] = diff();
    expect(others).toEqual([]);
    expect(changed).toMatchObject({ invoice_id: 'AG-1@2026-10', after: { total: '15.00' }, lines: [{ code: 'api_calls', after: { amount: '15.00' } }] });
    expect(changed!.causes).toEqual([
      expect.objectContaining({
        kind: 'agreement_version', agreement_id: 'AG-1', from_version: 1, to_version: 2, batch_id: 3, file: 'agreements-v2.json',
        changes: [{ field: 'charges[api_calls].unit_price', before: '1.00', after: '1.50' }],
      }),
    ]);
    expect(changed!.causes[0]!.text).toBe('agreement AG-1 version 1 → 2 (import 3, agreements-v2.json): charges[api_calls].unit_price 1.00 → 1.50');

    // The history keeps both versions, says what changed and by which import.
    expect(versions()).toMatchObject([
      { version: 1, batch_id: 1, file: 'agreements.json', current: false, standing: true, changes: [] },
      { version: 2, batch_id: 3, file: 'agreements-v2.json', current: true, changes: [{ field: 'charges[api_calls].unit_price', before: '1.00', after: '1.50' }] },
    ]);

    // The same content again: nothing new, no version, no run.
    const before = runs().length;
    run('import', file('agreements-v2-again.json', JSON.stringify(agreement('1.50'))));
    expect(versions()).toHaveLength(2);
    expect(runs()).toHaveLength(before);

    // A rule switched off: the finding on the invoice goes, and the diff names the setting.
    run('rule', 'agreement_incomplete', '--off', '--period', '2026-10');
    expect(runs().at(-1)).toMatchObject({ trigger: 'rule' });
    expect(diff()).toEqual([
      expect.objectContaining({
        invoice_id: 'AG-1@2026-10',
        lines: [],
        anomalies: { before: ['agreement_incomplete:warning'], after: [] },
        causes: [expect.objectContaining({ kind: 'rule_setting', rule: 'agreement_incomplete', setting: 'enabled', before: null, after: 'false' })],
      }),
    ]);
  });

  it('undoing the import of a new version brings the previous version back, and the diff says so', () => {
    run('import', file('agreements.json', JSON.stringify(agreement('1.00'))), file('usage.csv', `${HEADER}u1,ACME,api_calls,10,2026-10-02\n`));
    run('rate', '--period', '2026-10');
    run('import', file('agreements-v2.json', JSON.stringify(agreement('2.00'))));
    run('undo', '3', '--reason', 'wrong price list');

    expect(runs().map((r) => r.trigger)).toEqual(['rate', 'import', 'undo']);
    const [restored, ...unchanged] = diff();
    expect(unchanged).toEqual([]);
    expect(restored).toMatchObject({
      invoice_id: 'AG-1@2026-10',
      before: { total: '20.00' },
      after: { total: '10.00' },
      causes: [{ kind: 'agreement_version', from_version: 2, to_version: 1, changes: [{ field: 'charges[api_calls].unit_price', before: '2.00', after: '1.00' }] }],
    });
    expect(versions()).toMatchObject([
      { version: 1, current: true, standing: true },
      { version: 2, current: false, standing: false },
    ]);
  });

  it('refuses a run of another period in one sentence', () => {
    run('import', file('agreements.json', JSON.stringify(agreement('1.00'))));
    run('rate', '--period', '2026-10');
    const r = billing(['diff', '--period', '2026-10', '--from', '99', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('billing: Run 99 is not a bill run of 2026-10; `billing runs --period 2026-10` lists them.\n');
    expect(run('runs', '--period', '2026-11')).toBe('2026-11 has not been rated yet.\n');
  });
});
