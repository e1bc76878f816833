/**
 * Bill runs recorded by the engine commands on a real SQLite file: the
 * adjustment, approval and preview cases the CLI cannot reach, the invoice
 * page's comparison with the previous run and with last month.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/run-command';
import { ctx, ratedBook, tableChecksums, type Book } from '../../commands/__tests__/helpers';
import { diffRuns } from '../diff-runs';
import { invoiceChanges } from '../invoice-changes';
import { listRuns } from '../list-runs';

let book: Book;
beforeEach(async () => {
  book = await ratedBook();
});
afterEach(() => book.cleanup());

describe('bill runs of engine commands', () => {
  it('names an adjustment added and removed as the cause, on its invoice only', async () => {
    const sqlite = book.opened.sqlite;
    const { adjustment } = await runCommand(sqlite, { name: 'adjustments.add', args: { invoiceId: 'AG-2@2026-10', description: 'Goodwill', amount: '-5.00', reason: 'late delivery' } }, ctx);
    expect(listRuns(sqlite, '2026-10').map((r) => r.trigger)).toEqual(['rate', 'adjustment']);
    const added = diffRuns(sqlite, '2026-10');
    expect(added.invoices.map((i) => i.invoice_id)).toEqual(['AG-2@2026-10']);
    expect(added.invoices[0]).toMatchObject({
      before: { total: '500.00' },
      after: { total: '495.00' },
      causes: [{ kind: 'adjustment', adjustment_id: adjustment.id, change: 'added', description: 'Goodwill', amount: '-5.00' }],
    });

    await runCommand(sqlite, { name: 'adjustments.remove', args: { adjustmentId: adjustment.id, reason: 'entered twice' } }, ctx);
    expect(diffRuns(sqlite, '2026-10').invoices[0]!.causes).toMatchObject([{ kind: 'adjustment', change: 'removed', description: 'Goodwill' }]);
  });

  it('records a preview of a rating nowhere, and a rating in the same transaction as its drafts', async () => {
    const sqlite = book.opened.sqlite;
    const before = tableChecksums(sqlite);
    await runCommand(sqlite, { name: 'period.rate', args: { period: '2026-10' } }, ctx, { preview: true });
    expect(tableChecksums(sqlite)).toEqual(before);
    const rated = await runCommand(sqlite, { name: 'period.rate', args: { period: '2026-10' } }, ctx);
    expect(listRuns(sqlite, '2026-10').at(-1)).toMatchObject({ run_id: rated.runId, trigger: 'rate', actor: 'test', invoices: 2 });
  });

  it('shows an approval between runs as a status change, and keeps the version the approved invoice was rated with', async () => {
    const sqlite = book.opened.sqlite;
    await runCommand(sqlite, { name: 'invoices.approve', args: { invoiceIds: ['AG-2@2026-10'] } }, ctx);
    await runCommand(sqlite, { name: 'period.rate', args: { period: '2026-10' } }, ctx);
    const diff = diffRuns(sqlite, '2026-10');
    expect(diff.invoices).toMatchObject([{ invoice_id: 'AG-2@2026-10', before: { status: 'draft' }, after: { status: 'approved' }, versions: { before: 1, after: 1 } }]);
    expect(diff.invoices[0]!.causes).toMatchObject([{ kind: 'status', before: 'draft', after: 'approved' }]);
  });

  it("compares an invoice with its previous run and with last month's invoice of its agreement", async () => {
    const sqlite = book.opened.sqlite;
    await runCommand(sqlite, { name: 'period.rate', args: { period: '2026-09' } }, ctx);
    await runCommand(sqlite, { name: 'adjustments.add', args: { invoiceId: 'AG-1@2026-10', description: 'Credit', amount: '-10.00', reason: 'outage' } }, ctx);
    const changes = invoiceChanges(sqlite, 'AG-1@2026-10');
    expect(changes.version).toBe(1);
    expect(changes.since_last_run.invoices).toHaveLength(1);
    expect(changes.since_last_run.invoices[0]!.lines).toContainEqual({ code: 'adjustment', before: null, after: { quantity: '1', amount: '-10.00' } });
    // September has the platform fee but neither the October usage nor the one-time onboarding.
    expect(changes.last_month).toMatchObject({ invoice_id: 'AG-1@2026-09', period: '2026-09' });
    expect(changes.last_month.lines).toContainEqual({ code: 'platform', before: { quantity: '1', amount: '1000.00' }, after: { quantity: '1', amount: '1000.00' } });
    expect(changes.last_month.lines).toContainEqual({ code: 'onboarding', before: null, after: { quantity: '1', amount: '333.33' } });
  });
});
