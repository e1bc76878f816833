/**
 * Rule settings and prescreening through the real `billing` command on the
 * seeded demo book: switching a rule off or raising its threshold re-evaluates
 * a rated period; bad values are refused with one line; quality figures add up.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, billingOk } from './__tests__/run-cli';

let dir: string;
let db: string;
type Anomaly = { rule: string; message: string };
const anomalies = () => JSON.parse(billingOk(['anomalies', '--period', '2026-10', '--json', '--db', db])) as Anomaly[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-rules-cli-'));
  db = join(dir, 'book.db');
  billingOk(['demo', '--out', join(dir, 'demo'), '--rows', '20000']);
  billingOk(['import', ...readdirSync(join(dir, 'demo')).map((f) => join(dir, 'demo', f)), '--db', db]);
  billingOk(['rate', '--period', '2026-10', '--db', db]);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('billing rules / rule / quality', () => {
  it('lists every rule of anomalies.md and the two bill-cycle rules with their thresholds', () => {
    const rules = JSON.parse(billingOk(['rules', '--json', '--db', db])) as { id: string; enabled: boolean; thresholds: { name: string; value: string }[] }[];
    expect(rules).toHaveLength(19);
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['prepaid_exhausted_early', 'large_true_up']));
    expect(rules.find((r) => r.id === 'usage_spike')?.thresholds.find((t) => t.name === 'factor')?.value).toBe('2');
  });

  it('switching a rule off and on again re-evaluates the rated period', () => {
    const before = anomalies().filter((a) => a.rule === 'discount_over_limit');
    expect(before.length).toBeGreaterThan(0);
    expect(billingOk(['rule', 'discount_over_limit', '--off', '--period', '2026-10', '--db', db])).toMatch(/Re-evaluated 2026-10/);
    expect(anomalies().filter((a) => a.rule === 'discount_over_limit')).toEqual([]);
    billingOk(['rule', 'discount_over_limit', '--on', '--period', '2026-10', '--db', db]);
    expect(anomalies().filter((a) => a.rule === 'discount_over_limit')).toEqual(before);
  });

  it('a threshold above the finding makes it disappear, and "default" brings it back', () => {
    // The demo gives one agreement a 30 % discount against the 25 % limit.
    billingOk(['rule', 'discount_over_limit', '--threshold', 'max_discount_percent=30', '--period', '2026-10', '--db', db]);
    expect(anomalies().filter((a) => a.rule === 'discount_over_limit')).toEqual([]);
    billingOk(['rule', 'discount_over_limit', '--threshold', 'max_discount_percent=default', '--period', '2026-10', '--db', db]);
    expect(anomalies().some((a) => a.rule === 'discount_over_limit' && /30% discount/.test(a.message))).toBe(true);
  });

  it('refuses unknown rules, bad values and contradictions with one line', () => {
    for (const args of [
      ['rule', 'no_such_rule', '--off'],
      ['rule', 'usage_spike', '--threshold', 'factor=-1'],
      ['rule', 'usage_spike', '--threshold', 'factor'],
      ['rule', 'usage_spike'],
      ['rule', 'usage_spike', '--threshold', 'min_periods=9'],
    ]) {
      const r = billing([...args, '--db', db]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    }
    const spike = (JSON.parse(billingOk(['rules', '--json', '--db', db])) as { id: string; thresholds: { name: string; value: string }[] }[]).find(
      (r) => r.id === 'usage_spike',
    );
    expect(spike?.thresholds.map((t) => t.value)).toEqual(['2', '6', '2']);
  });

  it('prescreens a period: imported + duplicates + rejected = rows, and the demo problems show up', () => {
    const q = JSON.parse(billingOk(['quality', '--period', '2026-10', '--json', '--db', db])) as {
      rows: number; imported: number; duplicates: number; rejected: number; unbilled_usage: { metric: string; accounts: number }[];
      accounts_without_agreement: { account_id: string }[]; unbilled_hours: { entries: number };
    };
    expect(q.rows).toBe(q.imported + q.duplicates + q.rejected);
    expect(q.rejected).toBeGreaterThan(0);
    expect(q.unbilled_usage.length).toBeGreaterThan(0);
    expect(q.accounts_without_agreement.map((a) => a.account_id)).toContain('ZENITH');
    expect(billing(['quality', '--db', db]).code).toBe(2);
  });
});
