/**
 * A streaming RFC 4180 tokenizer that keeps, for every record, its first line
 * number and its raw text, and recovers from broken records without losing
 * the rows around them.
 *
 * Why not csv-parse: its raw text and line counts have to be re-derived from
 * callbacks (see git history), a malformed record far from its cause can
 * swallow the rest of the file, and its per-record overhead dominated a
 * million-row import. This tokenizer does one indexOf('\n') per line and a
 * native split() for the common unquoted line; only lines holding a quote go
 * through the character-level state machine.
 *
 * Rules (RFC 4180 plus the recoveries a finance team needs):
 * - fields are separated by `delimiter`; records end at LF or CRLF; a CR
 *   before the LF is not part of the last field.
 * - a field that starts with `"` is quoted: it may hold delimiters, newlines
 *   and `""` for a quote; after the closing quote only a delimiter or the end
 *   of the record may follow, otherwise the record is malformed and is
 *   rejected up to the end of that physical line.
 * - a quote inside an unquoted field is kept as a literal character (what
 *   spreadsheets write for `5" screen`), not an error.
 * - a quoted field that never closes (a truncated file, a stray quote) is not
 *   allowed to swallow the file: when the file ends, or the record grows past
 *   `maxRecordChars`, only the physical line where it opened is rejected and
 *   reading resumes on the next line.
 * - a single physical line longer than `maxRecordChars` is rejected with a
 *   shortened raw text and skipped without being held in memory.
 */

export interface CsvRecord {
  /** 1-based physical line where the record starts */
  line: number;
  /** the record's text without its final line break */
  raw: string;
  fields: string[];
  error?: undefined;
}

export interface CsvBadRecord {
  line: number;
  raw: string;
  error: string;
  fields?: undefined;
}

export type CsvItem = CsvRecord | CsvBadRecord;

export interface CsvTokenizerOptions {
  delimiter: string;
  /** the longest record kept in memory; longer ones are rejected */
  maxRecordChars: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** how much of an over-long line is kept as its raw text */
const KEPT_PREFIX = 1000;

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function stripCr(text: string): string {
  return text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text;
}

export function describeLength(chars: number): string {
  return chars >= 1 << 20 ? `${(chars / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(chars / 1024)} KiB`;
}

type Scan =
  | { kind: 'record'; fields: string[]; rawEnd: number; next: number }
  | { kind: 'bad'; message: string; rawEnd: number; next: number }
  | { kind: 'more' }
  | { kind: 'unclosed' };

export class CsvTokenizer {
  private buf = '';
  private line = 1;
  /** position of the next quote in buf at or after the scan position (-1: none), cached so unquoted lines never rescan */
  private nextQuote = -2;
  /** inside an over-long line being skipped: its first line, chars seen, kept prefix */
  private skipping: { line: number; chars: number; prefix: string } | null = null;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly max: number;

  constructor(options: CsvTokenizerOptions) {
    if (options.delimiter.length !== 1) throw new Error('the delimiter must be one character');
    this.delimiter = options.delimiter;
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.max = options.maxRecordChars;
  }

  /** Feeds text; every complete record is appended to `out`. */
  push(text: string, out: CsvItem[]): void {
    if (this.skipping) {
      const nl = text.indexOf('\n');
      if (nl === -1) {
        this.skipping.chars += text.length;
        return;
      }
      this.finishSkip(text.slice(0, nl), out);
      text = text.slice(nl + 1);
    }
    this.buf = this.buf.length ? this.buf + text : text;
    this.nextQuote = -2;
    this.scan(out, false);
  }

  /** Ends the input: the last record may lack its line break. */
  end(out: CsvItem[]): void {
    if (this.skipping) {
      this.finishSkip('', out);
      return;
    }
    this.nextQuote = -2;
    this.scan(out, true);
    this.buf = '';
  }

  private finishSkip(rest: string, out: CsvItem[]): void {
    const s = this.skipping!;
    const chars = s.chars + stripCr(rest).length;
    out.push({
      line: s.line,
      raw: `${s.prefix}… [${describeLength(chars)} line shortened]`,
      error: `not valid CSV: the line is ${describeLength(chars)} long, over the ${describeLength(this.max)} limit for one record`,
    });
    this.line = s.line + 1;
    this.skipping = null;
  }

  private scan(out: CsvItem[], final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = 0;
    while (pos < len) {
      const nl = buf.indexOf('\n', pos);
      if (nl === -1 && !final) {
        if (len - pos > this.max) {
          // One physical line over the limit: keep a prefix and skip the rest without holding it.
          this.skipping = { line: this.line, chars: len - pos, prefix: buf.slice(pos, pos + KEPT_PREFIX) };
          pos = len;
        }
        break;
      }
      const lineEnd = nl === -1 ? len : nl;
      const next = nl === -1 ? len : nl + 1;
      const q = this.nextQuoteFrom(buf, pos);
      if (q === -1 || q >= lineEnd) {
        // The common case: a line without quotes.
        const raw = stripCr(buf.slice(pos, lineEnd));
        if (raw.length > this.max) {
          out.push({
            line: this.line,
            raw: `${raw.slice(0, KEPT_PREFIX)}… [${describeLength(raw.length)} line shortened]`,
            error: `not valid CSV: the line is ${describeLength(raw.length)} long, over the ${describeLength(this.max)} limit for one record`,
          });
        } else {
          out.push({ line: this.line, raw, fields: raw.split(this.delimiter) });
        }
        this.line++;
        pos = next;
        continue;
      }
      const scan = this.scanQuoted(buf, pos, final);
      if (scan.kind === 'more') {
        if (len - pos <= this.max) break;
        // A quote that has not closed within the limit: reject only the line where the record began.
        this.rejectFirstLine(buf, pos, out, `not valid CSV: a quoted field opened on this line does not close within ${describeLength(this.max)} (a stray quote?)`);
        pos = this.afterFirstLine(buf, pos);
        continue;
      }
      if (scan.kind === 'unclosed') {
        this.rejectFirstLine(buf, pos, out, 'not valid CSV: a quoted field opened on this line is never closed (is the file cut short?)');
        pos = this.afterFirstLine(buf, pos);
        continue;
      }
      const raw = stripCr(buf.slice(pos, scan.rawEnd));
      if (scan.kind === 'bad') out.push({ line: this.line, raw, error: `not valid CSV: ${scan.message}` });
      else out.push({ line: this.line, raw, fields: scan.fields });
      this.line += countNewlines(buf, pos, scan.next);
      pos = scan.next;
    }
    this.buf = pos >= len ? '' : buf.slice(pos);
  }

  private nextQuoteFrom(buf: string, pos: number): number {
    if (this.nextQuote === -2 || (this.nextQuote !== -1 && this.nextQuote < pos)) this.nextQuote = buf.indexOf('"', pos);
    return this.nextQuote;
  }

  private rejectFirstLine(buf: string, pos: number, out: CsvItem[], message: string): void {
    const nl = buf.indexOf('\n', pos);
    const raw = stripCr(buf.slice(pos, nl === -1 ? buf.length : nl));
    out.push({ line: this.line, raw: raw.length > this.max ? `${raw.slice(0, KEPT_PREFIX)}… [shortened]` : raw, error: message });
    this.line++;
  }

  private afterFirstLine(buf: string, pos: number): number {
    const nl = buf.indexOf('\n', pos);
    this.nextQuote = -2;
    return nl === -1 ? buf.length : nl + 1;
  }

  /** The character-level state machine for a record that holds at least one quote. */
  private scanQuoted(buf: string, start: number, final: boolean): Scan {
    const len = buf.length;
    const d = this.delimiterCode;
    const fields: string[] = [];
    let i = start;
    for (;;) {
      if (i < len && buf.charCodeAt(i) === QUOTE) {
        // Quoted field.
        let value = '';
        let seg = i + 1;
        let j: number;
        for (;;) {
          j = buf.indexOf('"', seg);
          if (j === -1) return final ? { kind: 'unclosed' } : { kind: 'more' };
          if (j + 1 < len && buf.charCodeAt(j + 1) === QUOTE) {
            value += buf.slice(seg, j + 1);
            seg = j + 2;
            continue;
          }
          if (j + 1 >= len && !final) return { kind: 'more' };
          break;
        }
        value += buf.slice(seg, j);
        i = j + 1;
        fields.push(value);
        if (i >= len) return { kind: 'record', fields, rawEnd: len, next: len };
        const c = buf.charCodeAt(i);
        if (c === d) {
          i++;
          continue;
        }
        if (c === LF) return { kind: 'record', fields, rawEnd: i, next: i + 1 };
        if (c === CR && i + 1 < len && buf.charCodeAt(i + 1) === LF) return { kind: 'record', fields, rawEnd: i, next: i + 2 };
        if (c === CR && i + 1 >= len && !final) return { kind: 'more' };
        if (c === CR && i + 1 >= len) return { kind: 'record', fields, rawEnd: i, next: len };
        // Something after the closing quote: the record is malformed up to the end of this physical line.
        const nl = buf.indexOf('\n', i);
        if (nl === -1 && !final) return { kind: 'more' };
        const end = nl === -1 ? len : nl;
        return {
          kind: 'bad',
          message: `a quoted field (field ${fields.length}) has text after its closing quote; quotes inside a quoted field are written ""`,
          rawEnd: end,
          next: nl === -1 ? len : nl + 1,
        };
      }
      // Unquoted field: up to the next delimiter or line break; quotes inside it are literal.
      let k = i;
      while (k < len) {
        const c = buf.charCodeAt(k);
        if (c === d || c === LF) break;
        k++;
      }
      if (k >= len && !final) return { kind: 'more' };
      if (k < len && buf.charCodeAt(k) === d) {
        fields.push(buf.slice(i, k));
        i = k + 1;
        continue;
      }
      fields.push(stripCr(buf.slice(i, k)));
      return { kind: 'record', fields, rawEnd: k, next: k < len ? k + 1 : len };
    }
  }
}
