/** The four-eyes setting on a real book: whoever last changed an invoice cannot approve it; anyone else can. */
import { afterEach, describe, expect, it } from 'vitest';
import { controlBook, type ControlBook } from './book';

let book: ControlBook;
afterEach(() => book?.cleanup());

const INVOICE = 'AG-1@2026-10';

describe('four eyes', () => {
  it('is off by default: the person who adjusted an invoice may approve it', async () => {
    book = await controlBook();
    await book.run('adjustments.add', { invoiceId: INVOICE, description: 'Goodwill', amount: '-10.00', reason: 'outage' }, 'ann');
    await expect(book.run('invoices.approve', { invoiceIds: [INVOICE] }, 'ann')).resolves.toHaveLength(1);
  });

  it('refuses whoever last changed the invoice, in one sentence naming who and how, and lets a second person approve', async () => {
    book = await controlBook();
    await book.run('settings.setFourEyes', { required: true }, 'admin');
    await book.run('adjustments.add', { invoiceId: INVOICE, description: 'Goodwill', amount: '-10.00', reason: 'outage' }, 'ann');
    await expect(book.run('invoices.approve', { invoiceIds: [INVOICE] }, 'Ann')).rejects.toThrow(
      /^Four eyes: ann last changed AG-1@2026-10 \(adjusted it \(Goodwill\) at \d{4}-\d\d-\d\d \d\d:\d\d UTC\), so someone else must approve it\.$/,
    );
    await book.run('invoices.approve', { invoiceIds: [INVOICE] }, 'bob');
    const trail = book.opened.sqlite.prepare("SELECT actor, action FROM audit_log WHERE action IN ('adjust', 'approve') ORDER BY id").all();
    expect(trail).toEqual([
      { actor: 'ann', action: 'adjust' },
      { actor: 'bob', action: 'approve' },
    ]);
  });

  it('counts rating by hand, excluding a row, overriding a quantity and dismissing an anomaly as changes; the last one decides', async () => {
    book = await controlBook();
    await book.run('settings.setFourEyes', { required: true }, 'admin');
    // controlBook rated the period by hand as ann
    await expect(book.run('invoices.approve', { invoiceIds: ['AG-2@2026-10'] }, 'ann')).rejects.toThrow(/ann last changed AG-2@2026-10 \(rated it by hand at /);
    await book.run('corrections.exclude', { sourceKind: 'usage', sourceId: book.rowId('usage', 'u3'), reason: 'bad reading' }, 'bob');
    await expect(book.run('invoices.approve', { invoiceIds: [INVOICE] }, 'bob')).rejects.toThrow(/bob last changed AG-1@2026-10 \(excluded usage record \d+ at /);
    await book.run('corrections.overrideQuantity', { invoiceId: INVOICE, code: 'storage_gb', quantity: '120', reason: 'MB not GB' }, 'carol');
    await expect(book.run('invoices.approve', { invoiceIds: [INVOICE] }, 'carol')).rejects.toThrow(/carol last changed AG-1@2026-10 \(overrode the quantity of storage_gb at /);
    // ann rated it last only before bob's and carol's changes, and an import's automatic re-rate is nobody's change
    await expect(book.run('invoices.approve', { invoiceIds: [INVOICE] }, 'ann')).resolves.toHaveLength(1);
  });

  it('is switched by an audited setting', async () => {
    book = await controlBook();
    await book.run('settings.setFourEyes', { required: true }, 'admin');
    await book.run('settings.setFourEyes', { required: false }, 'admin');
    await expect(book.run('invoices.approve', { invoiceIds: ['AG-2@2026-10'] }, 'ann')).resolves.toHaveLength(1);
    const audit = book.opened.sqlite.prepare("SELECT actor, details FROM audit_log WHERE action = 'settings.four_eyes' ORDER BY id").all();
    expect(audit).toEqual([
      { actor: 'admin', details: '{"before":false,"after":true}' },
      { actor: 'admin', details: '{"before":true,"after":false}' },
    ]);
  });
});
