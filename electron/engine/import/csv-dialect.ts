/**
 * Which character separates the fields, told from the first line.
 *
 * The contract is comma-separated CSV. Spreadsheets in many locales write
 * semicolons (because the comma is their decimal separator) and copy/paste
 * gives tabs; reading such a file with commas would turn every row into one
 * field and reject it row by row with a confusing reason. So the delimiter is
 * detected, and a file that is not comma-separated is refused as a whole with
 * one sentence naming what it is, unless a profile declares that delimiter
 * (a profile is where "accept more than the contract" lives; it can also
 * declare the decimal comma that usually comes with semicolons).
 */

export type Delimiter = ',' | ';' | '\t' | '|';

export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'vertical bars' };

export interface Dialect {
  delimiter: Delimiter;
  /** Excel's `sep=;` first line, which names the delimiter and is not data */
  sepLine: boolean;
}

const SEP_LINE = /^sep=(.)\s*$/i;
const QUOTED = /"(?:[^"]|"")*"/g;

function isDelimiter(c: string): c is Delimiter {
  return c === ',' || c === ';' || c === '\t' || c === '|';
}

/** The delimiter of a file from its first line (quoted parts ignored). */
export function detectDialect(firstLine: string): Dialect {
  const sep = SEP_LINE.exec(firstLine);
  if (sep && isDelimiter(sep[1]!)) return { delimiter: sep[1], sepLine: true };
  const unquoted = firstLine.replace(QUOTED, '');
  const count = (c: string) => unquoted.split(c).length - 1;
  if (count(',') > 0) return { delimiter: ',', sepLine: false };
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const c of [';', '\t', '|'] as const) {
    const n = count(c);
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return { delimiter: best, sepLine: false };
}
