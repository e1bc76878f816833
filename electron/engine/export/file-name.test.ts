import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoicePdfFileName, MAX_FILE_NAME_LENGTH, safeFileNamePart } from './file-name';
import { longInvoice, shortInvoice } from './__tests__/sample-documents';
import type { InvoiceDocument } from './types';

function doc(over: { number?: string | null; account?: string; agreement?: string; period?: string; draft?: boolean }): InvoiceDocument {
  const base = shortInvoice();
  return {
    ...base,
    draft: over.draft ?? false,
    invoice: {
      ...base.invoice,
      invoice_number: over.number === undefined ? base.invoice.invoice_number : over.number,
      account_id: over.account ?? base.invoice.account_id,
      agreement_id: over.agreement ?? base.invoice.agreement_id,
      period: over.period ?? base.invoice.period,
    },
  };
}

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.pdf$/;

function expectSafe(name: string): void {
  expect(name).toMatch(SAFE);
  expect(name.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
  expect(name).not.toContain('..');
  expect(name).not.toMatch(/[/\\]/);
}

describe('invoicePdfFileName', () => {
  it('names a finalized invoice <number>_<account>.pdf', () => {
    expect(invoicePdfFileName(shortInvoice())).toBe('INV-2026-000123_ACME.pdf');
    expect(invoicePdfFileName(doc({ number: 'CN-2026-000007', account: 'OMEGA' }))).toBe('CN-2026-000007_OMEGA.pdf');
  });

  it('names a draft DRAFT_<agreement>_<period>.pdf, with or without a number', () => {
    expect(invoicePdfFileName(longInvoice())).toBe('DRAFT_AG-2040_2026-10.pdf');
    expect(invoicePdfFileName(doc({ number: null }))).toBe('DRAFT_AG-1001_2026-10.pdf');
    expect(invoicePdfFileName(doc({ draft: true }))).toBe('DRAFT_AG-1001_2026-10.pdf');
  });

  it('never lets a path through', () => {
    const names = [
      invoicePdfFileName(doc({ number: '../../etc/passwd' })),
      invoicePdfFileName(doc({ number: '..\\..\\Windows\\System32\\config', account: '../..' })),
      invoicePdfFileName(doc({ number: null, agreement: '/etc/shadow', period: '../2026-10' })),
      invoicePdfFileName(doc({ account: 'Acme/Corp\\EU', number: 'INV/2026/7' })),
      invoicePdfFileName(doc({ number: '.htaccess', account: '.' })),
      invoicePdfFileName(doc({ number: '-rf', account: '--help' })),
    ];
    names.forEach(expectSafe);
    expect(names[0]).toBe('etc_passwd_ACME.pdf');
    expect(names[3]).toBe('INV_2026_7_Acme_Corp_EU.pdf');
    expect(names[4]).toBe('htaccess.pdf');
    expect(names[5]).toBe('rf_help.pdf');
  });

  it('folds accents and drops other scripts', () => {
    expect(invoicePdfFileName(doc({ account: 'Zoë Łukasiewicz' }))).toBe('INV-2026-000123_Zoe_Lukasiewicz.pdf');
    expect(invoicePdfFileName(doc({ account: 'Ærø Straße Đặng' }))).toBe('INV-2026-000123_AEro_Strasse_Dang.pdf');
    expect(invoicePdfFileName(doc({ account: 'Ωmega Кирилл 株式会社' }))).toBe('INV-2026-000123_mega.pdf');
    expect(invoicePdfFileName(doc({ account: 'Кирилл' }))).toBe('INV-2026-000123.pdf');
    expect(invoicePdfFileName(doc({ number: 'Кирилл', account: '株式会社' }))).toBe('invoice.pdf');
  });

  it('keeps names at most 120 characters and still ending in .pdf', () => {
    const name = invoicePdfFileName(doc({ account: 'A'.repeat(500) }));
    expect(name.length).toBe(MAX_FILE_NAME_LENGTH);
    expect(name.startsWith('INV-2026-000123_AAAA')).toBe(true);
    expectSafe(name);
    expectSafe(invoicePdfFileName(doc({ number: `${'9'.repeat(114)}.....x`, account: 'B' })));
    expectSafe(invoicePdfFileName(doc({ number: null, agreement: 'é'.repeat(300), period: '2026-10' })));
  });

  it('avoids Windows device names', () => {
    expect(invoicePdfFileName(doc({ number: 'CON', account: '' }))).toBe('file_CON.pdf');
    expect(invoicePdfFileName(doc({ number: 'nul', account: '€' }))).toBe('file_nul.pdf');
  });

  it('is always safe, whatever the ids', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ unit: 'binary', maxLength: 300 })), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }), fc.string({ maxLength: 20 }), fc.boolean(), (number, account, agreement, period, draft) => {
        expectSafe(invoicePdfFileName(doc({ number, account, agreement, period, draft })));
      }),
      { numRuns: 300 },
    );
  });

  it('safeFileNamePart leaves plain ids alone', () => {
    expect(safeFileNamePart('INV-2026-000123')).toBe('INV-2026-000123');
    expect(safeFileNamePart('acct_42.eu')).toBe('acct_42.eu');
    expect(safeFileNamePart(null)).toBe('');
  });
});
