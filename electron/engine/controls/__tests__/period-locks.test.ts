/** A closed period on a real book: what it refuses (one sentence each), what still imports, and how the late rows are explained. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reconcilePeriod } from '../../review/reconciliation';
import { controlBook, type ControlBook } from './book';

let book: ControlBook;
afterEach(() => book?.cleanup());

const INVOICE = 'AG-1@2026-10';
const CLOSED = 'Period 2026-10 is closed (by carol: month-end close)';

describe('a closed period', () => {
  it('refuses rating, adjustments, approvals, corrections and undoing its imports, naming the lock', async () => {
    book = await controlBook();
    const usageBatch = book.opened.sqlite.prepare("SELECT id FROM import_batches WHERE kind = 'usage'").pluck().get() as number;
    await book.run('period.close', { period: '2026-10', reason: 'month-end close.' }, 'carol');
    await expect(book.run('period.rate', { period: '2026-10' })).rejects.toThrow(`${CLOSED}, so it cannot be rated; reopen it first.`);
    await expect(book.run('adjustments.add', { invoiceId: INVOICE, description: 'Credit', amount: '-10.00', reason: 'goodwill' })).rejects.toThrow(
      `${CLOSED}, so its invoices cannot be adjusted; reopen it first.`,
    );
    await expect(book.run('invoices.approve', { invoiceIds: [INVOICE] })).rejects.toThrow(`${CLOSED}, so invoice ${INVOICE} cannot be approved; reopen it first.`);
    await expect(book.run('corrections.exclude', { sourceKind: 'usage', sourceId: book.rowId('usage', 'u3'), reason: 'bad reading' })).rejects.toThrow(
      `${CLOSED}, so its rows cannot be excluded; reopen it first.`,
    );
    await expect(book.run('corrections.overrideQuantity', { invoiceId: INVOICE, code: 'api_calls', quantity: '1', reason: 'test' })).rejects.toThrow(
      `${CLOSED}, so its quantities cannot be overridden; reopen it first.`,
    );
    await expect(book.run('import.undo', { batchId: usageBatch, reason: null })).rejects.toThrow(`${CLOSED}, so import ${usageBatch} (usage.csv) cannot be undone; reopen it first.`);
    expect(book.invoice(INVOICE)).toMatchObject({ total: '2536.00', status: 'draft' });
  });

  it('still imports late rows dated in it, leaves its invoices as they were, and explains the rows as unbilled', async () => {
    book = await controlBook();
    await book.run('period.close', { period: '2026-10', reason: 'month-end close' }, 'carol');
    const late = join(book.dir, 'late.csv');
    writeFileSync(late, 'event_id,account_id,metric,quantity,timestamp\nu9,ACME,api_calls,7000,2026-10-20T00:00:00Z\n');
    const hours = join(book.dir, 'late-hours.csv');
    writeFileSync(hours, 'entry_id,date,account_id,person,kind,hours,billable\nh9,2026-10-21,ACME,Kim,professional_services,1,true\n');
    const imported = await book.run('import.files', { files: [{ path: late }, { path: hours }] });
    expect(imported.files.map((f) => f.imported)).toEqual([1, 1]);
    expect(imported.rerated).toEqual([{ period: '2026-10', drafts: 2, changed: [] }]);
    expect(book.invoice(INVOICE).total).toBe('2536.00');
    const r = reconcilePeriod(book.opened.sqlite, '2026-10');
    expect(r.usage).toMatchObject({ rows: 7, billed: 6, unbilled: 1 });
    expect(r.usage.unbilled_groups[0]).toMatchObject({ rule: 'unbilled_usage' });
    expect(r.hours).toMatchObject({ billed: 2, unbilled: 1 });
    expect(r.hours.unbilled_groups[0]).toMatchObject({
      rule: 'period_closed',
      message: 'Not billed because 2026-10 was closed by carol (month-end close); reopen the period to bill it.',
    });
    expect(r.unexplained).toBe(0);
  });

  it('is closed and reopened with reasons, both audited; reopening lets rating bill the late rows', async () => {
    book = await controlBook();
    await book.run('period.close', { period: '2026-10', reason: 'month-end close' }, 'carol');
    await expect(book.run('period.close', { period: '2026-10', reason: 'again' })).rejects.toThrow(/^Period 2026-10 is already closed \(by carol at /);
    await expect(book.run('period.reopen', { period: '2026-10', reason: '' })).rejects.toThrow('Reopening a period needs a reason.');
    writeFileSync(join(book.dir, 'late.csv'), 'event_id,account_id,metric,quantity,timestamp\nu9,ACME,api_calls,7000,2026-10-20T00:00:00Z\n');
    await book.run('import.files', { files: [{ path: join(book.dir, 'late.csv') }] });
    await book.run('period.reopen', { period: '2026-10', reason: 'late usage from the EU region' }, 'dave');
    await expect(book.run('period.reopen', { period: '2026-10', reason: 'again' })).rejects.toThrow('Period 2026-10 is not closed.');
    await book.run('period.rate', { period: '2026-10' });
    expect(book.invoice(INVOICE).total).toBe('2550.00');
    const audit = book.opened.sqlite.prepare("SELECT action, actor, reason FROM audit_log WHERE entity_type = 'period' AND action LIKE '%period' ORDER BY id").all();
    expect(audit).toEqual([
      { action: 'close_period', actor: 'carol', reason: 'month-end close' },
      { action: 'reopen_period', actor: 'dave', reason: 'late usage from the EU region' },
    ]);
  });
});
