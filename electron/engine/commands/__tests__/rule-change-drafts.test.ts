/**
 * Drafts never go stale (change-control.md) on a rule change: the findings of
 * every period that still has drafts follow the new settings in the same
 * command, not only the period named; a period with only approved invoices keeps its own.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAnomalies } from '../../review/status';
import { runCommand } from '../run-command';
import { ctx, ratedBook, type Book } from './helpers';

let book: Book;
beforeEach(async () => {
  book = await ratedBook();
});
afterEach(() => book.cleanup());

const unbilled = (period: string) => listAnomalies(book.opened.sqlite, period).filter((a) => a.rule === 'unbilled_usage');

describe('a rule change re-evaluates every period with drafts', () => {
  it('closes the finding in another drafted period, with or without a period named', async () => {
    const sqlite = book.opened.sqlite;
    const stray = join(book.dir, 'stray.csv');
    writeFileSync(stray, 'event_id,account_id,metric,quantity,timestamp\ns10,NOBODY,api_calls,5,2026-10-04T00:00:00Z\ns11,NOBODY,api_calls,5,2026-11-04T00:00:00Z\n');
    await runCommand(sqlite, { name: 'period.rate', args: { period: '2026-11' } }, ctx);
    await runCommand(sqlite, { name: 'import.files', args: { files: [{ path: stray }] } }, ctx);
    expect(unbilled('2026-10')).toHaveLength(1);
    expect(unbilled('2026-11')).toHaveLength(1);

    const off = await runCommand(sqlite, { name: 'rules.update', args: { ruleId: 'unbilled_usage', patch: { enabled: false }, period: '2026-10' } }, ctx);
    expect(off.reevaluated).toMatchObject({ period: '2026-10' });
    expect(off.reevaluatedPeriods.map((p) => p.period)).toEqual(['2026-10', '2026-11']);
    expect(unbilled('2026-11')).toEqual([]);

    // No period named: still every drafted period; one whose invoices are all approved keeps its findings.
    await runCommand(sqlite, { name: 'invoices.approve', args: { invoiceIds: ['AG-1@2026-11', 'AG-2@2026-11'], overrideReason: 'checked by hand' } }, ctx);
    const on = await runCommand(sqlite, { name: 'rules.update', args: { ruleId: 'unbilled_usage', patch: { enabled: true } } }, ctx);
    expect(on.reevaluated).toBeNull();
    expect(on.reevaluatedPeriods.map((p) => p.period)).toEqual(['2026-10']);
    expect(unbilled('2026-10')).toHaveLength(1);
    expect(unbilled('2026-11')).toEqual([]);
  });
});
