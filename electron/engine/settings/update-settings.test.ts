/** Branding and numbering changes: validated, audited, and visible in the next PDF. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePDFRawStream, PDFDocument, PDFRawStream } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Opened } from '../../../db/open';
import { lineId, loadBook, makePng, testCtx } from '../export/__tests__/helpers';
import { createCreditNote } from '../credit-notes/credit-note';
import { exportPeriod } from '../export/export-period';
import { renderStoredInvoicePdf } from '../export/stored-invoice-pdf';
import { approveInvoices } from '../review/approve';
import { numbering } from './numbering';
import { branding } from './settings';
import { logoBase64, updateBranding, updateNumbering } from './update-settings';

let dir: string;
let opened: Opened;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-settings-'));
  opened = openDatabase(join(dir, 's.db'));
  await loadBook(dir, opened);
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pageContent(bytes: Uint8Array): Promise<string> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const contents = pdf.getPage(0).node.Contents();
  const streams = contents instanceof PDFRawStream ? [contents] : [];
  if (!(contents instanceof PDFRawStream) && contents) {
    for (let i = 0; i < (contents as unknown as { size(): number }).size(); i++) {
      const s = pdf.context.lookup((contents as unknown as { get(i: number): unknown }).get(i) as never);
      if (s instanceof PDFRawStream) streams.push(s);
    }
  }
  return streams.map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1')).join('\n');
}

describe('updateBranding', () => {
  it('shows a new company name, accent colour and logo in the next PDF, and audits the change', async () => {
    const logo = makePng(120, 60, [0xd6, 0x24, 0x57]);
    updateBranding(opened.sqlite, { company_name: 'Northwind Analytics GmbH', accent_color: '#D62457', logo_base64: logoBase64(logo) }, 'dana', 'rebrand');
    expect(branding(opened.sqlite)).toMatchObject({ company_name: 'Northwind Analytics GmbH', accent_color: '#D62457' });
    const { bytes } = await renderStoredInvoicePdf(opened.sqlite, 'AG-1@2026-10');
    const file = join(dir, 'branded.pdf');
    writeFileSync(file, bytes);
    expect(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).toContain('Northwind Analytics GmbH');
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/^\s*1\s+\d+\s+image\s+120\s+60\s+rgb\s+3\s+8/);
    // #D62457 → 214/255, 36/255, 87/255 as the rule's and headings' colour operands
    expect(await pageContent(bytes)).toMatch(/0\.839 0\.141 0\.341 (rg|RG)/);
    const audit = opened.sqlite.prepare("SELECT actor, reason, details FROM audit_log WHERE action = 'settings_change' AND entity_id = 'branding'").get() as { actor: string; reason: string; details: string };
    expect(audit.actor).toBe('dana');
    expect(audit.reason).toBe('rebrand');
    const details = JSON.parse(audit.details) as Record<string, [unknown, unknown]>;
    expect(details['company_name']).toEqual(['Lumen Cloud Ltd.', 'Northwind Analytics GmbH']);
    expect(String(details['logo_base64']?.[1])).toMatch(/^png \d+ bytes sha256:[0-9a-f]{16}$/);

    updateBranding(opened.sqlite, { logo_base64: null }, 'dana');
    const plain = join(dir, 'plain.pdf');
    writeFileSync(plain, (await renderStoredInvoicePdf(opened.sqlite, 'AG-1@2026-10')).bytes);
    expect(execFileSync('pdfimages', ['-list', plain], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2);
  });

  it('refuses invalid values with one sentence and changes nothing', () => {
    expect(() => updateBranding(opened.sqlite, { accent_color: 'red' }, 't')).toThrow('Invalid branding: the accent colour is written #RRGGBB, e.g. #2457d6.');
    expect(() => updateBranding(opened.sqlite, { company_name: '' }, 't')).toThrow(/company name/);
    expect(() => logoBase64(Buffer.from('GIF89a not a png'), 'logo.gif')).toThrow('logo.gif is not a PNG or JPEG image.');
    expect(() => updateBranding(opened.sqlite, { logo_base64: Buffer.from('hello').toString('base64') }, 't')).toThrow(/not a PNG or JPEG/);
    expect(opened.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'settings_change'").pluck().get()).toBe(0);
  });
});

describe('updateNumbering', () => {
  it('numbers the next invoices and credit notes with the new formats, each sequence gapless', async () => {
    updateNumbering(opened.sqlite, { invoice_format: 'F{YYYY}{MM}-{SEQ:4}', credit_note_format: 'GS{YYYY}-{SEQ:3}' }, 'dana');
    expect(numbering(opened.sqlite)).toEqual({ invoice_format: 'F{YYYY}{MM}-{SEQ:4}', credit_note_format: 'GS{YYYY}-{SEQ:3}' });
    approveInvoices(opened.sqlite, ['AG-1@2026-10', 'AG-2@2026-10'], 't');
    const out = join(dir, 'out');
    await exportPeriod(opened.sqlite, { period: '2026-10', outDir: out, issueDate: '2026-11-02' }, testCtx);
    const note = createCreditNote(opened.sqlite, { invoiceId: 'AG-1@2026-10', reason: 'r', lines: [lineId(opened, 'AG-1@2026-10', 'platform')], actor: 't' });
    approveInvoices(opened.sqlite, [note.credit_note_id], 't');
    const result = await exportPeriod(opened.sqlite, { period: '2026-10', outDir: out, issueDate: '2026-11-03' }, testCtx);
    expect(result.invoices.map((i) => i.invoice_number)).toEqual(['F202611-0001', 'F202611-0002', 'GS2026-001']);
    expect(() => updateNumbering(opened.sqlite, { credit_note_format: 'CN-{YYYY}' }, 't')).toThrow(/needs a \{SEQ\}/);
    expect(() => updateNumbering(opened.sqlite, { credit_note_format: 'F{YYYY}{MM}-{SEQ:4}' }, 't')).toThrow('Invoices and credit notes need different number formats.');
  });
});
