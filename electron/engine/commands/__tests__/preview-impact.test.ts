/**
 * Preview before apply (change-control.md): each command's preview leaves every
 * table as it was, and its impact is exactly what applying the same command next
 * changes (measured the same way around the real, committed run).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookState, impactBetween } from '../measure-impact';
import type { CommandName, RequestOf } from '../registry';
import { previewCommand, runCommand } from '../run-command';
import { ctx, ratedBook, tableChecksums, type Book } from './helpers';

let book: Book;
beforeEach(async () => {
  book = await ratedBook();
});
afterEach(() => book.cleanup());

const HEADER = 'event_id,account_id,metric,quantity,timestamp\n';

function file(name: string, content: string): string {
  const path = join(book.dir, name);
  writeFileSync(path, content);
  return path;
}

/** Previews the request (checking nothing changed), applies it, and returns the preview's impact beside the applied one. */
async function previewThenApply<N extends CommandName>(request: RequestOf<N>) {
  const sqlite = book.opened.sqlite;
  const untouched = tableChecksums(sqlite);
  const previewed = await previewCommand(sqlite, request, ctx);
  expect(tableChecksums(sqlite)).toEqual(untouched);
  const before = bookState(sqlite);
  await runCommand(sqlite, request, ctx);
  return { previewed, applied: impactBetween(before, bookState(sqlite)) };
}

describe('a preview is exactly what applying the command does', () => {
  it('late usage: the draft it re-rates, before and after', async () => {
    const { previewed, applied } = await previewThenApply({ name: 'import.files', args: { files: [{ path: file('late.csv', `${HEADER}late1,ACME,api_calls,1000,2026-10-20T00:00:00Z\n`) }] } });
    expect(previewed.impact.invoices).toEqual([{ invoice_id: 'AG-1@2026-10', status: 'draft', currency: 'USD', before: { total: '1539.55', amount_due: '1439.55' }, after: { total: '1541.50', amount_due: '1441.50' } }]);
    expect(previewed.result.files[0]).toMatchObject({ imported: 1 });
    expect(applied).toEqual(previewed.impact);
  });

  it('undoing an import: the draft it re-rates moves back', async () => {
    const late = await runCommand(book.opened.sqlite, { name: 'import.files', args: { files: [{ path: file('late.csv', `${HEADER}late1,ACME,api_calls,1000,2026-10-20T00:00:00Z\n`) }] } }, ctx);
    const { previewed, applied } = await previewThenApply({ name: 'import.undo', args: { batchId: late.files[0]!.batchId, reason: 'sent twice' } });
    expect(previewed.impact.invoices.map((i) => [i.invoice_id, i.after?.total])).toEqual([['AG-1@2026-10', '1539.55']]);
    expect(applied).toEqual(previewed.impact);
  });

  it('usage of an account without agreement in a rated month: an anomaly opens, no total moves', async () => {
    const { previewed, applied } = await previewThenApply({ name: 'import.files', args: { files: [{ path: file('stray.csv', `${HEADER}s1,NOBODY,api_calls,5,2026-10-04T00:00:00Z\n`) }] } });
    expect(previewed.impact.invoices).toEqual([]);
    expect(previewed.impact.anomalies_opened).toEqual([expect.objectContaining({ rule: 'unbilled_usage', account_id: 'NOBODY', status: 'open' })]);
    expect(Object.keys(previewed.impact.anomalies_opened[0]!).sort()).toEqual(['account_id', 'agreement_id', 'anomaly_id', 'invoice_id', 'message', 'person', 'rule', 'severity', 'status']);
    expect(applied).toEqual(previewed.impact);

    // Switching the rule off closes that finding; the preview says so first.
    const off = await previewThenApply({ name: 'rules.update', args: { ruleId: 'unbilled_usage', patch: { enabled: false }, period: '2026-10' } });
    expect(off.previewed.impact.anomalies_closed).toEqual(previewed.impact.anomalies_opened);
    expect(off.applied).toEqual(off.previewed.impact);
  });

  it('adding and removing an adjustment', async () => {
    const add = await previewThenApply({ name: 'adjustments.add', args: { invoiceId: 'AG-2@2026-10', description: 'Goodwill', amount: '-20.00', reason: 'late delivery' } });
    expect(add.previewed.impact.invoices).toEqual([{ invoice_id: 'AG-2@2026-10', status: 'draft', currency: 'EUR', before: { total: '500.00', amount_due: '500.00' }, after: { total: '480.00', amount_due: '480.00' } }]);
    expect(add.applied).toEqual(add.previewed.impact);
    const remove = await previewThenApply({ name: 'adjustments.remove', args: { adjustmentId: add.previewed.result.adjustment.id, reason: 'given twice' } });
    expect(remove.previewed.impact.invoices.map((i) => [i.invoice_id, i.after?.total])).toEqual([['AG-2@2026-10', '500.00']]);
    expect(remove.applied).toEqual(remove.previewed.impact);
  });

  it('rating a new period: its invoices appear (before null); re-rating an unchanged one moves nothing', async () => {
    const rated = await previewThenApply({ name: 'period.rate', args: { period: '2026-11' } });
    expect(rated.previewed.impact.invoices.map((i) => [i.invoice_id, i.before, i.after?.total])).toEqual([
      ['AG-1@2026-11', null, '974.25'],
      ['AG-2@2026-11', null, '500.00'],
    ]);
    expect(rated.applied).toEqual(rated.previewed.impact);
    const again = await previewThenApply({ name: 'period.rate', args: { period: '2026-11' } });
    expect(again.previewed.impact).toEqual({ invoices: [], anomalies_opened: [], anomalies_closed: [] });
    expect(again.applied).toEqual(again.previewed.impact);
  });

  it('an agreement imported for a rated month: its draft appears', async () => {
    const agreement = {
      agreement_id: 'AG-3', account_id: 'INITECH', currency: 'USD', start_date: '2026-01-01', tax_rate: '0', discount_percent: '0', deposit: '0',
      charges: [{ type: 'recurring', code: 'platform', description: 'Platform fee', amount: '700.00' }],
    };
    const { previewed, applied } = await previewThenApply({ name: 'import.files', args: { files: [{ path: file('initech.json', JSON.stringify([agreement])) }] } });
    expect(previewed.impact.invoices).toEqual([{ invoice_id: 'AG-3@2026-10', status: 'draft', currency: 'USD', before: null, after: { total: '700.00', amount_due: '700.00' } }]);
    expect(applied).toEqual(previewed.impact);
  });
});
