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
 *   parsed again with the text that follows.
 * - A record longer than `maxRecordChars` (one very long line, or a quoted
 *   field holding a very long text over many lines) is rejected as ONE record,
 *   naming the lines it spans, with a shortened raw text. It is never held in
 *   memory: once it passes the limit it is walked through by its quotes
 *   (csv-record-scan.ts, the same reading as csv-parse's) up to the LF outside
 *   quotes that ends it, and reading resumes after that. A quoted field is one
 *   field whatever it holds (RFC 4180): lines inside it that look like rows
 *   are never read as rows. csv-parse's own `max_record_size` is not used:
 *   once it fires with skip_records_with_error, csv-parse 6 drops everything
 *   after that record instead of resuming.
 * - A quoted field still open when the file ends (a truncated file, a stray
 *   quote) would swallow the rest of the file. When that rest is within the
 *   limit, only the physical line where the record began is rejected and
 *   csv-parse starts again on the next line (on the swallowed text, not line
 *   by line, so a quoted line break further on is still read as one). When it
 *   is over the limit it was not kept, so it is rejected as one record running
 *   to the end of the file, naming its lines (DECISIONS.md).
 * - A CR outside quotes that is not part of a CRLF rejects its record: in a
 *   file whose lines end with LF or CRLF it is neither a line end nor data a
 *   CSV writer leaves unquoted (files whose lines end with a lone CR are turned
 *   to LF before they get here, line-ends.ts).
 * - Speed: a block without any quote character (the usual machine export) is
 *   split here, line by line at LF (dropping one CR before it) and field by
 *   field at the delimiter, which is exactly what csv-parse reads from such
 *   text with these options (a test compares the two), without csv-parse's
 *   string-to-Buffer-to-string round trip: on a million-row usage file that
 *   was ~5 s of the import. Any block with a quote goes to csv-parse.
 */
import { parse, type CsvError, type Options } from 'csv-parse/sync';
import { hasLoneCrOutsideQuotes, RecordScanner } from './csv-record-scan';

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

/** how much of an over-long record is kept as its raw text */
const KEPT_PREFIX = 1000;
const QUOTE = 34;
const LF = 10;
const CR = 13;

export function describeLength(chars: number): string {
  return chars >= 1 << 20 ? `${(chars / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(chars / 1024)} KiB`;
}

function stripCr(text: string): string {
  return text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text;
}

function countNewlines(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const LONE_CR =
  'not valid CSV: the row holds a carriage return (CR) outside quotes that does not end the line; lines must end with LF or CRLF, and a line break inside a value must be in quotes';

interface BlockResult {
  /** characters of the block taken by the records read */
  consumed: number;
  /** the block ended inside a quoted field: the text from `consumed` on is one unfinished record */
  unclosed: boolean;
  /** the record at `consumed` is complete but over the limit */
  overLimit: boolean;
}

/** A record over the limit, walked through without being kept: where it began and what was seen of it. */
interface LongRecord {
  line: number;
  scanner: RecordScanner;
  /** characters so far, line breaks inside it included */
  chars: number;
  /** LFs inside it so far (it spans breaks + 1 lines) */
  breaks: number;
  prefix: string;
  /** its last two characters so far: a final CR is half of the line end, a final LF at the end of the file ends its last line */
  tail: string;
}

export class CsvRecords {
  /** text not yet parsed; it starts where a record starts, on line `line` */
  private rest = '';
  private line = 1;
  /** the last parse ended inside a quoted field: no record can complete before another quote arrives */
  private open = false;
  /** the record over the limit being walked through, if any */
  private long: LongRecord | null = null;
  private readonly max: number;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  /** how much of an over-long record is kept: KEPT_PREFIX, or less under a smaller limit */
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
    this.delimiterCode = options.delimiter.charCodeAt(0);
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
        if (error?.code !== 'CSV_QUOTE_NOT_CLOSED') throw error ?? new Error('csv-parse skipped a record without saying why');
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
    if (this.long) {
      const end = this.walkLong(text);
      if (end === -1) return;
      this.finishLong(out, false);
      text = text.slice(end + 1);
    }
    this.rest = this.rest.length ? this.rest + text : text;
    // An open quoted field can only close at a quote: until one comes, wait (up to the limit).
    if (this.open && text.indexOf('"') === -1 && !this.restOverLimit()) return;
    this.parse(out, false);
  }

  /** Ends the input: the last record may lack its line break. */
  end(out: CsvItem[]): void {
    if (!this.long) {
      // A CR at the very end is the first half of a line break, as everywhere else.
      if (this.rest.charCodeAt(this.rest.length - 1) === CR) this.rest += '\n';
      this.parse(out, true);
    }
    if (this.long) this.finishLong(out, true);
    this.rest = '';
  }

  private parse(out: CsvItem[], final: boolean): void {
    for (;;) {
      const text = this.rest;
      const end = final ? text.length : text.lastIndexOf('\n') + 1;
      const result = end > 0 ? this.parseBlock(end === text.length ? text : text.slice(0, end), out) : { consumed: 0, unclosed: false, overLimit: false };
      this.rest = result.consumed === 0 ? text : text.slice(result.consumed);
      this.open = result.unclosed;
      if (result.overLimit || this.restOverLimit()) {
        // The record at the start of `rest` is over the limit, complete or still going: walk through it without keeping it.
        if (this.startLong(out)) continue;
        return;
      }
      if (result.unclosed && final) {
        // The file ends inside a quoted field that opened within the limit: only the line where the record began is
        // rejected, and the text after it is read again.
        this.rejectFirstLine(out, 'not valid CSV: a quoted field opened on this line is never closed (is the file cut short?)');
        continue;
      }
      return;
    }
  }

  /** Whether the text of the record in `rest` is already over the limit (a final CR may be half of its line break). */
  private restOverLimit(): boolean {
    return this.rest.length > this.max && stripCr(this.rest).length > this.max;
  }

  /**
   * Starts walking through the over-long record at the start of `rest`. Returns true when it ends within `rest`
   * (it was rejected and `rest` now starts after it), false when it goes on past the text read so far.
   */
  private startLong(out: CsvItem[]): boolean {
    const text = this.rest;
    this.long = { line: this.line, scanner: new RecordScanner(this.delimiterCode), chars: 0, breaks: 0, prefix: '', tail: '' };
    this.rest = '';
    this.open = false;
    const end = this.walkLong(text);
    if (end === -1) return false;
    this.finishLong(out, false);
    this.rest = text.slice(end + 1);
    return true;
  }

  /** Walks the long record through `text`; returns the index of the LF that ends it, or -1. */
  private walkLong(text: string): number {
    const long = this.long!;
    const end = long.scanner.scan(text);
    const upTo = end === -1 ? text.length : end;
    long.chars += upTo;
    long.breaks += countNewlines(text, 0, upTo);
    if (long.prefix.length < this.kept) long.prefix += text.slice(0, Math.min(upTo, this.kept - long.prefix.length));
    if (upTo >= 2) long.tail = text.slice(upTo - 2, upTo);
    else if (upTo === 1) long.tail = long.tail.slice(-1) + text[0]!;
    return end;
  }

  /** Rejects the long record: at its closing LF, or at the end of the file (`eof`). */
  private finishLong(out: CsvItem[], eof: boolean): void {
    const long = this.long!;
    this.long = null;
    let { chars, breaks } = long;
    const unclosed = eof && long.scanner.inQuotes;
    // The line end after it is not part of it: a CR before its LF, or at the end of the file a final CR or LF.
    if (long.tail.charCodeAt(long.tail.length - 1) === CR) chars--;
    else if (unclosed && long.tail.charCodeAt(long.tail.length - 1) === LF) {
      chars -= long.tail.charCodeAt(0) === CR ? 2 : 1;
      breaks--;
    }
    const last = long.line + breaks;
    const size = describeLength(chars);
    const limit = describeLength(this.max);
    const prefix = long.prefix.slice(0, Math.min(this.kept, chars));
    let error: string;
    if (unclosed) {
      error = `not valid CSV: a quoted field opened on line ${long.line} is never closed, so everything from there to the end of the file (line ${last}, ${size}) is one record, over the ${limit} limit for one record (is the file cut short, or is there a stray quote?)`;
    } else if (breaks === 0) {
      error = `not valid CSV: the line is ${size} long, over the ${limit} limit for one record`;
    } else {
      error = `not valid CSV: this record runs from line ${long.line} to line ${last} because a quoted field holds line breaks, and at ${size} it is over the ${limit} limit for one record (a very long text, or rows merged by a stray quote on line ${long.line})`;
    }
    out.push({ line: long.line, raw: `${prefix}… [${size} ${breaks === 0 ? 'line' : `record, lines ${long.line} to ${last},`} shortened]`, error });
    this.line = long.line + long.breaks + 1;
  }

  /** Rejects the first physical line of `rest` (within the limit) and moves past it. */
  private rejectFirstLine(out: CsvItem[], error: string): void {
    const text = this.rest;
    const nl = text.indexOf('\n');
    out.push({ line: this.line, raw: stripCr(nl === -1 ? text : text.slice(0, nl)), error });
    this.line++;
    this.rest = nl === -1 ? '' : text.slice(nl + 1);
    this.open = false;
  }

  /** Parses a block that starts where a record starts and ends after a line break (or at the end of the file). */
  private parseBlock(block: string, out: CsvItem[]): BlockResult {
    if (block.indexOf('"') === -1) return this.splitBlock(block, out);
    this.unclosed = false;
    const records = parse(block, this.relaxed);
    let pos = 0;
    for (const fields of records) {
      let breaks = 0;
      let suspect = false;
      for (const field of fields) {
        if (field.charCodeAt(0) === QUOTE) suspect = true;
        if (field.indexOf('\n') !== -1) breaks += countNewlines(field);
      }
      let nl = block.indexOf('\n', pos);
      for (let k = 0; k < breaks && nl !== -1; k++) nl = block.indexOf('\n', nl + 1);
      const next = nl === -1 ? block.length : nl + 1;
      const raw = stripCr(block.slice(pos, nl === -1 ? block.length : nl));
      if (raw.length > this.max) return { consumed: pos, unclosed: false, overLimit: true };
      const closing = suspect ? this.textAfterClosingQuote(raw) : null;
      if (raw.indexOf('\r') !== -1 && hasLoneCrOutsideQuotes(raw, this.delimiter)) {
        out.push({ line: this.line, raw, error: LONE_CR });
      } else if (closing) {
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
    // Only a block with a CR can hold a lone one (LF files have none; CRLF files one per line end).
    const crs = block.indexOf('\r') !== -1;
    let pos = 0;
    while (pos < n) {
      const nl = block.indexOf('\n', pos);
      const end = nl === -1 ? n : nl;
      const raw = block.charCodeAt(end - 1) === CR && end > pos ? block.slice(pos, end - 1) : block.slice(pos, end);
      if (raw.length > this.max) return { consumed: pos, unclosed: false, overLimit: true };
      if (crs && raw.indexOf('\r') !== -1) out.push({ line: this.line, raw, error: LONE_CR });
      else out.push({ line: this.line, raw, fields: raw.split(delimiter) });
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
