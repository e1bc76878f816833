/**
 * Where a CSV record ends, told from its quotes alone, the way csv-parse reads
 * them with the options csv-records.ts gives it (RFC 4180 plus relax_quotes):
 *
 * - a quote opens a quoted field only as the field's first character; inside
 *   an unquoted field it is a literal character (`27" screen`);
 * - inside a quoted field a doubled quote is a quote; a quote followed by the
 *   delimiter or a line end closes the field; a quote followed by anything
 *   else also ends the quoting, the rest of the field being plain text
 *   (csv-parse keeps `"b"x` as the text `"b"x`; csv-records.ts then rejects it);
 * - an LF outside a quoted field ends the record (a CR before it is part of
 *   the line end); line breaks inside a quoted field are data.
 *
 * csv-records.ts uses this to walk through a record too large to hold (a
 * quoted field over the limit is one field, however many lines it spans) and
 * to find a lone CR outside quotes. A property test checks it against
 * csv-parse on random text.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** at the start of a field: a quote here opens a quoted field */
const FIELD_START = 0;
/** in an unquoted field (quotes are literal) */
const UNQUOTED = 1;
/** in a quoted field */
const QUOTED = 2;
/** in a quoted field, just after a quote: the next character decides (doubled quote, or the end of the quoting) */
const QUOTE_SEEN = 3;

type ScanState = typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_SEEN;

/** Follows one record through text fed piece by piece, from the record's first character. */
export class RecordScanner {
  private state: ScanState = FIELD_START;

  constructor(private readonly delimiter: number) {}

  /** Whether the text scanned so far ends inside a quoted field (a quote opened and not closed). */
  get inQuotes(): boolean {
    return this.state === QUOTED;
  }

  /** Scans `text` from `from`; returns the index of the LF that ends the record, or -1 when the record goes on. */
  scan(text: string, from = 0): number {
    const delimiter = this.delimiter;
    let state = this.state;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (state === QUOTED) {
        if (c === QUOTE) state = QUOTE_SEEN;
        continue;
      }
      if (state === QUOTE_SEEN) {
        if (c === QUOTE) {
          state = QUOTED;
          continue;
        }
      } else if (state === FIELD_START && c === QUOTE) {
        state = QUOTED;
        continue;
      }
      if (c === LF) {
        this.state = FIELD_START;
        return i;
      }
      state = c === delimiter ? FIELD_START : UNQUOTED;
    }
    this.state = state;
    return -1;
  }
}

/**
 * Whether a record's text (without its final line end) holds a CR outside any
 * quoted field: in a file whose lines end with LF or CRLF such a CR is neither
 * a line end nor data a CSV writer would leave unquoted.
 */
export function hasLoneCrOutsideQuotes(raw: string, delimiter: string): boolean {
  const d = delimiter.charCodeAt(0);
  let state: ScanState = FIELD_START;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (state === QUOTED) {
      if (c === QUOTE) state = QUOTE_SEEN;
      continue;
    }
    if (c === CR) return true;
    if (state === QUOTE_SEEN) {
      if (c === QUOTE) {
        state = QUOTED;
        continue;
      }
    } else if (state === FIELD_START && c === QUOTE) {
      state = QUOTED;
      continue;
    }
    state = c === d ? FIELD_START : UNQUOTED;
  }
  return false;
}
