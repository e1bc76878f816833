/**
 * Links to a line (#/invoices/ID?line=KEY) survive re-rating: rating replaces
 * line rows (new ids), but a line's key names the same charge and tier.
 * Through the API handlers on a real database file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../../../shared/api';
import { openDatabase, type Opened } from '../../../../db/open';
import { createHandlers, dispatch, type HostServices } from '../../api/handlers';
import { createJobContext } from '../../job-context';
import { runCommand } from '../../commands/run-command';

let dir: string;
let opened: Opened;
let host: HostServices;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-line-keys-'));
  opened = openDatabase(join(dir, 'book.db'));
  host = {
    sqlite: opened.sqlite,
    dbPath: join(dir, 'book.db'),
    actor: 'Ana',
    resolveFile: (token) => join(dir, token),
    runCommand: (request, _jobId, actor) => runCommand(opened.sqlite, request, createJobContext({ actor })),
    cancelJob: () => false,
  };
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const outcome = await dispatch(createHandlers(host), method, args);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.error}`);
  return outcome.result as ResultOf<M>;
}

function importFile(name: string, content: string) {
  writeFileSync(join(dir, name), content);
  return call('import.files', { files: [{ token: name, name }] });
}

const AGREEMENT = {
  agreement_id: 'AG-1', account_id: 'ACME', currency: 'USD', start_date: '2026-01-01', owner: 'Dana', po_number: 'PO', bill_to: 'ACME',
  charges: [
    { type: 'recurring', code: 'platform', amount: '100.00' },
    { type: 'usage', metric: 'api_calls', model: 'graduated', tiers: [{ up_to: '10', unit_price: '1' }, { up_to: '20', unit_price: '0.5' }, { up_to: null, unit_price: '0.25' }] },
  ],
};

it('keeps each line key on the same charge and tier across re-ratings, while line ids change', async () => {
  await importFile('agreements.json', JSON.stringify([AGREEMENT]));
  await importFile('usage.csv', 'event_id,account_id,metric,quantity,timestamp\nu1,ACME,api_calls,15,2026-10-02\n');
  await call('period.rate', { period: '2026-10' });
  const before = (await call('invoices.get', { invoice_id: 'AG-1@2026-10' })).lines;
  expect(before.map((l) => [l.line_key, l.amount])).toEqual([
    ['c0.1', '100.00'],
    ['c1.1', '10.00'],
    ['c1.2', '2.50'],
  ]);

  // Late usage pushes the charge into its third tier; the import re-rates the period.
  await importFile('late.csv', 'event_id,account_id,metric,quantity,timestamp\nu2,ACME,api_calls,10,2026-10-20\n');
  const after = (await call('invoices.get', { invoice_id: 'AG-1@2026-10' })).lines;
  expect(after.map((l) => [l.line_key, l.amount])).toEqual([
    ['c0.1', '100.00'],
    ['c1.1', '10.00'],
    ['c1.2', '5.00'],
    ['c1.3', '1.25'],
  ]);
  // The ids are new, so an id-based link would have broken; the key still finds the second tier and its rows.
  expect(after.map((l) => l.line_id)).not.toEqual(expect.arrayContaining(before.map((l) => l.line_id)));
  const tier2 = after.find((l) => l.line_key === before[2]!.line_key)!;
  expect(tier2.description).toBe(before[2]!.description);
  const sources = await call('lines.sources', { line_id: tier2.line_id });
  expect(sources.rows.map((r) => r.external_id).sort()).toEqual(['u1', 'u2']);
});
