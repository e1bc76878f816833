/**
 * Predictable, safe file names for invoice PDFs:
 *   finalized   INV-2026-000123_ACME.pdf        (<number>_<account>)
 *   draft       DRAFT_AG-1001_2026-10.pdf       (DRAFT_<agreement>_<period>)
 *   draft credit note  DRAFT_AG-1001_2026-10_CN1.pdf (its id's /CNn suffix keeps it apart from the invoice's draft)
 * Only [A-Za-z0-9._-]; accents are folded ("Zoë" -> "Zoe"), anything else
 * becomes "_". Never a path separator, never "..", never a leading dot or dash,
 * never a reserved Windows device name, at most 120 characters.
 */
import type { InvoiceDocument } from './types';

export const MAX_FILE_NAME_LENGTH = 120;
const EXTENSION = '.pdf';
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** One part of a file name: folded to ASCII, unsafe characters replaced, no dot runs, trimmed. */
export function safeFileNamePart(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // combining accents left by NFKD
    .replace(/ß/g, 'ss')
    .replace(/[Łł]/g, (c) => (c === 'Ł' ? 'L' : 'l'))
    .replace(/[Øø]/g, (c) => (c === 'Ø' ? 'O' : 'o'))
    .replace(/[Ææ]/g, (c) => (c === 'Æ' ? 'AE' : 'ae'))
    .replace(/[Đđ]/g, (c) => (c === 'Đ' ? 'D' : 'd'))
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/_{2,}/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '');
}

function assemble(parts: string[]): string {
  let stem = parts.filter((p) => p !== '').join('_');
  if (WINDOWS_RESERVED.test(stem.split('.')[0] ?? '')) stem = `file_${stem}`;
  stem = stem.slice(0, MAX_FILE_NAME_LENGTH - EXTENSION.length).replace(/[._-]+$/, '') || 'invoice';
  return `${stem}${EXTENSION}`;
}

export function invoicePdfFileName(doc: InvoiceDocument): string {
  const inv = doc.invoice;
  if (doc.draft || (inv.invoice_number ?? '').trim() === '') {
    const creditSuffix = doc.invoice.document_type === 'credit_note' ? safeFileNamePart(/\/(CN\d+)$/.exec(inv.invoice_id)?.[1] ?? 'CN') : '';
    return assemble(['DRAFT', safeFileNamePart(inv.agreement_id), safeFileNamePart(inv.period), creditSuffix]);
  }
  // A number with nothing printable left is still an issued invoice, never a "DRAFT".
  return assemble([safeFileNamePart(inv.invoice_number) || 'invoice', safeFileNamePart(inv.account_id)]);
}
