/**
 * `billing anomalies sources ID` through the real command (out/cli.mjs as a
 * child process): every row of a finding with more than 1,000 rows, paged and
 * sorted, and all of them as a formula-safe CSV on stdout or in a file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, billingOk } from './__tests__/run-cli';

const HOSTILE = "=cmd|' /C calc'!A0";
let dir: string;
let db: string;
let findingId: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-anomaly-sources-cli-'));
  db = join(dir, 'book.db');
  const agreements = [
    { agreement_id: 'AG-N', account_id: 'NORTH', currency: 'USD', start_date: '2026-01-01', owner: 'Dana Lee', po_number: 'PO-1', bill_to: 'North Ltd', charges: [{ type: 'recurring', code: 'platform', amount: '100.00' }] },
  ];
  writeFileSync(join(dir, 'agreements.json'), JSON.stringify(agreements));
  // 1,500 records of an account no agreement covers: one unbilled_usage finding with 1,500 rows.
  const lines = ['event_id,account_id,metric,quantity,timestamp'];
  for (let i = 0; i < 1500; i++) {
    const id = i === 700 ? `"${HOSTILE}"` : `e${i}`;
    lines.push(`${id},GLOBEX,api_calls,${i + 1},${new Date(Date.UTC(2026, 9, 1) + i * 20 * 60_000).toISOString()}`);
  }
  writeFileSync(join(dir, 'usage.csv'), `${lines.join('\n')}\n`);
  billingOk(['import', join(dir, 'agreements.json'), join(dir, 'usage.csv'), '--db', db]);
  billingOk(['rate', '--period', '2026-10', '--db', db]);
  const anomalies = JSON.parse(billingOk(['anomalies', '--period', '2026-10', '--json', '--db', db])) as { anomaly_id: string; rule: string; account_id: string }[];
  findingId = anomalies.find((a) => a.rule === 'unbilled_usage' && a.account_id === 'GLOBEX')!.anomaly_id;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing anomalies sources', () => {
  it('pages past the first 1,000 rows and sorts on the whole set', () => {
    const page = JSON.parse(billingOk(['anomalies', 'sources', findingId, '--offset', '1000', '--limit', '1000', '--json', '--db', db])) as {
      total: number;
      rows: { quantity: string }[];
    };
    expect(page.total).toBe(1500);
    expect(page.rows).toHaveLength(500);
    expect(page.rows[0]!.quantity).toBe('1001');

    const text = billingOk(['anomalies', 'sources', findingId, '--sort', 'quantity', '--desc', '--limit', '2', '--db', db]).trimEnd().split('\n');
    expect(text).toHaveLength(3);
    expect(text[0]).toMatch(/^usage\t\d+\tusage\.csv:1501\tGLOBEX\tapi_calls\t1500\t/);
    expect(text[2]).toBe('Rows 1–2 of 1,500.');
  });

  it('writes every row as a formula-safe CSV, to a file or to stdout', () => {
    const out = join(dir, 'exports', 'rows.csv');
    expect(billingOk(['anomalies', 'sources', findingId, '--csv', '--out', out, '--db', db]).trim()).toBe(`Wrote 1,500 source rows to ${out}.`);
    const csv = readFileSync(out, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(1501);
    expect(lines[0]).toBe('kind,id,file,line,account_id,item,quantity,when,external_id,person');
    expect(csv).toContain(`,'${HOSTILE},`);
    expect(csv).not.toMatch(/(^|,)=cmd/m);
    expect(billingOk(['anomalies', 'sources', findingId, '--csv', '--db', db])).toBe(csv);
  });

  it('refuses an unknown finding, a bad column and --out without --csv with one line; the list still needs --period', () => {
    for (const [args, code] of [
      [['anomalies', 'sources', 'no-such-finding'], 1],
      [['anomalies', 'sources', findingId, '--sort', 'colour'], 2],
      [['anomalies', 'sources', findingId, '--out', join(dir, 'x.csv')], 2],
      [['anomalies', 'sources', findingId, '--limit', '0'], 2],
      [['anomalies'], 2],
    ] as const) {
      const r = billing([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^billing: /);
    }
    expect(billing(['anomalies', 'sources', 'no-such-finding', '--db', db]).stderr.trim()).toBe('billing: There is no anomaly no-such-finding.');
  });
});
