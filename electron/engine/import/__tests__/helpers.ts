/** Test helpers: a real SQLite file in a fresh temp folder, and files written there. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Opened } from '../../../../db/open';
import { expect } from 'vitest';
import { createJobContext } from '../../job-context';
import { periodTotals } from '../../rating/period-totals';

export interface Scratch {
  dir: string;
  opened: Opened;
  file(name: string, content: string | Buffer): string;
  cleanup(): void;
}

export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'billing-test-'));
  const opened = openDatabase(join(dir, 'test.db'));
  return {
    dir,
    opened,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup() {
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const ctx = (isCancelled?: () => boolean) => createJobContext({ actor: 'test', ...(isCancelled ? { isCancelled } : {}) });

/** Reads a whole table or query as plain rows. */
export function rows<T = Record<string, unknown>>(s: Scratch, sql: string, ...params: unknown[]): T[] {
  return s.opened.sqlite.prepare(sql).all(...params) as T[];
}

export function count(s: Scratch, table: string): number {
  return s.opened.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

/** Every table an import writes to, counted: "nothing was changed" compares two of these. */
export function footprint(s: Scratch): Record<string, number> {
  const tables = ['import_batches', 'usage_series', 'usage_rows', 'time_entries', 'agreements', 'charges', 'charge_tiers', 'rejected_rows', 'accounts'];
  return Object.fromEntries(tables.map((t) => [t, count(s, t)]));
}

/** The cached usage totals of each stamped period (or of `periods`, stamped or not), dup_groups aside (counted on demand). */
export function cachedTotals(s: Scratch, periods = rows<{ period: string }>(s, 'SELECT period FROM usage_period_stamps ORDER BY period').map((r) => r.period)): Record<string, unknown[]> {
  const read = (period: string) =>
    rows(
      s,
      `SELECT account_id, metric, records, exact, sum_scaled, max_scaled, min_scaled, last_scaled, last_ts, digits
       FROM usage_period_totals WHERE period = ? ORDER BY account_id, metric`,
      period,
    );
  return Object.fromEntries(periods.map((p) => [p, read(p)]));
}

/** Each stamped period's cached totals, then the same periods computed again from their rows: they must be equal. */
export function expectCacheEqualsRecompute(s: Scratch): void {
  const kept = cachedTotals(s);
  s.opened.sqlite.exec('DELETE FROM usage_period_stamps');
  for (const p of Object.keys(kept)) periodTotals(s.opened.sqlite, p);
  expect(cachedTotals(s)).toEqual(kept);
}
