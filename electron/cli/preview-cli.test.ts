/**
 * `--preview` on the real `billing` command (change-control.md): every table is
 * as it was afterwards, and the impact printed is exactly what the same command
 * without `--preview` then changes, as `billing invoices` and `billing
 * anomalies` show it before and after.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnomalySummary, ChangeImpact, InvoiceImpact } from '../../shared/api';
import { tableChecksums } from '../engine/commands/__tests__/helpers';
import { periodInvoicesJson } from '../engine/review/invoice-queries';
import { listAnomalies } from '../engine/review/status';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-preview-'));
  db = join(dir, 'book.db');
  run('import', file('agreements.json', JSON.stringify([agreement('AG-1', 'ACME', '1.00'), agreement('AG-2', 'BETA', '2.00')])), file('usage.csv', `${HEADER}u1,ACME,api_calls,10,2026-10-02\nb1,BETA,api_calls,7,2026-10-03\n`));
  run('rate', '--period', '2026-10');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'event_id,account_id,metric,quantity,timestamp\n';
const PERIODS = ['2026-10', '2026-11'];
function agreement(id: string, account: string, price: string) {
  return {
    agreement_id: id, account_id: account, currency: 'USD', start_date: '2026-01-01', owner: 'Dana', po_number: 'PO-1', bill_to: account, tax_rate: '0.1', deposit: '5.00',
    charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: price }],
  };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const run = (...args: string[]) => billingOk([...args, '--db', db]);

function checksums(): Record<string, string> {
  const sqlite = new Database(db, { readonly: true });
  try {
    return tableChecksums(sqlite);
  } finally {
    sqlite.close();
  }
}

interface Observed {
  invoices: Map<string, { status: InvoiceImpact['status']; currency: string; total: string; amount_due: string }>;
  anomalies: Map<string, AnomalySummary>;
}

/** The book as `billing invoices` and `billing anomalies` print it, for the periods in play (read in-process: a CLI start costs seconds here). */
function observe(): Observed {
  const sqlite = new Database(db, { readonly: true });
  try {
    const invoices = new Map<string, { status: InvoiceImpact['status']; currency: string; total: string; amount_due: string }>();
    const anomalies = new Map<string, AnomalySummary>();
    for (const period of PERIODS) {
      for (const i of periodInvoicesJson(sqlite, period)) invoices.set(i.invoice_id, { status: i.status, currency: i.currency, total: i.total, amount_due: i.amount_due });
      for (const a of listAnomalies(sqlite, period)) anomalies.set(a.anomaly_id, a);
    }
    return { invoices, anomalies };
  } finally {
    sqlite.close();
  }
}

/** What changed between two observations, in the preview's terms (order aside). */
function changed(before: Observed, after: Observed) {
  const figures = (i?: { total: string; amount_due: string }) => (i ? { total: i.total, amount_due: i.amount_due } : null);
  const invoices = [...new Set([...before.invoices.keys(), ...after.invoices.keys()])]
    .filter((id) => JSON.stringify(figures(before.invoices.get(id))) !== JSON.stringify(figures(after.invoices.get(id))))
    .sort()
    .map((id) => ({ invoice_id: id, status: (after.invoices.get(id) ?? before.invoices.get(id))!.status, currency: (after.invoices.get(id) ?? before.invoices.get(id))!.currency, before: figures(before.invoices.get(id)), after: figures(after.invoices.get(id)) }));
  const only = (a: Observed['anomalies'], b: Observed['anomalies']) => [...a.values()].filter((x) => !b.has(x.anomaly_id)).sort((x, y) => x.anomaly_id.localeCompare(y.anomaly_id));
  return { invoices, anomalies_opened: only(after.anomalies, before.anomalies), anomalies_closed: only(before.anomalies, after.anomalies) };
}

const sorted = (impact: ChangeImpact) => ({
  ...impact,
  anomalies_opened: [...impact.anomalies_opened].sort((x, y) => x.anomaly_id.localeCompare(y.anomaly_id)),
  anomalies_closed: [...impact.anomalies_closed].sort((x, y) => x.anomaly_id.localeCompare(y.anomaly_id)),
});

/** `--preview --json`, checked to change nothing, then the command applied and its observed effect. */
function previewThenApply(...args: string[]) {
  const untouched = checksums();
  const previewed = JSON.parse(run(...args, '--preview', '--json')) as { impact: ChangeImpact } & Record<string, unknown>;
  expect(checksums()).toEqual(untouched);
  const before = observe();
  run(...args);
  return { previewed, applied: changed(before, observe()) };
}

describe('billing … --preview', () => {
  it('import: late usage moves a draft; the files summary comes with the impact; applying does exactly that', () => {
    const late = file('late.csv', `${HEADER}u2,ACME,api_calls,5,2026-10-20\n`);
    const { previewed, applied } = previewThenApply('import', late);
    expect(previewed.impact.invoices).toEqual([{ invoice_id: 'AG-1@2026-10', status: 'draft', currency: 'USD', before: { total: '11.00', amount_due: '6.00' }, after: { total: '16.50', amount_due: '11.50' } }]);
    expect(previewed.files).toEqual([{ file: 'late.csv', kind: 'usage', rows: 1, imported: 1, duplicates: 0, rejected: 0, notes: [] }]);
    expect(applied).toEqual(sorted(previewed.impact));
  });

  it('agreement import and rule change: a new draft appears and closes the finding it explains; switching the rule off closes the next', () => {
    run('import', file('stray.csv', `${HEADER}s1,GAMMA,api_calls,4,2026-10-05\n`));
    const agreementImport = previewThenApply('import', file('gamma.json', JSON.stringify([agreement('AG-3', 'GAMMA', '3.00')])));
    expect(agreementImport.previewed.impact.invoices).toEqual([{ invoice_id: 'AG-3@2026-10', status: 'draft', currency: 'USD', before: null, after: { total: '13.20', amount_due: '8.20' } }]);
    expect(agreementImport.previewed.impact.anomalies_closed).toEqual([expect.objectContaining({ rule: 'unbilled_usage', account_id: 'GAMMA' })]);
    expect(agreementImport.applied).toEqual(sorted(agreementImport.previewed.impact));

    run('approve', 'AG-3@2026-10');
    run('import', file('late-gamma.csv', `${HEADER}s2,GAMMA,api_calls,4,2026-10-06\n`));
    const rule = previewThenApply('rule', 'unbilled_usage', '--off', '--period', '2026-10');
    expect(rule.previewed.impact.invoices).toEqual([]);
    expect(rule.previewed.impact.anomalies_closed).toEqual([expect.objectContaining({ rule: 'unbilled_usage', account_id: 'GAMMA' })]);
    expect(rule.previewed.rule).toMatchObject({ id: 'unbilled_usage', enabled: false });
    expect(rule.applied).toEqual(sorted(rule.previewed.impact));
  });

  it('undo and rate: drafts move back, a new period appears', () => {
    run('import', file('late.csv', `${HEADER}u2,ACME,api_calls,5,2026-10-20\n`));
    const batches = JSON.parse(run('imports', '--json')) as { batchId: number; file: string }[];
    const late = batches.find((b) => b.file.endsWith('late.csv'))!;
    const undo = previewThenApply('undo', String(late.batchId), '--reason', 'sent twice');
    expect(undo.previewed.impact.invoices.map((i) => [i.invoice_id, i.before?.total, i.after?.total])).toEqual([['AG-1@2026-10', '16.50', '11.00']]);
    expect(undo.previewed).toMatchObject({ batch_id: late.batchId, removed: { usage: 1 }, deleted_drafts: ['AG-1@2026-10'] });
    expect(String(undo.previewed.file)).toContain('late.csv');
    // The CLI's JSON is snake_case throughout (change-control.md).
    expect(Object.keys(undo.previewed).sort()).toEqual(['batch_id', 'deleted_drafts', 'file', 'impact', 'removed', 'rerated']);
    expect(undo.applied).toEqual(sorted(undo.previewed.impact));

    const rate = previewThenApply('rate', '--period', '2026-11');
    expect(rate.previewed.impact.invoices.map((i) => [i.invoice_id, i.before, i.after?.total])).toEqual([
      ['AG-1@2026-11', null, '0.00'],
      ['AG-2@2026-11', null, '0.00'],
    ]);
    expect(rate.previewed).toMatchObject({ period: '2026-11', invoices: 2 });
    expect(rate.applied).toEqual(sorted(rate.previewed.impact));
  });

  it('exclude and include a row: the draft moves without and with it, exactly as previewed', () => {
    const usageId = (event: string) => {
      const sqlite = new Database(db, { readonly: true });
      try {
        return (sqlite.prepare('SELECT id FROM usage_records WHERE event_id = ?').get(event) as { id: number }).id;
      } finally {
        sqlite.close();
      }
    };
    const row = `usage:${usageId('u1')}`;
    const exclude = previewThenApply('exclude', row, '--reason', 'bad meter');
    expect(exclude.previewed.impact.invoices).toEqual([{ invoice_id: 'AG-1@2026-10', status: 'draft', currency: 'USD', before: { total: '11.00', amount_due: '6.00' }, after: { total: '0.00', amount_due: '0.00' } }]);
    expect(exclude.previewed.correction).toEqual({ kind: 'exclude_row', source_kind: 'usage', source_id: usageId('u1'), period: '2026-10', invoice_ids: ['AG-1@2026-10'] });
    expect(exclude.previewed.rerated).toEqual([{ period: '2026-10', drafts: 2, changed: ['AG-1@2026-10'] }]);
    expect(exclude.applied).toEqual(sorted(exclude.previewed.impact));

    const include = previewThenApply('include', row, '--reason', 'meter was right');
    expect(include.previewed.impact.invoices.map((i) => [i.invoice_id, i.before?.total, i.after?.total])).toEqual([['AG-1@2026-10', '0.00', '11.00']]);
    expect(include.previewed.correction).toMatchObject({ kind: 'include_row', source_id: usageId('u1') });
    expect(include.applied).toEqual(sorted(include.previewed.impact));
  });

  it('line override and its removal: the total moves to the overridden quantity and back, exactly as previewed', () => {
    const override = previewThenApply('line', 'override', 'AG-2@2026-10', 'api_calls', '--quantity', '100', '--reason', 'MB, not GB');
    expect(override.previewed.impact.invoices).toEqual([{ invoice_id: 'AG-2@2026-10', status: 'draft', currency: 'USD', before: { total: '15.40', amount_due: '10.40' }, after: { total: '220.00', amount_due: '215.00' } }]);
    expect(override.previewed.override).toEqual({ invoice_id: 'AG-2@2026-10', period: '2026-10', code: 'api_calls', quantity: '100', total: '220.00' });
    expect(override.applied).toEqual(sorted(override.previewed.impact));

    const removal = previewThenApply('line', 'override', 'AG-2@2026-10', 'api_calls', '--remove', '--reason', 'checked again');
    expect(removal.previewed.impact.invoices.map((i) => [i.invoice_id, i.before?.total, i.after?.total])).toEqual([['AG-2@2026-10', '220.00', '15.40']]);
    expect(removal.previewed.override).toMatchObject({ quantity: null, total: '15.40' });
    expect(removal.applied).toEqual(sorted(removal.previewed.impact));
  });

  it('prints a short table for a person, and says nothing was changed', () => {
    const out = run('import', file('late.csv', `${HEADER}u2,ACME,api_calls,5,2026-10-20\n`), '--preview');
    expect(out).toContain('late.csv (usage): 1 rows — 1 imported');
    expect(out).toContain('Invoices that would change: 1');
    expect(out).toMatch(/AG-1@2026-10\s+draft\s+11\.00 → 16\.50\s+6\.00 → 11\.50/);
    expect(out).toContain('Anomalies that would be opened: 0');
    expect(out.trim().split('\n').at(-1)).toBe('Preview only: nothing was changed.');
    expect(observe().invoices.get('AG-1@2026-10')).toMatchObject({ total: '11.00' });
  });

  it('refuses --json without --preview on commands whose output is text', () => {
    const r = billing(['rate', '--period', '2026-10', '--json', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('billing: --json goes with --preview.\n');
  });
});
