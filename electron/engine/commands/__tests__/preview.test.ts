/** runCommand as a preview: the real change runs and its result comes back, and nothing is kept. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../errors';
import type { RequestOf } from '../registry';
import { runCommand } from '../run-command';
import { ctx, ratedBook, tableChecksums, type Book } from './helpers';

let book: Book;
beforeEach(async () => {
  book = await ratedBook();
});
afterEach(() => book.cleanup());

describe('runCommand with preview', () => {
  it('returns what approving would do and changes nothing; the same call applied does it', async () => {
    const sqlite = book.opened.sqlite;
    const before = tableChecksums(sqlite);
    const request: RequestOf<'invoices.approve'> = { name: 'invoices.approve', args: { invoiceIds: ['AG-2@2026-10'] } };
    const previewed = await runCommand(sqlite, request, ctx, { preview: true });
    expect(previewed).toEqual([{ invoice_id: 'AG-2@2026-10', status: 'approved', overridden: false }]);
    expect(tableChecksums(sqlite)).toEqual(before);
    expect(await runCommand(sqlite, request, ctx)).toEqual(previewed);
    expect(sqlite.prepare("SELECT status FROM invoices WHERE id = 'AG-2@2026-10'").pluck().get()).toBe('approved');
  });

  it('shows the re-rated total of an adjustment (both steps ran) and keeps neither', async () => {
    const sqlite = book.opened.sqlite;
    const before = tableChecksums(sqlite);
    const previewed = await runCommand(sqlite, { name: 'adjustments.add', args: { invoiceId: 'AG-2@2026-10', description: 'Goodwill', amount: '-20.00', reason: 'late delivery' } }, ctx, { preview: true });
    expect(previewed.total).toBe('480.00');
    expect(tableChecksums(sqlite)).toEqual(before);
    expect(sqlite.prepare("SELECT total FROM invoices WHERE id = 'AG-2@2026-10'").pluck().get()).toBe('500.00');
  });

  it('refuses to preview an export, which writes files, with one sentence', async () => {
    const request = { name: 'export.period', args: { period: '2026-10', outDir: book.dir } } as const;
    const refusal = runCommand(book.opened.sqlite, request, ctx, { preview: true });
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toThrow(/^An export writes files, so it cannot be previewed; the export summary shows what it would finalize\.$/);
  });
});
