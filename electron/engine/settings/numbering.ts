/**
 * Invoice and credit-note numbers: a configurable format, e.g.
 * "INV-{YYYY}-{SEQ:6}" -> INV-2026-000123. Each distinct prefix (so each year,
 * when the format contains {YYYY}) is its own gapless sequence, advanced in the
 * same transaction that finalizes the document.
 */
import { isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { dbOf } from '../../../db/db-of';
import type { Sqlite } from '../../../db/open';
import { invoices } from '../../../db/schema';
import { readSetting } from './settings';

const format = z
  .string()
  .min(1)
  .max(60)
  .refine((f) => /\{SEQ(:\d)?\}/.test(f), { message: 'the format needs a {SEQ} or {SEQ:n} placeholder' })
  .refine((f) => /^[A-Za-z0-9_./{}:-]+$/.test(f), { message: 'use letters, digits, - _ . / and the placeholders only' });

export const numberingSchema = z.object({ invoice_format: format, credit_note_format: format });
export type Numbering = z.infer<typeof numberingSchema>;

export const DEFAULT_NUMBERING: Numbering = { invoice_format: 'INV-{YYYY}-{SEQ:6}', credit_note_format: 'CN-{YYYY}-{SEQ:6}' };

const LABEL: Record<keyof Numbering, string> = { invoice_format: 'invoice', credit_note_format: 'credit note' };

/**
 * Why a new number format cannot be used, in one sentence, or null. Numbers
 * name the exported PDF files, so path characters are refused outright (the
 * export also refuses to write outside its folder, but a format should never get
 * that far). Checked when a format is changed; formats already stored are read
 * as they are.
 */
export function numberFormatProblem(field: keyof Numbering, text: string): string | null {
  const label = LABEL[field];
  // C0 controls (a tab, a line break) and DEL.
  if ([...text].some((ch) => ch < ' ' || ch === '\u007f')) return `The ${label} number format cannot contain control characters (such as a tab or a line break).`;
  if (/[/\\]/.test(text)) return `The ${label} number format cannot contain / or \\: numbers name the PDF files, and a slash would point into another folder.`;
  if (text.includes('..')) return `The ${label} number format cannot contain "..": numbers name the PDF files, and ".." points to the folder above.`;
  return null;
}

/** How many numbers of each kind were issued already (finalized documents carry one). */
export function issuedNumbers(sqlite: Sqlite): Record<keyof Numbering, number> {
  const row = dbOf(sqlite)
    .select({
      invoices: sql<number>`coalesce(sum(${invoices.documentType} = 'invoice'), 0)`,
      credit_notes: sql<number>`coalesce(sum(${invoices.documentType} = 'credit_note'), 0)`,
    })
    .from(invoices)
    .where(isNotNull(invoices.invoiceNumber))
    .get() ?? { invoices: 0, credit_notes: 0 };
  return { invoice_format: row.invoices, credit_note_format: row.credit_notes };
}

export function numbering(sqlite: Sqlite): Numbering {
  return readSetting(sqlite, 'numbering', numberingSchema, DEFAULT_NUMBERING);
}

/** Takes the next number of the sequence the format and issue date select. Call inside a transaction. (Raw SQL: it runs once per document in the export loop.) */
export function nextDocumentNumber(sqlite: Sqlite, formatText: string, issueDate: string): string {
  const withDate = formatText.replaceAll('{YYYY}', issueDate.slice(0, 4)).replaceAll('{MM}', issueDate.slice(5, 7));
  const sequenceName = withDate.replace(/\{SEQ(:\d)?\}.*$/, '');
  sqlite.prepare('INSERT INTO number_sequences (name, next) VALUES (?, 1) ON CONFLICT(name) DO NOTHING').run(sequenceName);
  const value = sqlite.prepare('UPDATE number_sequences SET next = next + 1 WHERE name = ? RETURNING next - 1').pluck().get(sequenceName) as number;
  return withDate.replace(/\{SEQ(?::(\d))?\}/, (_m, width: string | undefined) => String(value).padStart(Number(width ?? '1'), '0'));
}
