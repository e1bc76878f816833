/**
 * CSV records with their first line number and raw text, parsed by csv-parse,
 * with the recoveries a finance team needs so that one broken record does not
 * lose the rows around it.
 *
 * csv-parse does the parsing (RFC 4180: delimiters, quoted fields holding
 * delimiters, line breaks and doubled quotes, CRLF or LF). It is given the
 * text block by block through its sync API: a block always starts where a
 * record starts and ends just after a line break, so nothing depends on
 * stream internals and records come back in file order. Around it this module
 * keeps only the bookkeeping csv-parse does not do:
 *
 * - Raw text and line numbers. csv-parse's own `raw` drops the LF of a CRLF
 *   and its `info.lines` counts a CR inside a quoted field as a line break, so
 *   both are taken from the text instead: every LF of a record's text is
 *   either inside a field value (csv-parse keeps quoted line breaks as they
 *   are) or the one that ends the record, so a record whose fields hold n LFs
 *   spans n + 1 lines and its raw text runs up to the (n + 1)th LF. A block
 *   without any quote cannot hold a quoted line break, so its fields are not
 *   even looked at. The raw text has no final line break (nor its CR).
 * - A quote inside an unquoted field (`27" screen`) is a literal character, as
 *   spreadsheets write it (`relax_quotes`).
 * - Text after a closing quote (`"2"x`) makes the record malformed. With
 *   `relax_quotes` csv-parse keeps such a field as text starting with the
 *   quote, so a record with a field starting with a quote is parsed again,
 *   strictly: if csv-parse then reports CSV_INVALID_CLOSING_QUOTE the record is
 *   rejected. (A record is what csv-parse reads as one, so a quoted field
 *   later on the same line may carry the rejected record over more lines.)
 * - A quoted field still open at the end of a block (csv-parse reports
 *   CSV_QUOTE_NOT_CLOSED, the only error these options leave) is kept and
 *   parsed again with the text that follows. A quoted field that never closes
 *   (a truncated file, a stray quote) would swallow the rest of the file, so
 *   when the file ends inside it, or its record grows past `maxRecordChars`,
 *   only the physical line where the record began is rejected and csv-parse
 *   starts again on the next line (on the swallowed text, not line by line, so
 *   a quoted line break further on is still read as one). A complete record
 *   over the limit is treated the same way.
 * - A physical line longer than `maxRecordChars` is rejected with a shortened
 *   raw text and skipped without being held in memory. csv-parse's own
 *   `max_record_size` is not used: once it fires with skip_records_with_error,
 *   csv-parse 6 drops everything after that record instead of resuming.
 * - Speed: a block without any quote character (the usual machine export) is
 *   split here, line by line at LF (dropping one CR before it) and field by
 *   field at the delimiter, which is exactly what csv-parse reads from such
 *   text with these options (a test compares the two), without csv-parse's
 *   string-to-Buffer-to-string round trip: on a million-row usage file that
 *   was ~5 s of the import. Any block with a quote goes to csv-parse.
 */
import { parse, type CsvError, type Options } from 'csv-parse/sync';

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

export interface CsvRecordsOptions {
  delimiter: string;
  /** the longest record kept in memory; longer ones are rejected */
  maxRecordChars: number;
}

/** how much of an over-long line is kept as its raw text */
const KEPT_PREFIX = 1000;
const QUOTE = 34;

export function describeLength(chars: number): string {
  return chars >= 1 << 20 ? `${(chars / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(chars / 1024)} KiB`;
}

function stripCr(text: string): string {
  return text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

interface BlockResult {
  /** characters of the block taken by the records read */
  consumed: number;
  /** the block ended inside a quoted field: the text from `consumed` on is one unfinished record */
  unclosed: boolean;
  /** the record at `consumed` is complete but over the limit */
  overLimit: boolean;
}

export class CsvRecords {
  /** text not yet parsed; it starts where a record starts, on line `line` */
  private rest = '';
  private line = 1;
  /** the last parse ended inside a quoted field: no record can complete before another quote arrives */
  private open = false;
  /** inside an over-long line being skipped: its line, characters seen, kept prefix */
  private skipping: { line: number; chars: number; prefix: string; endsWithCr: boolean } | null = null;
  private readonly max: number;
  private readonly delimiter: string;
  /** how much of an over-long line is kept: KEPT_PREFIX, or less under a smaller limit */
  private readonly kept: number;
  private readonly relaxed: Options;
  private readonly strict: Options;
  /** set by csv-parse's on_skip while a block is parsed: it ended inside a quoted field */
  private unclosed = false;
  /** set by csv-parse's on_skip while a record is parsed strictly */
  private closingQuote: CsvError | null = null;

  constructor(options: CsvRecordsOptions) {
    if (options.delimiter.length !== 1) throw new Error('the delimiter must be one character');
    this.max = options.maxRecordChars;
    this.delimiter = options.delimiter;
    this.kept = Math.min(KEPT_PREFIX, this.max);
    const common: Options = {
      delimiter: options.delimiter,
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      skip_empty_lines: false,
      skip_records_with_error: true,
      // The text is decoded already and its BOM removed (text-encoding.ts); a block never starts with one.
      bom: false,
    };
    this.relaxed = {
      ...common,
      relax_quotes: true,
      // With these options csv-parse skips a record only when the block ends inside a quoted field.
      on_skip: (error) => {
        if (error?.code !== 'CSV_QUOTE_NOT_CLOSED') throw error;
        this.unclosed = true;
      },
    };
    this.strict = {
      ...common,
      relax_quotes: false,
      on_skip: (error) => {
        if (error?.code === 'CSV_INVALID_CLOSING_QUOTE') this.closingQuote ??= error;
      },
    };
  }

  /** Feeds text; every complete record is appended to `out`. */
  push(text: string, out: CsvItem[]): void {
    if (this.skipping) {
      const nl = text.indexOf('\n');
      if (nl === -1) {
        this.skipping.chars += text.length;
        if (text.length) this.skipping.endsWithCr = text.charCodeAt(text.length - 1) === 13;
        return;
      }
      this.finishSkip(text.slice(0, nl), out);
      text = text.slice(nl + 1);
    }
    this.rest = this.rest.length ? this.rest + text : text;
    // An open quoted field can only close at a quote: until one comes, wait (up to the limit).
    if (this.open && text.indexOf('"') === -1 && !this.restOverLimit()) return;
    this.parse(out, false);
  }

  /** Ends the input: the last record may lack its line break. */
  end(out: CsvItem[]): void {
    if (this.skipping) {
      this.finishSkip('', out);
      return;
    }
    // A CR at the very end is the first half of a line break, as everywhere else.
    if (this.rest.charCodeAt(this.rest.length - 1) === 13) this.rest += '\n';
    this.parse(out, true);
    this.rest = '';
  }

  /** Ends the over-long line being skipped; `rest` is the end of its text, up to its LF. */
  private finishSkip(rest: string, out: CsvItem[]): void {
    const s = this.skipping!;
    const endsWithCr = rest.length ? rest.charCodeAt(rest.length - 1) === 13 : s.endsWithCr;
    out.push(this.overLongLine(s.line, s.prefix, s.chars + rest.length - (endsWithCr ? 1 : 0)));
    this.line = s.line + 1;
    this.skipping = null;
  }

  private overLongLine(line: number, prefix: string, chars: number): CsvBadRecord {
    return {
      line,
      raw: `${prefix.slice(0, this.kept)}… [${describeLength(chars)} line shortened]`,
      error: `not valid CSV: the line is ${describeLength(chars)} long, over the ${describeLength(this.max)} limit for one record`,
    };
  }

  private parse(out: CsvItem[], final: boolean): void {
    for (;;) {
      const text = this.rest;
      const end = final ? text.length : text.lastIndexOf('\n') + 1;
      const result = end > 0 ? this.parseBlock(end === text.length ? text : text.slice(0, end), out) : { consumed: 0, unclosed: false, overLimit: false };
      this.rest = result.consumed === 0 ? text : text.slice(result.consumed);
      this.open = result.unclosed;
      if (result.overLimit || (result.unclosed && (final || this.restOverLimit()))) {
        // A record over the limit, or a quoted field that does not close within it or ends with the file:
        // only the line where the record began is rejected, and parsing starts again on the next line.
        this.rejectFirstLine(
          out,
          result.unclosed && final
            ? 'not valid CSV: a quoted field opened on this line is never closed (is the file cut short?)'
            : `not valid CSV: a quoted field opened on this line does not close within ${describeLength(this.max)} (a stray quote?)`,
        );
        continue;
      }
      if (!final && this.restOverLimit()) {
        // One physical line over the limit and not finished yet: keep a prefix and skip the rest without holding it.
        const rest = this.rest;
        this.skipping = { line: this.line, chars: rest.length, prefix: rest.slice(0, this.kept), endsWithCr: rest.charCodeAt(rest.length - 1) === 13 };
        this.rest = '';
      }
      return;
    }
  }

  /** Whether the text of the record in `rest` is already over the limit (a final CR may be half of its line break). */
  private restOverLimit(): boolean {
    return this.rest.length > this.max && stripCr(this.rest).length > this.max;
  }

  /** Rejects the first physical line of `rest` (as an over-long line if it is one) and moves past it. */
  private rejectFirstLine(out: CsvItem[], error: string): void {
    const text = this.rest;
    const nl = text.indexOf('\n');
    const raw = stripCr(nl === -1 ? text : text.slice(0, nl));
    if (raw.length > this.max) out.push(this.overLongLine(this.line, raw, raw.length));
    else out.push({ line: this.line, raw, error });
    this.line++;
    this.rest = nl === -1 ? '' : text.slice(nl + 1);
    this.open = false;
  }

  /** Parses a block that starts where a record starts and ends after a line break (or at the end of the file). */
  private parseBlock(block: string, out: CsvItem[]): BlockResult {
    const quoted = block.indexOf('"') !== -1;
    if (!quoted) return this.splitBlock(block, out);
    this.unclosed = false;
    const records = parse(block, this.relaxed) as string[][];
    let pos = 0;
    for (const fields of records) {
      let breaks = 0;
      let suspect = false;
      if (quoted) {
        for (const field of fields) {
          if (field.charCodeAt(0) === QUOTE) suspect = true;
          if (field.indexOf('\n') !== -1) breaks += countNewlines(field);
        }
      }
      let nl = block.indexOf('\n', pos);
      for (let k = 0; k < breaks && nl !== -1; k++) nl = block.indexOf('\n', nl + 1);
      const next = nl === -1 ? block.length : nl + 1;
      const raw = stripCr(block.slice(pos, nl === -1 ? block.length : nl));
      if (raw.length > this.max) return { consumed: pos, unclosed: false, overLimit: true };
      const closing = suspect ? this.textAfterClosingQuote(raw) : null;
      if (closing) {
        out.push({
          line: this.line,
          raw,
          error: `not valid CSV: a quoted field (field ${Number(closing.column) + 1}) has text after its closing quote; quotes inside a quoted field are written ""`,
        });
      } else {
        out.push({ line: this.line, raw, fields });
      }
      this.line += breaks + 1;
      pos = next;
    }
    if (!this.unclosed && pos !== block.length) throw new Error('csv-parse returned records that do not cover the text');
    return { consumed: pos, unclosed: this.unclosed, overLimit: false };
  }

  /** A block without quotes: every LF ends a record, and fields are what lies between delimiters. */
  private splitBlock(block: string, out: CsvItem[]): BlockResult {
    const n = block.length;
    const delimiter = this.delimiter;
    let pos = 0;
    while (pos < n) {
      const nl = block.indexOf('\n', pos);
      const end = nl === -1 ? n : nl;
      const raw = block.charCodeAt(end - 1) === 13 && end > pos ? block.slice(pos, end - 1) : block.slice(pos, end);
      if (raw.length > this.max) return { consumed: pos, unclosed: false, overLimit: true };
      out.push({ line: this.line, raw, fields: raw.split(delimiter) });
      this.line++;
      pos = end + 1;
    }
    return { consumed: n, unclosed: false, overLimit: false };
  }

  /** The strict reading of a record: the error for text after a closing quote, if any. */
  private textAfterClosingQuote(raw: string): CsvError | null {
    this.closingQuote = null;
    parse(raw, this.strict);
    return this.closingQuote;
  }
}
