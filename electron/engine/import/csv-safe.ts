/**
 * Writing CSV that is safe to open in a spreadsheet. Every CSV the product
 * writes (rejected rows, the invoice register, …) goes through csvCell, so
 * text that came from an imported file cannot become a formula when a
 * reviewer opens the export in Excel or LibreOffice (CSV/formula injection,
 * OWASP): a cell starting with = + - @ tab or CR gets a leading apostrophe,
 * which spreadsheets show as text and hide.
 *
 * Leading spaces before such a character, and the full-width forms of
 * = + - @ (which some spreadsheet locales also evaluate), count too.
 *
 * A plain number ("-12.50", "+3") is left alone: it cannot run anything, and
 * an apostrophe would turn a negative amount into text in the register.
 * Cells are quoted only when they must be (RFC 4180: delimiter, quote, CR, LF).
 */

const FORMULA_START = /^(?:[\t\r]|[ \u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20])/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | bigint | boolean | null | undefined;

/** Text a spreadsheet cannot run: a leading apostrophe before a formula start (plain numbers are left alone). */
export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One cell, neutralised and quoted as needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = spreadsheetSafe(typeof value === 'string' ? value : String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (no line break). */
export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

/** Rows to CSV text with CRLF line ends (what spreadsheets expect), a trailing line end included. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => `${csvLine(row)}\r\n`).join('');
}
