/**
 * Hostile CSV (and JSON) through the real `billing import` command on a real
 * database file: quoted fields that are huge or never close, stray quotes
 * that merge rows, ids with line breaks or control characters, and old Mac
 * files whose lines end with a lone CR. Every file is generated here.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingOk } from './__tests__/run-cli';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-hostile-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Counts {
  kind: string;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
}
interface Rejected {
  line: number;
  field: string | null;
  reason: string;
  raw: string;
}

/** Imports one generated file into a fresh database; returns the counts, the rejected rows and the database path. */
function importOne(name: string, content: string | Buffer, args: string[] = []): { counts: Counts; rejected: Rejected[]; db: string } {
  const db = join(dir, `book-${++n}.db`);
  const file = join(dir, name);
  writeFileSync(file, content);
  const [counts] = JSON.parse(billingOk(['import', file, '--json', '--db', db, ...args])) as Counts[];
  expect(counts!.rows).toBe(counts!.imported + counts!.duplicates + counts!.rejected);
  const rejected = JSON.parse(billingOk(['rejected', '--json', '--db', db])) as Rejected[];
  return { counts: counts!, rejected: rejected.sort((a, b) => a.line - b.line), db };
}

function query<T>(db: string, sql: string): T[] {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare(sql).all() as T[];
  } finally {
    sqlite.close();
  }
}

const USAGE = 'event_id,account_id,metric,quantity,timestamp';
const row = (id: string) => `${id},ACME,api_calls,1,2026-10-01T00:00:00Z`;
/** 30,000 lines shaped exactly like usage rows with a note: about 1.4 MiB, over the 1 MiB limit for one record */
const innerLines = Array.from({ length: 30_000 }, (_, i) => `${row(`n${i}`)},inner`).join('\n');

describe('a quoted field is one field, whatever its size', () => {
  it('rejects a record whose quoted note is over 1 MiB as one record, and reads no row out of the note', () => {
    const text = `${USAGE},note\n${row('e1')},short\n${row('e2')},"${innerLines}"\n${row('e3')},after\n`;
    const { counts, rejected, db } = importOne('big-note.csv', text);
    expect(counts).toMatchObject({ kind: 'usage', rows: 3, imported: 2, duplicates: 0, rejected: 1 });
    expect(query<{ event_id: string }>(db, 'SELECT event_id FROM usage_records ORDER BY id').map((r) => r.event_id)).toEqual(['e1', 'e3']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ line: 3, field: null });
    expect(rejected[0]!.reason).toMatch(/runs from line 3 to line 30002 .*over the 1\.0 MiB limit for one record/);
    expect(rejected[0]!.raw.length).toBeLessThan(2000);
  });

  it('rejects a huge quoted note cut off by the end of the file as one record running to the end', () => {
    const text = `${USAGE},note\n${row('e1')},short\n${row('e2')},"${innerLines}\n`;
    const { counts, rejected } = importOne('cut-note.csv', text);
    expect(counts).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
    expect(rejected[0]).toMatchObject({ line: 3 });
    expect(rejected[0]!.reason).toMatch(/quoted field opened on line 3 is never closed.*line 30002/);
  });
});

describe('ids never hold line breaks or control characters', () => {
  it('rejects usage rows merged by a stray quote, naming the lines the record runs over', () => {
    const text = [USAGE, row('e1'), 'e2,"ACME,api_calls,1,2026-10-01T00:00:00Z', row('e3'), 'e4,ACME",api_calls,1,2026-10-01T00:00:00Z', row('e5'), ''].join('\n');
    const { counts, rejected, db } = importOne('stray.csv', text);
    expect(counts).toMatchObject({ rows: 3, imported: 2, rejected: 1 });
    expect(rejected).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'account_id',
        reason: 'account_id holds a line break: this record runs from line 3 to line 5, so rows were probably merged by a stray quote',
      }),
    ]);
    expect(query<{ n: number }>(db, "SELECT count(*) AS n FROM usage_records WHERE account_id <> 'ACME'")[0]!.n).toBe(0);
  });

  it('rejects a merged record whatever id column the stray quote opened in (metric, event_id)', () => {
    const text = [USAGE, 'e1,ACME,"api_calls,1,2026-10-01T00:00:00Z', 'e2,ACME,api_calls",1,2026-10-01T00:00:00Z', '"e3,ACME,api_calls,1,2026-10-01T00:00:00Z', 'e4",ACME,api_calls,1,2026-10-01T00:00:00Z', ''].join('\r\n');
    const { counts, rejected } = importOne('stray2.csv', text);
    expect(counts).toMatchObject({ rows: 2, imported: 0, rejected: 2 });
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [2, 'metric'],
      [4, 'event_id'],
    ]);
    expect(rejected[0]!.reason).toMatch(/^metric holds a line break: this record runs from line 2 to line 3/);
  });

  it('rejects hours merged by a stray quote in person or entry_id', () => {
    const H = 'entry_id,date,account_id,person,kind,hours,billable';
    const text = [H, 't1,2026-10-01,ACME,"Ann,support,1,yes', 't2,2026-10-01,ACME,Ann",support,1,yes', 't3,2026-10-01,ACME,Bob,support,1,yes', ''].join('\n');
    const { counts, rejected } = importOne('hours.csv', text);
    expect(counts).toMatchObject({ kind: 'hours', rows: 2, imported: 1, rejected: 1 });
    expect(rejected[0]).toMatchObject({ line: 2, field: 'person', reason: expect.stringMatching(/^person holds a line break: this record runs from line 2 to line 3/) as string });
  });

  it('rejects an agreement in the CSV form whose id or account holds a line break', () => {
    const A = 'agreement_id,account_id,currency,start_date,type,code,amount';
    const text = [A, 'AG-1,ACME,USD,2026-01-01,recurring,base,100', '"AG-2,ACME,USD,2026-01-01,recurring,base,100', 'AG-3",ACME,USD,2026-01-01,recurring,base,100', 'AG-4,"BETA', 'X",USD,2026-01-01,recurring,base,100', ''].join('\n');
    const { counts, rejected, db } = importOne('agreements.csv', text);
    expect(counts).toMatchObject({ kind: 'agreements', rows: 3, imported: 1, rejected: 2 });
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [3, 'agreement_id'],
      [5, 'account_id'],
    ]);
    expect(rejected[0]!.reason).toMatch(/^agreement_id holds a line break: this record runs from line 3 to line 4, so rows were probably merged/);
    expect(rejected[1]!.reason).toMatch(/^account_id holds a line break: this record runs from line 5 to line 6/);
    expect(query<{ id: string }>(db, 'SELECT id FROM agreements').map((r) => r.id)).toEqual(['AG-1']);
  });

  it('rejects JSON agreements with control characters or bidirectional overrides in their ids', () => {
    const base = { account_id: 'ACME', currency: 'USD', start_date: '2026-01-01', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.01' }] };
    const docs = [
      { ...base, agreement_id: 'AG-1' },
      { ...base, agreement_id: 'AG-\u001b[31m2' },
      { ...base, agreement_id: 'AG-3', account_id: 'AC\u202EME' },
      { ...base, agreement_id: 'AG-4', charges: [{ ...base.charges[0], metric: 'api\u0000calls' }] },
      { ...base, agreement_id: 'AG-5', account_id: 'ACME\n' + 'BETA' },
    ];
    const { counts, rejected } = importOne('agreements.json', JSON.stringify(docs));
    expect(counts).toMatchObject({ rows: 5, imported: 1, rejected: 4 });
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [2, 'agreement_id'],
      [3, 'account_id'],
      [4, 'charges.0.metric'],
      [5, 'account_id'],
    ]);
    expect(rejected[0]!.reason).toMatch(/^agreement_id holds a control character \(U\+001B\)/);
    expect(rejected[1]!.reason).toMatch(/^account_id holds an invisible bidirectional-text control \(U\+202E\)/);
    expect(rejected[3]!.reason).toBe('account_id holds a line break');
  });

  it('rejects NDJSON usage with a line break, an escape character or a zero-width space in an id', () => {
    const lines = [
      { event_id: 'e1', account_id: 'ACME', metric: 'api_calls', quantity: '1', timestamp: '2026-10-01' },
      { event_id: 'e2\ne3', account_id: 'ACME', metric: 'api_calls', quantity: '1', timestamp: '2026-10-01' },
      { event_id: 'e4', account_id: 'ACME\u001b', metric: 'api_calls', quantity: '1', timestamp: '2026-10-01' },
      { event_id: 'e5', account_id: 'ACME', metric: 'api\u200Bcalls', quantity: '1', timestamp: '2026-10-01' },
      { event_id: 'e6', account_id: 'ACME', metric: 'api_calls', quantity: '1', timestamp: '2026-10-01', note: 'free text may hold\na line break' },
    ];
    const { counts, rejected } = importOne('usage.ndjson', lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(counts).toMatchObject({ rows: 5, imported: 2, rejected: 3 });
    expect(rejected.map((r) => [r.line, r.field])).toEqual([
      [2, 'event_id'],
      [3, 'account_id'],
      [4, 'metric'],
    ]);
    expect(rejected[2]!.reason).toMatch(/^metric holds an invisible zero-width character \(U\+200B\)/);
  });
});

describe('line ends', () => {
  it('imports a file whose lines end with a lone CR (old Mac exports)', () => {
    const text = [USAGE, row('e1'), row('e2'), 'e3,ACME,api_calls,1,"2026-10-01T00:00:00Z"', ''].join('\r');
    const { counts, rejected } = importOne('mac.csv', text);
    expect(rejected).toEqual([]);
    expect(counts).toMatchObject({ kind: 'usage', rows: 3, imported: 3, rejected: 0 });
  });

  it('reads a lone-CR file with a quoted multi-line note and names its lines correctly', () => {
    const H = 'entry_id,date,account_id,person,kind,hours,billable,notes';
    const text = [H, 't1,2026-10-01,ACME,Ann,support,1,yes,"two\rlines"', 't2,2026-10-01,ACME,Ann,support,x,yes,', ''].join('\r');
    const { counts, rejected } = importOne('mac-hours.csv', text);
    expect(counts).toMatchObject({ kind: 'hours', rows: 2, imported: 1, rejected: 1 });
    expect(rejected[0]).toMatchObject({ line: 4, field: 'hours' });
  });

  it('rejects a row with a lone CR outside quotes in an LF file, saying so, and reads the rest', () => {
    const text = [USAGE, row('e1'), 'e2,AC\rME,api_calls,1,2026-10-01T00:00:00Z', `${row('e3')}\r${row('e4')}`, row('e5'), ''].join('\n');
    const { counts, rejected } = importOne('lone-cr.csv', text);
    expect(counts).toMatchObject({ rows: 4, imported: 2, rejected: 2 });
    expect(rejected.map((r) => r.line)).toEqual([3, 4]);
    for (const r of rejected) expect(r.reason).toMatch(/carriage return \(CR\)/);
    expect(rejected.map((r) => r.reason).join(' ')).not.toMatch(/fields but the header has/);
  });
});
