/**
 * A usage file big enough for the bulk path (indexes rebuilt once at the end):
 * the indexes are all there afterwards, identical to db/'s definitions, and a
 * cancelled job leaves them and the rows exactly as before.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../import-files';
import { count, ctx, rows, scratch, type Scratch } from './helpers';

let s: Scratch;
beforeEach(() => {
  s = scratch();
});
afterEach(() => s.cleanup());

const indexes = () => rows(s, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'usage_rows' ORDER BY name");

function bigUsageFile(n: number, prefix: string): string {
  const lines = ['event_id,account_id,metric,quantity,timestamp'];
  for (let i = 0; i < n; i++) lines.push(`${prefix}${i},ACCT-${i % 997},m${i % 5},${i % 100}.5,2026-10-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z`);
  return s.file(`${prefix}.csv`, lines.join('\n') + '\n');
}

describe('bulk load of a large usage file', () => {
  it('rebuilds the same indexes, and a cancelled job leaves them as before', async () => {
    const before = indexes();
    const path = bigUsageFile(160_000, 'big');
    let progressPhases = new Set<string>();
    const { files: [r] } = await importFiles(s.opened.sqlite, { files: [{ path }], bulkIndexes: true }, { ...ctx(), progress: (phase: string) => void progressPhases.add(phase) });
    expect(r).toMatchObject({ rows: 160_000, imported: 160_000 });
    expect(progressPhases.has('Indexing big.csv')).toBe(true);
    expect(indexes()).toEqual(before);
    expect(s.opened.sqlite.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');

    // A second big file, cancelled while its rows are going in: nothing changes, indexes included.
    const next = bigUsageFile(200_000, 'next');
    progressPhases = new Set();
    let checks = 0;
    await expect(importFiles(s.opened.sqlite, { files: [{ path: next }], bulkIndexes: true }, ctx(() => ++checks > 240))).rejects.toThrow(/cancelled/);
    expect(count(s, 'usage_records')).toBe(160_000);
    expect(indexes()).toEqual(before);
  }, 60_000);
});
