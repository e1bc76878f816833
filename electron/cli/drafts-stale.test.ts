/**
 * Drafts never go stale (change-control.md): an import or an undone import
 * that touches a rated period re-rates its drafts in the same command, and
 * reconciliation is in order only when every unbilled row is explained.
 * Through the real `billing` command on a real database file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-stale-'));
  db = join(dir, 'book.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'event_id,account_id,metric,quantity,timestamp\n';
const agreement = (id: string, account: string) => ({
  agreement_id: id, account_id: account, currency: 'USD', start_date: '2026-01-01', owner: 'Dana', po_number: 'PO-1', bill_to: account,
  charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '1.00' }],
});

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const run = (...args: string[]) => billingOk([...args, '--db', db]);
const invoices = () => JSON.parse(run('invoices', '--period', '2026-10', '--json')) as { invoice_id: string; status: string; total: string }[];
const reconcile = () => JSON.parse(run('reconcile', '--period', '2026-10', '--json')) as { balanced: boolean; in_order: boolean; unexplained: number; usage: { unbilled: number } };
const batchIds = () => (JSON.parse(run('imports', '--json')) as { batchId: number; file: string }[]).reduce<Record<string, number>>((m, b) => ({ ...m, [b.file]: b.batchId }), {});

describe('late rows re-rate the drafts they fall under', () => {
  it('re-rates a rated period on import and on undo, and says what moved', () => {
    run('import', file('agreements.json', JSON.stringify([agreement('AG-1', 'ACME')])), file('usage.csv', `${HEADER}u1,ACME,api_calls,10,2026-10-02\n`));
    run('rate', '--period', '2026-10');
    expect(invoices()).toMatchObject([{ invoice_id: 'AG-1@2026-10', total: '10.00' }]);

    // Late usage for the rated month: the draft follows without a manual re-rate.
    const out = run('import', file('late.csv', `${HEADER}u2,ACME,api_calls,5,2026-10-20\n`));
    expect(out).toContain('Re-rated 2026-10: 1 of 1 draft changed.');
    expect(invoices()).toMatchObject([{ invoice_id: 'AG-1@2026-10', status: 'draft', total: '15.00' }]);
    expect(reconcile()).toMatchObject({ balanced: true, in_order: true, unexplained: 0 });

    // Usage of a month nobody rated yet re-rates nothing.
    expect(run('import', file('november.csv', `${HEADER}u3,ACME,api_calls,5,2026-11-02\n`))).not.toContain('Re-rated');

    // Undoing the late import re-rates the month back in the same command.
    const undone = run('undo', String(batchIds()['late.csv']), '--reason', 'sent twice');
    expect(undone).toContain('Re-rated 2026-10: 1 of 1 draft changed.');
    expect(invoices()).toMatchObject([{ total: '10.00' }]);
  });

  it('bills an agreement imported after its usage, and leaves approved invoices alone with the late rows explained', () => {
    run('import', file('agreements.json', JSON.stringify([agreement('AG-1', 'ACME')])), file('usage.csv', `${HEADER}u1,ACME,api_calls,10,2026-10-02\nb1,BETA,api_calls,7,2026-10-03\n`));
    run('rate', '--period', '2026-10');
    // BETA has no agreement: unbilled, and explained by unbilled_usage.
    expect(reconcile()).toMatchObject({ balanced: true, in_order: true, usage: { unbilled: 1 } });

    const out = run('import', file('beta.json', JSON.stringify([agreement('AG-2', 'BETA')])));
    expect(out).toContain('Re-rated 2026-10: 1 of 2 drafts changed.');
    expect(invoices().map((i) => [i.invoice_id, i.total])).toEqual([
      ['AG-1@2026-10', '10.00'],
      ['AG-2@2026-10', '7.00'],
    ]);
    expect(reconcile()).toMatchObject({ in_order: true, usage: { unbilled: 0 } });

    // An approved invoice never changes; a late row under it is unbilled and must be explained.
    run('approve', 'AG-1@2026-10');
    run('import', file('late.csv', `${HEADER}u2,ACME,api_calls,5,2026-10-20\n`));
    expect(invoices().find((i) => i.invoice_id === 'AG-1@2026-10')).toMatchObject({ status: 'approved', total: '10.00' });
    expect(reconcile()).toMatchObject({ balanced: true, in_order: true, unexplained: 0, usage: { unbilled: 1 } });
    const anomalies = JSON.parse(run('anomalies', '--period', '2026-10', '--json')) as { rule: string; account_id: string }[];
    expect(anomalies).toContainEqual(expect.objectContaining({ rule: 'unbilled_usage', account_id: 'ACME' }));

    // With the rule that explains them switched off, the rows still add up but the period is not in order.
    run('rule', 'unbilled_usage', '--off', '--period', '2026-10');
    expect(reconcile()).toMatchObject({ balanced: true, in_order: false, unexplained: 1 });
    expect(run('reconcile', '--period', '2026-10')).toContain('1 unbilled row is not explained by any anomaly.');
  });
});
