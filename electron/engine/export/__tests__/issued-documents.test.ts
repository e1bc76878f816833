/**
 * An issued PDF never changes: after finalizing, a new company name or accent
 * colour changes the next drafts, while the finalized invoice's PDF (served to
 * the app, and re-exported when a file went missing) stays byte for byte the
 * one that was issued.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Opened } from '../../../../db/open';
import { approveInvoices } from '../../review/approve';
import { updateBranding } from '../../settings/update-settings';
import { exportPeriod } from '../export-period';
import { renderStoredInvoicePdf } from '../stored-invoice-pdf';
import { loadBook, testCtx as ctx } from './helpers';

let dir: string;
let opened: Opened;
const ACME = 'AG-1@2026-10';
const GLOBEX = 'AG-2@2026-10';
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-issued-'));
  opened = openDatabase(join(dir, 'i.db'));
  await loadBook(dir, opened);
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('issued documents', () => {
  it('keep their exact bytes through branding changes, in the app and on re-export', async () => {
    approveInvoices(opened.sqlite, [ACME], 'test');
    const first = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: join(dir, 'out'), issueDate: '2026-11-02' }, ctx);
    const file = join(dir, 'out', first.invoices[0]!.file);
    const issued = readFileSync(file);
    const stored = opened.sqlite.prepare('SELECT pdf_sha256 FROM invoices WHERE id = ?').pluck().get(ACME);
    expect(sha(issued)).toBe(stored);

    const draftBefore = (await renderStoredInvoicePdf(opened.sqlite, GLOBEX)).bytes;
    updateBranding(opened.sqlite, { company_name: 'Renamed Holdings plc', accent_color: '#aa3300' }, 'test');

    // The app's PDF of the finalized invoice is the issued one …
    expect(sha((await renderStoredInvoicePdf(opened.sqlite, ACME)).bytes)).toBe(stored);
    // … while a draft shows the new branding.
    expect(sha((await renderStoredInvoicePdf(opened.sqlite, GLOBEX)).bytes)).not.toBe(sha(draftBefore));

    // A lost file is written again from the issued bytes, not re-rendered with today's branding.
    rmSync(file);
    const again = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: join(dir, 'out'), issueDate: '2026-11-05' }, ctx);
    expect(again.invoices.map((i) => i.newly_finalized)).toEqual([false]);
    expect(sha(readFileSync(file))).toBe(stored);
  });
});
