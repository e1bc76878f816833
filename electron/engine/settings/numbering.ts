/**
 * Invoice and credit-note numbers: a configurable format, e.g.
 * "INV-{YYYY}-{SEQ:6}" -> INV-2026-000123. Each distinct prefix (so each year,
 * when the format contains {YYYY}) is its own gapless sequence, advanced in the
 * same transaction that finalizes the document.
 */
import { z } from 'zod';
import type { Sqlite } from '../../../db/open';
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

export function numbering(sqlite: Sqlite): Numbering {
  return readSetting(sqlite, 'numbering', numberingSchema, DEFAULT_NUMBERING);
}

/** Takes the next number of the sequence the format and issue date select. Call inside a transaction. */
export function nextDocumentNumber(sqlite: Sqlite, formatText: string, issueDate: string): string {
  const withDate = formatText.replaceAll('{YYYY}', issueDate.slice(0, 4)).replaceAll('{MM}', issueDate.slice(5, 7));
  const sequenceName = withDate.replace(/\{SEQ(:\d)?\}.*$/, '');
  sqlite.prepare('INSERT INTO number_sequences (name, next) VALUES (?, 1) ON CONFLICT(name) DO NOTHING').run(sequenceName);
  const value = sqlite.prepare('UPDATE number_sequences SET next = next + 1 WHERE name = ? RETURNING next - 1').pluck().get(sequenceName) as number;
  return withDate.replace(/\{SEQ(?::(\d))?\}/, (_m, width: string | undefined) => String(value).padStart(Number(width ?? '1'), '0'));
}
