/**
 * Usage rollups (issue 18, "Past one laptop") through the real `billing`
 * command on real SQLite files. The proof: a generated usage book (several
 * accounts, agreements and currencies; sum, max, last and count charges with
 * per-unit, graduated, volume and package models, included units, prepaid
 * units, an agreement that starts and ends inside the months) is imported row
 * by row into one book and, into another, as the rollup that the shipped
 * DuckDB SQL (docs/rollup/duckdb.sql, run here by @duckdb/node-api) computes
 * from the same CSV. Both are rated and their invoice JSON must be identical
 * to the cent; so must a book of rows for half of each month and rollups for
 * the other half, a book that holds both for every day (rollups win, nothing
 * is billed twice), and a month whose late rows (and ties for `last`) arrive
 * after it was rated.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import Decimal from 'decimal.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, billingOk } from './__tests__/run-cli';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PERIODS = ['2026-10', '2026-11'];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-rollup-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const newDb = () => join(dir, `book-${++n}.db`);
const file = (name: string, text: string) => {
  const path = join(dir, `${++n}-${name}`);
  writeFileSync(path, text);
  return path;
};

interface ImportCounts {
  file: string;
  kind: string;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  notes: string[];
}

function importJson(db: string, ...args: string[]): ImportCounts[] {
  return JSON.parse(billingOk(['import', ...args, '--json', '--db', db])) as ImportCounts[];
}

/** Every invoice of the periods as `billing invoices --json` prints it, less the anomalies (findings, not money). */
function invoices(db: string): unknown[] {
  return PERIODS.flatMap((period) =>
    (JSON.parse(billingOk(['invoices', '--period', period, '--json', '--db', db])) as Record<string, unknown>[]).map(({ anomalies: _findings, ...invoice }) => invoice),
  );
}

function rate(db: string): void {
  for (const period of PERIODS) billingOk(['rate', '--period', period, '--db', db]);
}

// ---------------------------------------------------------------- the generated book

/** mulberry32: a small seeded generator, so the book is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const complete = (fields: Record<string, unknown>) => ({
  account_name: `${String(fields.account_id)} Ltd`,
  start_date: '2026-01-01',
  end_date: null,
  owner: 'Dana Lee',
  po_number: `PO-${String(fields.agreement_id)}`,
  bill_to: `${String(fields.account_id)} Ltd, 1 Main St`,
  ...fields,
});

const AGREEMENTS = [
  complete({
    agreement_id: 'AG-ACME', account_id: 'ACME', currency: 'USD', tax_rate: '0.0825', discount_percent: '10', minimum_commitment: '400.00',
    charges: [
      { type: 'recurring', code: 'platform', description: 'Platform fee', amount: '99.00' },
      { type: 'usage', metric: 'api_calls', aggregation: 'sum', model: 'graduated', tiers: [{ up_to: '100000', unit_price: '0' }, { up_to: '300000', unit_price: '0.002' }, { up_to: null, unit_price: '0.001', flat_fee: '5' }] },
      { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: '0.10', included: '50' },
      { type: 'usage', metric: 'seats', aggregation: 'last', model: 'volume', tiers: [{ up_to: '10', unit_price: '30', flat_fee: '0' }, { up_to: null, unit_price: '25', flat_fee: '50' }] },
      { type: 'usage', metric: 'sms', aggregation: 'count', model: 'package', package_size: '50', package_price: '8.00' },
    ],
  }),
  complete({
    agreement_id: 'AG-GLOBEX', account_id: 'GLOBEX', currency: 'EUR', tax_rate: '0.19',
    prepaid: [{ metric: 'api_calls', units: '250000', from: '2026-10', to: '2026-11' }],
    charges: [
      { type: 'usage', metric: 'api_calls', aggregation: 'sum', model: 'per_unit', unit_price: '0.000375', included: '1000' },
      { type: 'usage', metric: 'seats', aggregation: 'last', model: 'per_unit', unit_price: '12.5' },
      { type: 'usage', metric: 'events', aggregation: 'count', model: 'per_unit', unit_price: '0.0125' },
      { type: 'usage', metric: 'storage_gb', aggregation: 'sum', model: 'per_unit', unit_price: '0.0003' },
    ],
  }),
  complete({
    agreement_id: 'AG-INITECH', account_id: 'INITECH', currency: 'JPY',
    charges: [
      { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'graduated', tiers: [{ up_to: '100', unit_price: '10' }, { up_to: null, unit_price: '7' }] },
      { type: 'usage', metric: 'api_calls', aggregation: 'sum', model: 'volume', tiers: [{ up_to: '200000', unit_price: '0.01' }, { up_to: null, unit_price: '0.008', flat_fee: '100' }] },
      { type: 'usage', metric: 'events', aggregation: 'max', model: 'per_unit', unit_price: '3' },
    ],
  }),
  // Starts and ends inside the months: only the days it is active are billed.
  complete({
    agreement_id: 'AG-UMBRELLA', account_id: 'UMBRELLA', currency: 'USD', start_date: '2026-10-10', end_date: '2026-11-20',
    charges: [
      { type: 'usage', metric: 'api_calls', aggregation: 'sum', model: 'per_unit', unit_price: '0.0011' },
      { type: 'usage', metric: 'seats', aggregation: 'last', model: 'per_unit', unit_price: '3' },
      { type: 'usage', metric: 'storage_gb', aggregation: 'max', model: 'per_unit', unit_price: '0.25' },
    ],
  }),
];

// HOOLI has usage and no agreement: unbilled in every book.
const ACCOUNTS = ['ACME', 'GLOBEX', 'INITECH', 'UMBRELLA', 'HOOLI'];
const METRICS = ['api_calls', 'storage_gb', 'seats', 'sms', 'events'];

interface UsageEvent {
  event_id: string;
  account_id: string;
  metric: string;
  quantity: string;
  timestamp: string;
}

function quantityOf(metric: string, next: () => number): string {
  switch (metric) {
    case 'api_calls':
      return String(1 + Math.floor(next() * 6000));
    case 'storage_gb':
      return (next() * 900).toFixed(3);
    case 'seats':
      return String(1 + Math.floor(next() * 20));
    case 'sms':
      return '1';
    default:
      return (next() * 50).toFixed(6);
  }
}

const pad = (v: number, width = 2) => String(v).padStart(width, '0');

/** Two months of events: 0-6 a day per account and metric, some at the day's edges, some with an offset, ties on the latest instant. */
function generateUsage(seed: number): UsageEvent[] {
  const next = random(seed);
  const events: UsageEvent[] = [];
  let id = 0;
  const add = (account_id: string, metric: string, timestamp: string, quantity = quantityOf(metric, next)) =>
    events.push({ event_id: `E${++id}`, account_id, metric, quantity, timestamp });
  for (const account of ACCOUNTS) {
    for (const metric of METRICS) {
      for (const [month, days] of [[10, 31], [11, 30]] as const) {
        for (let day = 1; day <= days; day++) {
          const date = `2026-${pad(month)}-${pad(day)}`;
          const count = next() < 0.2 ? 0 : Math.floor(next() * 7);
          let latest = '';
          for (let i = 0; i < count; i++) {
            const ms = Math.floor(next() * 86_400_000);
            const t = new Date(Date.parse(`${date}T00:00:00.000Z`) + ms).toISOString();
            if (t > latest) latest = t;
            add(account, metric, t);
          }
          const edge = next();
          if (edge < 0.05) add(account, metric, `${date}T00:00:00.000Z`);
          else if (edge < 0.1) {
            add(account, metric, `${date}T23:59:59.999Z`);
            latest = `${date}T23:59:59.999Z`;
          } else if (edge < 0.14) {
            // Written with an offset: 01:30 at +02:00 is 23:30 UTC of the day before.
            add(account, metric, `${date}T01:30:00.250+02:00`);
          }
          // A tie on the day's latest instant: `last` takes the larger quantity.
          if (latest && next() < 0.3) add(account, metric, latest);
        }
      }
    }
  }
  return events;
}

const usageCsv = (events: readonly UsageEvent[]) =>
  `event_id,account_id,metric,quantity,timestamp\n${events.map((e) => `${e.event_id},${e.account_id},${e.metric},${e.quantity},${e.timestamp}`).join('\n')}\n`;

/** The UTC day of an event, as the book and the SQL see it. */
const utcDay = (e: UsageEvent) => new Date(e.timestamp).toISOString().slice(0, 10);

/**
 * Runs the shipped DuckDB SQL over a usage CSV (as the raw events table) and
 * writes the rollup CSV it produces, with DuckDB's own COPY.
 */
async function duckdbRollup(usagePath: string, outPath: string): Promise<string> {
  const sql = readFileSync(join(ROOT, 'docs', 'rollup', 'duckdb.sql'), 'utf8');
  const statements = sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  const query = statements.pop()!;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const statement of statements) await connection.run(statement);
    await connection.run(
      `CREATE VIEW usage_events AS SELECT account_id, metric, quantity, CAST("timestamp" AS TIMESTAMPTZ) AS ts
       FROM read_csv('${usagePath}', header = true, all_varchar = true)`,
    );
    await connection.run(`COPY (${query}) TO '${outPath}' (HEADER, DELIMITER ',')`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return readFileSync(outPath, 'utf8');
}

/** The rollup CSV's data rows whose day passes `keep` (the header stays). */
function rollupRows(csv: string, keep: (day: string) => boolean): string {
  const [header, ...rows] = csv.trimEnd().split('\n');
  const dayAt = header!.split(',').indexOf('day');
  return `${header}\n${rows.filter((r) => keep(r.split(',')[dayAt]!)).join('\n')}\n`;
}

// ---------------------------------------------------------------- the proof

describe('usage rollups rate exactly as the rows they roll up', () => {
  const events = generateUsage(18);
  let agreementsPath: string;
  let usagePath: string;
  let rollupCsv: string;
  let rowBook: string;
  let rowInvoices: unknown[];

  beforeAll(async () => {
    agreementsPath = file('agreements.json', JSON.stringify(AGREEMENTS, null, 2));
    usagePath = file('usage.csv', usageCsv(events));
    rollupCsv = await duckdbRollup(usagePath, join(dir, 'rollup-all.csv'));
    rowBook = newDb();
    const [, usage] = importJson(rowBook, agreementsPath, usagePath);
    expect(usage).toMatchObject({ kind: 'usage', rows: events.length, imported: events.length, rejected: 0 });
    rate(rowBook);
    rowInvoices = invoices(rowBook);
  }, 300_000);

  it('DuckDB rolls the CSV up into one row per account, metric and day that the book imports whole', () => {
    const days = new Set(events.map((e) => `${e.account_id}|${e.metric}|${utcDay(e)}`));
    const lines = rollupCsv.trimEnd().split('\n');
    expect(lines[0]).toBe('account_id,metric,day,sum,count,max,last_ts,last_quantity,source');
    expect(lines.length - 1).toBe(days.size);
    const book = newDb();
    const [counts] = importJson(book, file('rollup.csv', rollupCsv));
    expect(counts).toMatchObject({ kind: 'usage_rollup', rows: days.size, imported: days.size, duplicates: 0, rejected: 0 });
    // the kind is told from the columns; --kind usage_rollup says the same
    const again = importJson(book, '--kind', 'usage_rollup', file('rollup.csv', rollupCsv));
    expect(again[0]).toMatchObject({ kind: 'usage_rollup', imported: 0, duplicates: days.size, rejected: 0 });
  });

  it('a rollup-only book bills every invoice of both months to the cent as the row-level book', () => {
    expect(rowInvoices.length).toBe(8);
    // not a book of zeros: every priced metric has a usage line somewhere
    const codes = new Set((rowInvoices as { lines: { kind: string; code: string; amount: string }[] }[]).flatMap((i) => i.lines.filter((l) => l.kind === 'usage' && l.amount !== '0.00' && l.amount !== '0').map((l) => l.code)));
    expect([...codes].sort()).toEqual(['api_calls', 'events', 'seats', 'sms', 'storage_gb']);

    const book = newDb();
    importJson(book, agreementsPath, file('rollup.csv', rollupCsv));
    rate(book);
    expect(invoices(book)).toEqual(rowInvoices);
  });

  it('rows for the first half of each month and rollups for the second half bill the same', () => {
    const book = newDb();
    const rows = events.filter((e) => utcDay(e).slice(8) < '16');
    importJson(book, agreementsPath, file('usage-first-half.csv', usageCsv(rows)), file('rollup-second-half.csv', rollupRows(rollupCsv, (day) => day.slice(8) >= '16')));
    rate(book);
    expect(invoices(book)).toEqual(rowInvoices);
  });

  it('a book with rows and rollups for the same days bills each day once: the rollup, never both', () => {
    const book = newDb();
    const [, , rollup] = importJson(book, agreementsPath, usagePath, file('rollup.csv', rollupCsv));
    expect(rollup!.notes.join(' ')).toMatch(/^[\d,]+ usage rows fall on [\d,]+ days that a usage rollup covers; the rollup bills those days and the rows are not billed/);
    rate(book);
    expect(invoices(book)).toEqual(rowInvoices);

    // Reconciliation: the rollups are billed; the rows they cover are unbilled, and the rollups explain why.
    const r = JSON.parse(billingOk(['reconcile', '--period', '2026-10', '--json', '--db', book])) as {
      usage: { rows: number; billed: number; unbilled: number; unbilled_groups: { account_id: string; metric: string; rule: string | null }[] };
      usage_rollups: { rows: number; records: number; billed: number; unbilled: number; balanced: boolean };
      balanced: boolean;
    };
    const october = events.filter((e) => utcDay(e).startsWith('2026-10'));
    expect(r.usage.billed).toBe(0);
    expect(r.usage.unbilled).toBe(r.usage.rows);
    expect(r.usage_rollups.records).toBe(october.length);
    expect(r.usage_rollups.billed + r.usage_rollups.unbilled).toBe(r.usage_rollups.rows);
    expect(r.usage_rollups.billed).toBeGreaterThan(0);
    expect(r.balanced).toBe(true);
    const acme = r.usage.unbilled_groups.find((g) => g.account_id === 'ACME' && g.metric === 'api_calls');
    expect(acme?.rule).toBe('covered_by_rollup');
    // HOOLI's rollups bill nothing (no agreement), so they explain nothing for its rows
    expect(r.usage.unbilled_groups.filter((g) => g.account_id === 'HOOLI').every((g) => g.rule !== 'covered_by_rollup')).toBe(true);
  });

  it('late rows and ties after a month was rated: undo the first rollup, import the new one, same invoices as the rows', async () => {
    // "Late": a few percent of October's events, plus new ties on the latest instant of the month for seats.
    const next = random(7);
    const late = events.filter((e) => utcDay(e).startsWith('2026-10') && next() < 0.04);
    const lateIds = new Set(late.map((e) => e.event_id));
    const early = events.filter((e) => !lateIds.has(e.event_id));
    const ties = ['ACME', 'GLOBEX', 'UMBRELLA'].map((account, i): UsageEvent => {
      const seats = events.filter((e) => e.account_id === account && e.metric === 'seats' && utcDay(e) <= '2026-10-31');
      const latest = seats.map((e) => new Date(e.timestamp).toISOString()).sort().at(-1)!;
      return { event_id: `TIE${i}`, account_id: account, metric: 'seats', quantity: '19', timestamp: latest };
    });
    const all = [...events, ...ties];

    const rows = newDb();
    const earlyPath = file('usage-early.csv', usageCsv(early));
    importJson(rows, agreementsPath, earlyPath);
    rate(rows);
    const [lateImport] = importJson(rows, file('usage-late.csv', usageCsv([...late, ...ties])));
    expect(lateImport).toMatchObject({ imported: late.length + ties.length, rejected: 0 });

    const rollups = newDb();
    importJson(rollups, agreementsPath, file('rollup-early.csv', await duckdbRollup(earlyPath, join(dir, 'rollup-early.csv'))));
    rate(rollups);
    // Rated with the early data, both books agree already.
    const allPath = file('usage-with-ties.csv', usageCsv(all));
    const rollupAll = await duckdbRollup(allPath, join(dir, 'rollup-with-ties.csv'));
    // The new rollup changes days that already have one: those rows are rejected, never added to the old ones.
    const [clash] = importJson(rollups, file('rollup-with-ties.csv', rollupAll));
    expect(clash!.rejected).toBeGreaterThan(0);
    expect(clash!.duplicates + clash!.imported + clash!.rejected).toBe(clash!.rows);
    const reasons = billingOk(['rejected', '--db', rollups]);
    expect(reasons).toMatch(/ACME|GLOBEX|INITECH|UMBRELLA|HOOLI/);
    expect(reasons).toMatch(/already has a different rollup \(import 2, line \d+ \(source duckdb:usage_events\)\); a day has one rollup, so undo that import first if this one replaces it/);

    // The way to replace a rollup: undo its import, import the new one (each re-rates the rated months in the same step).
    billingOk(['undo', '2', '--reason', 'warehouse re-ran October with late rows', '--db', rollups]);
    const [replaced] = importJson(rollups, file('rollup-with-ties.csv', rollupAll));
    expect(replaced!.rejected).toBe(0);
    expect(invoices(rollups)).toEqual(invoices(rows));
    // ties decided by the larger quantity: the invoice shows 19 seats where the tie was planted on the month's latest instant
    const acme = (invoices(rows) as { invoice_id: string; lines: { code: string; quantity: string }[] }[]).find((i) => i.invoice_id === 'AG-ACME@2026-10')!;
    expect(acme.lines.find((l) => l.code === 'seats')!.quantity).toBe('19');
  });

  it("a line's source rows are its rollups at rollup granularity, and say so", () => {
    const book = newDb();
    importJson(book, agreementsPath, file('rollup.csv', rollupCsv));
    rate(book);
    const out = JSON.parse(billingOk(['line', 'sources', 'AG-ACME@2026-10', 'api_calls', '--limit', '1000', '--json', '--db', book])) as {
      total: number;
      from_rollups: boolean;
      rows: { source_kind: string; account_id: string; item: string; quantity: string; when: string; external_id: string; rollup: { count: number; max: string; last_ts: string; last_quantity: string; source: string } }[];
    };
    const acmeOctober = events.filter((e) => e.account_id === 'ACME' && e.metric === 'api_calls' && utcDay(e).startsWith('2026-10'));
    expect(out.from_rollups).toBe(true);
    expect(out.total).toBe(new Set(acmeOctober.map(utcDay)).size);
    expect(out.rows.every((r) => r.source_kind === 'usage_rollup' && r.account_id === 'ACME' && r.item === 'api_calls' && r.external_id === 'duckdb:usage_events')).toBe(true);
    expect(out.rows.reduce((s, r) => s + r.rollup.count, 0)).toBe(acmeOctober.length);
    const first = out.rows[0]!;
    const firstDay = acmeOctober.filter((e) => utcDay(e) === first.when);
    // exact decimals: a float sum could round two different quantities to the same number
    expect(new Decimal(first.quantity).toString()).toBe(firstDay.reduce((s, e) => s.plus(e.quantity), new Decimal(0)).toString());
    expect(first.rollup.count).toBe(firstDay.length);

    // the row book's line lists usage records, not rollups
    const rowsOut = JSON.parse(billingOk(['line', 'sources', 'AG-ACME@2026-10', 'api_calls', '--json', '--db', rowBook])) as { total: number; from_rollups: boolean };
    expect(rowsOut).toMatchObject({ from_rollups: false, total: acmeOctober.length });
    expect(billing(['line', 'sources', 'AG-ACME@2026-10', 'no_such_code', '--db', book]).stderr.trim()).toBe('billing: Invoice AG-ACME@2026-10 has no line no_such_code.');
  });
});

// ---------------------------------------------------------------- the import's guarantees

const HEADER = 'account_id,metric,day,sum,count,max,last_ts,last_quantity,source';

describe('billing import of usage rollups', () => {
  it('rejects malformed, inconsistent and hostile rows with file, line and reason, keeps them, and imports the good ones exactly', () => {
    const db = newDb();
    const huge = `${'9'.repeat(30)}.123456789012`;
    const path = file(
      'hostile-rollup.csv',
      [
        HEADER,
        `ACME,api_calls,2026-10-01,${huge},3,${'9'.repeat(18)}.5,2026-10-01T10:00:00Z,1,wh`, // 2: sum > count × max
        `ACME,api_calls,2026-10-02,${huge},999999999999999,${'9'.repeat(18)}.5,2026-10-02T10:00:00Z,1,wh`, // 3: exact, 30 integer digits
        'ACME,api_calls,2026-10-03,abc,1,1,2026-10-03T00:00:00Z,1,wh', // 4: not a decimal
        'ACME,api_calls,2026-10-04,1e3,1,1,2026-10-04T00:00:00Z,1,wh', // 5: exponent
        'ACME,api_calls,2026-10-05,-5,1,1,2026-10-05T00:00:00Z,1,wh', // 6: negative
        'ACME,api_calls,2026-10-06,5,0,5,2026-10-06T00:00:00Z,5,wh', // 7: count 0
        'ACME,api_calls,2026-10-07,5,1.5,5,2026-10-07T00:00:00Z,5,wh', // 8: count not whole
        'ACME,api_calls,2026-10-08,5,2,3,2026-10-09T00:00:00Z,2,wh', // 9: last_ts on another day
        'ACME,api_calls,2026-02-30,5,2,3,2026-02-28T00:00:00Z,2,wh', // 10: no such day
        'ACME,api_calls,2026-10-10,5,2,3,2026-10-10T00:00:00Z,4,wh', // 11: last_quantity > max
        'ACME,api_calls,2026-10-11,5,2,6,2026-10-11T00:00:00Z,2,wh', // 12: max > sum
        'ACME,api_calls,2026-10-12,5,2,3', // 13: truncated
        '"=cmd|\' /C calc\'!A0",api_calls,2026-10-13,5,2,3,2026-10-13T12:00:00Z,2,"=HYPERLINK(""http://x"")"', // 14: formula text, kept as text
        'ACME,api_calls,2099-10-14,5,2,3,2099-10-14T12:00:00Z,2,wh', // 15: future
        'ACME,api_calls,2026-10-15,5,2,3,2026-10-15T12:00:00Z,2,', // 16: no source
        'ACME,api\u0007calls,2026-10-16,5,2,3,2026-10-16T12:00:00Z,2,wh', // 17: control character in an id
        'ACME,api_calls,2026-10-17,5,1,3,2026-10-17T12:00:00Z,3,wh', // 18: one record, sum != max
        'ACME,api_calls,2026-10-19,3,1,3,2026-10-19T12:00:00Z,2,wh', // 19: one record, last != max
        'ACME,api_calls,2026-10-18,0.000000000001,1,0.000000000001,2026-10-18T23:59:59.999+00:00,0.000000000001,wh', // 20: fine, 12 decimals
      ].join('\r\n') + '\r\n',
    );
    const [counts] = importJson(db, path);
    expect(counts).toMatchObject({ kind: 'usage_rollup', rows: 19, imported: 3, duplicates: 0, rejected: 16 });
    const rejected = JSON.parse(billingOk(['rejected', '--json', '--db', db])) as { line: number; field: string | null; reason: string; raw: string; file: string }[];
    const reasons = Object.fromEntries(rejected.map((r) => [r.line, `${r.field}: ${r.reason}`]));
    expect(reasons).toEqual({
      2: `sum: sum ${huge} is larger than count × max (3 × ${'9'.repeat(18)}.5); the figures do not belong together`,
      4: 'sum: sum "abc" is not a decimal number (expected digits with a "." separator, e.g. 1234.5)',
      5: 'sum: sum "1e3" is not a decimal number (expected digits with a "." separator, e.g. 1234.5)',
      6: 'sum: sum -5 is negative; usage must be >= 0',
      7: 'count: count is 0; a rollup row stands for at least one record (leave days without usage out)',
      8: 'count: count "1.5" is not a whole number of records',
      9: 'last_ts: last_ts 2026-10-09T00:00:00.000Z is not on the row\'s day 2026-10-08 (UTC)',
      10: 'day: day "2026-02-30" is not a real calendar date YYYY-MM-DD',
      11: 'last_quantity: last_quantity 4 is larger than max 3',
      12: 'max: max 6 is larger than sum 5; a single record cannot exceed the day\'s total',
      13: 'null: has 6 fields but the header has 9',
      15: 'day: day 2099-10-14 is in the future (more than 1 day after the import)',
      16: 'source: source is missing',
      17: 'metric: metric holds a control character (U+0007)',
      18: 'sum: sum 5 is larger than count × max (1 × 3); the figures do not belong together',
      19: 'sum: a day of 1 record has sum, max and last_quantity equal, not 3, 3 and 2',
    });
    expect(rejected.every((r) => r.file === counts!.file)).toBe(true);
    // Kept raw, and exported formula-safe
    const out = join(dir, 'rejects.csv');
    billingOk(['rejected', '--out', out, '--db', db]);
    expect(readFileSync(out, 'utf8')).not.toMatch(/,=|^=/m);

    // The kept rows: exact text, formula text as plain text
    const sqlite = new Database(db, { readonly: true });
    const stored = sqlite.prepare('SELECT line, account_id, sum, count, max, last_ts, source FROM usage_rollups ORDER BY line').all();
    sqlite.close();
    expect(stored).toEqual([
      { line: 3, account_id: 'ACME', sum: huge, count: 999999999999999, max: `${'9'.repeat(18)}.5`, last_ts: '2026-10-02T10:00:00.000Z', source: 'wh' },
      { line: 14, account_id: "=cmd|' /C calc'!A0", sum: '5', count: 2, max: '3', last_ts: '2026-10-13T12:00:00.000Z', source: '=HYPERLINK("http://x")' },
      { line: 20, account_id: 'ACME', sum: '0.000000000001', count: 1, max: '0.000000000001', last_ts: '2026-10-18T23:59:59.999Z', source: 'wh' },
    ]);
  });

  it('a second rollup for a covered day is rejected (never summed), the same one is a duplicate; NDJSON works; undo removes them and re-rates', () => {
    const db = newDb();
    const agreement = complete({ agreement_id: 'AG-1', account_id: 'ACME', currency: 'USD', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] });
    importJson(db, file('ag.json', JSON.stringify([agreement])));
    billingOk(['rate', '--period', '2026-10', '--db', db]);
    const first = file('first.csv', `${HEADER}\nACME,api_calls,2026-10-01,1000,10,300,2026-10-01T22:00:00Z,5,wh.a\n`);
    const [a] = importJson(db, first);
    expect(a).toMatchObject({ imported: 1 });
    // the import re-rated the rated month
    const total = () => (JSON.parse(billingOk(['invoices', '--period', '2026-10', '--json', '--db', db])) as { total: string }[])[0]!.total;
    expect(total()).toBe('10.00');
    const other = file(
      'other.ndjson',
      [
        { account_id: 'ACME', metric: 'api_calls', day: '2026-10-01', sum: '1000', count: 10, max: '300', last_ts: '2026-10-01T22:00:00Z', last_quantity: '5', source: 'wh.b' },
        { account_id: 'ACME', metric: 'api_calls', day: '2026-10-02', sum: '500.25', count: 2, max: '500', last_ts: '2026-10-02T01:00:00Z', last_quantity: '0.25', source: 'wh.b' },
        { account_id: 'ACME', metric: 'api_calls', day: '2026-10-03', sum: 0.1, count: 1, max: '0.1', last_ts: '2026-10-03T01:00:00Z', last_quantity: '0.1', source: 'wh.b' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const [b] = importJson(db, '--kind', 'usage_rollup', other);
    expect(b).toMatchObject({ rows: 3, imported: 1, duplicates: 0, rejected: 2 });
    const rejected = JSON.parse(billingOk(['rejected', '--json', '--db', db])) as { line: number; reason: string }[];
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [1, 'ACME api_calls on 2026-10-01 already has a different rollup (import 2, line 2 (source wh.a)); a day has one rollup, so undo that import first if this one replaces it'],
      [3, 'sum 0.1 is a JSON number that may not be exact; write it as a decimal string'],
    ]);
    expect(total()).toBe('15.00'); // (1000 + 500.25) × 0.01 = 15.0025
    expect(importJson(db, first)[0]).toMatchObject({ imported: 0, duplicates: 1 });

    const undone = billingOk(['undo', '3', '--reason', 'wrong source', '--db', db]);
    expect(undone).toMatch(/^Undid import 3 \(\d+-other\.ndjson\): removed 0 usage records, 1 usage rollups, 0 time entries, 0 agreements, 2 rejected rows\.\nRe-rated 2026-10: 1 of 1 draft changed\.$/m);
    expect(total()).toBe('10.00');

    // Billed on an approved invoice: the rollup import cannot be undone any more.
    billingOk(['approve', 'AG-1@2026-10', '--db', db]);
    const refused = billing(['undo', '2', '--db', db]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim()).toMatch(
      /^billing: Import 2 \(\d+-first\.csv\) cannot be undone because its rows are billed on approved invoice AG-1@2026-10 \(2026-10\); only imports whose invoices are still drafts can be undone\.$/,
    );

    // Finalized: the rollups behind it stay, whatever writes to the file (triggers of migration 0012).
    billingOk(['export', '--period', '2026-10', '--out', join(dir, 'exported'), '--db', db]);
    const sqlite = new Database(db);
    expect(() => sqlite.prepare('DELETE FROM usage_rollups').run()).toThrow('usage rollups billed on a finalized invoice cannot be deleted');
    expect(() => sqlite.prepare("UPDATE usage_rollups SET sum = '1'").run()).toThrow('imported usage rollups are never edited; undo the import and import a corrected file');
    sqlite.close();
    expect(billingOk(['audit', 'verify', '--db', db])).toMatch(/^audit log intact/);
  });

  it('odd encodings: UTF-16 with a BOM, Windows-1252, a UTF-8 BOM with CRLF, and a byte that is not UTF-8 (read as Windows-1252, said so)', () => {
    const db = newDb();
    const row = (account: string, day: string) => `${account},api_calls,${day},10,2,6,${day}T08:00:00+01:00,4,wh`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\r\n${row('Zoë', '2026-10-01')}\r\n`, 'utf16le')]);
    const cp1252 = Buffer.from(`${HEADER}\n${row('Caf\u00e9', '2026-10-01')}\n`, 'latin1');
    const bom = `\uFEFF${HEADER}\r\n${row('Ωmega', '2026-10-01')}\r\n`;
    const broken = Buffer.concat([Buffer.from(`${HEADER}\n${row('Good', '2026-10-01')}\n`), Buffer.from('Bad'), Buffer.from([0xc3, 0x28]), Buffer.from(`,api_calls,2026-10-02,10,2,6,2026-10-02T08:00:00Z,4,wh\n`)]);
    const results = importJson(db, file('utf16.csv', utf16 as unknown as string), file('cp1252.csv', cp1252 as unknown as string), file('bom.csv', bom), file('broken.csv', broken as unknown as string));
    expect(results.map((r) => [r.kind, r.imported, r.rejected])).toEqual([
      ['usage_rollup', 1, 0],
      ['usage_rollup', 1, 0],
      ['usage_rollup', 1, 0],
      ['usage_rollup', 2, 0],
    ]);
    expect(results.map((r) => r.notes.some((note) => /1252/.test(note)))).toEqual([false, true, false, true]);
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare('SELECT account_id, last_ts FROM usage_rollups ORDER BY id').all()).toEqual([
      { account_id: 'Zoë', last_ts: '2026-10-01T07:00:00.000Z' },
      { account_id: 'Café', last_ts: '2026-10-01T07:00:00.000Z' },
      { account_id: 'Ωmega', last_ts: '2026-10-01T07:00:00.000Z' },
      { account_id: 'Good', last_ts: '2026-10-01T07:00:00.000Z' },
      { account_id: 'Bad\u00c3(', last_ts: '2026-10-02T08:00:00.000Z' },
    ]);
    sqlite.close();
  });

  it('a closed period keeps its rollups (undo refused), and the bill-run diff names the rollup import', () => {
    const db = newDb();
    const agreement = complete({ agreement_id: 'AG-1', account_id: 'ACME', currency: 'USD', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] });
    importJson(db, file('ag.json', JSON.stringify([agreement])));
    billingOk(['rate', '--period', '2026-09', '--db', db]);
    importJson(db, file('sept.csv', `${HEADER}\nACME,api_calls,2026-09-30,200,4,80,2026-09-30T23:59:59.999Z,30,wh\n`));
    const diff = billingOk(['diff', '--period', '2026-09', '--db', db]);
    expect(diff).toMatch(/import 2 \(\d+-sept\.csv\) added 1 usage rollup row for ACME \(lines 2–2\)/);
    billingOk(['period', 'close', '2026-09', '--reason', 'month end', '--db', db]);
    const refused = billing(['undo', '2', '--db', db]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/import 2 \(\d+-sept\.csv\) cannot be undone/);
  });

  it('a percentage charge cannot be priced from rollups: rating says so in one sentence and changes nothing', () => {
    const db = newDb();
    const agreement = complete({
      agreement_id: 'AG-PCT', account_id: 'PAYCO', currency: 'USD',
      charges: [{ type: 'usage', metric: 'payment_volume', model: 'percentage', rate: '2.9', per_event_fee: '0.30' }],
    });
    importJson(db, file('ag.json', JSON.stringify([agreement])), file('pct.csv', `${HEADER}\nPAYCO,payment_volume,2026-10-01,100,2,60,2026-10-01T10:00:00Z,40,wh\n`));
    const r = billing(['rate', '--period', '2026-10', '--db', db]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      "billing: Agreement AG-PCT prices payment_volume by percentage, which needs every record, but PAYCO's payment_volume has usage rollups in 2026-10; import those days as usage rows instead.",
    );
    expect(JSON.parse(billingOk(['invoices', '--period', '2026-10', '--json', '--db', db]))).toEqual([]);
  });
});
