/**
 * Files whose lines end with a lone CR (classic Mac OS, and some old
 * accounting exports). RFC 4180 and csv-parse know CRLF and LF only: read as
 * they are, such a file is one long line, and its header runs into its rows.
 *
 * Decided once, from the first line end after the first text of the file:
 * when it is a CR not followed by LF, every CR, CRLF and LF of the file is a
 * line end and is turned into LF as the text streams by (also inside quoted
 * fields, where a line break stays a line break). Any other file is left as it
 * is; a lone CR inside it is rejected with its row (csv-records.ts).
 */

/** 'cr' when the file's first line end is a lone CR, 'lf' when it is LF or CRLF, null while it cannot be told yet. */
export function lineEndStyle(text: string, final: boolean): 'cr' | 'lf' | null {
  const firstText = text.search(/[^\s]/);
  if (firstText === -1) return final ? 'lf' : null;
  for (let i = firstText; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return 'lf';
    if (c !== 13) continue;
    if (i + 1 < text.length) return text.charCodeAt(i + 1) === 10 ? 'lf' : 'cr';
    return final ? 'lf' : null;
  }
  return final ? 'lf' : null;
}

/** Turns CR, CRLF and LF line ends into LF across chunks (a CR at the end of a chunk waits for the next one). */
export class CrLineEnds {
  private pendingCr = false;

  push(text: string): string {
    if (this.pendingCr) text = `\r${text}`;
    this.pendingCr = text.charCodeAt(text.length - 1) === 13;
    if (this.pendingCr) text = text.slice(0, -1);
    return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
  }

  end(): string {
    const rest = this.pendingCr ? '\n' : '';
    this.pendingCr = false;
    return rest;
  }
}
