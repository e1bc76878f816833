/** Test helpers: a real SQLite file in a fresh temp folder, and files written there. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Opened } from '../../../../db/open';
import { createJobContext } from '../../job-context';

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
