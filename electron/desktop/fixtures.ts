/**
 * Test helpers for the desktop-grade tests: a small rated book on a real
 * SQLite file, a fingerprint of everything in it, and generators of hostile
 * API calls.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, type MethodName } from '../../shared/api';
import type { Sqlite } from '../../db/open';
import { importFiles } from '../engine/import/import-files';
import { createJobContext } from '../engine/job-context';
import { billPeriod } from '../engine/commands/rate-period';

/** Two agreements and some usage, rated into drafts for 2026-10. */
export async function seedSmallBook(sqlite: Sqlite, dir: string): Promise<void> {
  const ctx = createJobContext({ actor: 'seed' });
  const agreements = ['ACME', 'GLOBEX'].map((account, i) => ({
    agreement_id: `AG-${i + 1}`, account_id: account, account_name: `${account} Ltd`, currency: 'USD', start_date: '2026-01-01',
    owner: 'Dana Lee', po_number: `PO-${i + 1}`, bill_to: `${account} Ltd\n1 Main St`, tax_rate: '0.1', payment_terms_days: 30,
    charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount: '1000.00' }, { type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.002' }],
  }));
  writeFileSync(join(dir, 'seed-agreements.json'), JSON.stringify(agreements));
  writeFileSync(join(dir, 'seed-usage.csv'), 'event_id,account_id,metric,quantity,timestamp\ne1,ACME,api_calls,1000,2026-10-03T00:00:00Z\ne2,GLOBEX,api_calls,500,2026-10-04T00:00:00Z\n');
  await importFiles(sqlite, { files: [{ path: join(dir, 'seed-agreements.json') }, { path: join(dir, 'seed-usage.csv') }] }, ctx);
  billPeriod(sqlite, '2026-10', ctx);
}

/** A hash of every row of every table: equal fingerprints, nothing written. */
export function fingerprint(sqlite: Sqlite): string {
  const hash = createHash('sha256');
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  for (const table of tables) {
    hash.update(`\n#${table}\n`);
    for (const row of sqlite.prepare(`SELECT * FROM "${table}"`).raw().iterate()) hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return hash.digest('hex');
}

export const METHOD_NAMES = Object.keys(api) as MethodName[];

/** Method names: real ones, near misses, prototype keys and junk. */
export const methodName = fc.oneof(
  fc.constantFrom(...METHOD_NAMES),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'APP.STATUS', 'app.status ', 'invoices', 'fs.readFile', 'process.exit', '', '.', '../app.status'),
  fc.string({ maxLength: 40 }),
  fc.anything(),
);

/** A value of the wrong kind for almost any field. */
const junk = fc.oneof(
  fc.constantFrom(null, true, -1, 0, 1.5, Number.MAX_SAFE_INTEGER + 2, '', ' ', '2026-13', '../../etc/passwd', 'x'.repeat(5000), '\u0000', [], {}, { __proto__: { polluted: true } }),
  fc.string({ maxLength: 50 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
);

/** Arguments for a method: anything at all, or a valid-looking object with one field spoiled. */
export function argsFor(method: unknown): fc.Arbitrary<unknown> {
  // Object schemas list their keys; a union of objects (quality.summary) is spoiled as a whole instead.
  const shape = typeof method === 'string' && Object.prototype.hasOwnProperty.call(api, method) ? (api[method as MethodName].args as unknown as { shape?: object }).shape : undefined;
  const keys = shape ? Object.keys(shape) : [];
  const spoiled = keys.length
    ? fc.record({ key: fc.constantFrom(...keys), value: junk }).map(({ key, value }) => ({ period: '2026-10', invoice_id: 'AG-1@2026-10', [key]: value }))
    : fc.constant({});
  return fc.oneof(fc.anything({ maxDepth: 3, withNullPrototype: true, withMap: true, withSet: true, withBigInt: true, withDate: true }), junk, spoiled, fc.dictionary(fc.string({ maxLength: 10 }), junk, { maxKeys: 4 }));
}

export const badCall = methodName.chain((method) => argsFor(method).map((args) => ({ method, args })));
