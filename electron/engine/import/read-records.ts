/**
 * Reads the records of an input file, whatever its format and text encoding,
 * as batches of { line, raw, fields } or { line, raw, error } items.
 *
 * Batches (one per chunk read, up to a few thousand records) rather than one
 * item at a time, because an async iteration step per record cost more than
 * validating it; memory stays bounded by the chunk size.
 *
 * CSV goes through csv-records.ts (csv-parse, with line numbers, raw text and recoveries),
 * lines ending with a lone CR turned into LF lines first (line-ends.ts);
 * NDJSON line by line; JSON as one array of objects (read whole, so capped).
 */
import { readFile, stat } from 'node:fs/promises';
import { detectDialect, DELIMITER_NAMES, type Delimiter } from './csv-dialect';
import { CsvRecords, describeLength, type CsvItem } from './csv-records';
import { FileProblem } from './import-errors';
import { checkJsonText, checkJsonValue, skipWhitespace, type JsonValueCheck } from './json-check';
import { CrLineEnds, lineEndStyle } from './line-ends';
import { decodeFile, type TextEncodingName } from './text-encoding';

export type FieldValue = string | number | boolean | null | object;

export type SourceRecord =
  | { line: number; raw: string; fields: Record<string, FieldValue>; error?: undefined }
  | { line: number; raw: string; error: string; fields?: undefined; field?: string | null };

export type FileFormat = 'csv' | 'ndjson' | 'json';

export function formatOf(fileName: string): FileFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  return 'csv';
}

/** Header names are matched case-insensitively with surrounding spaces trimmed. */
export function normalizeHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase();
}

/** The longest single record (CSV record or NDJSON line) held in memory. */
export const MAX_RECORD_CHARS = 1 << 20;
/** A JSON array is parsed whole; beyond this size NDJSON is the format to use. */
export const MAX_JSON_CHARS = 32 * (1 << 20);

export interface ReadOptions {
  format: FileFormat;
  encoding: TextEncodingName;
  /** the delimiter a profile declares; without one only commas are accepted */
  delimiter?: Delimiter;
  maxRecordChars?: number;
  maxJsonChars?: number;
  /** bytes of the file read so far */
  onBytes?: (bytes: number) => void;
  /** the file is UTF-8 with a few invalid bytes (decoded as U+FFFD): records holding one are rejected */
  badUtf8?: boolean;
}

export interface RecordSource {
  /** normalised column names (CSV header, or the keys of the first JSON object); filled as reading starts */
  header: string[];
  /** CSV data rows whose cells were all empty (",,,,"): skipped, and said so in the notes */
  emptyRows: number;
  /** true until any text other than whitespace and a BOM was read */
  blank: boolean;
  /** records rejected because they hold bytes that are not valid UTF-8 */
  badUtf8Records: number;
  batches: AsyncGenerator<SourceRecord[]>;
}

/**
 * Sets one field. Rows are plain objects built with the same keys in the same
 * order, so V8 gives them one fast shape (a prototype-less object was 5× slower
 * to enumerate); the one key a plain object cannot hold as data, "__proto__",
 * is defined as an own property so it stays an ordinary attribute and never
 * reaches the prototype.
 */
export function setField(fields: Record<string, FieldValue>, key: string, value: FieldValue): void {
  if (key === '__proto__') Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  else fields[key] = value;
}

/**
 * Why a record of a UTF-8 file with a few bad bytes is rejected. A genuine
 * U+FFFD in the source is rejected too: it is itself the mark of an earlier
 * decoding that lost characters.
 */
export const BAD_UTF8_REASON = 'holds bytes that are not valid UTF-8 (shown as \uFFFD), so its text cannot be read reliably; correct the row in the source file';

/** The record as an error when it holds bad bytes (only asked of files sniffed as UTF-8 with some). */
function badUtf8Record(line: number, raw: string, source: RecordSource): SourceRecord | null {
  if (!raw.includes('\uFFFD')) return null;
  source.badUtf8Records++;
  return { line, raw, error: BAD_UTF8_REASON };
}

function firstLineOf(text: string): string {
  for (const line of text.split('\n')) if (line.trim() !== '') return line.replace(/\r$/, '');
  return '';
}

async function* csvBatches(path: string, options: ReadOptions, source: RecordSource): AsyncGenerator<SourceRecord[]> {
  const max = options.maxRecordChars ?? MAX_RECORD_CHARS;
  let reader: CsvRecords | null = null;
  let pending = '';
  let sepLine = false;
  let header: string[] | null = null;
  let headerLine = 0;
  const items: CsvItem[] = [];

  const start = (text: string): CsvRecords => {
    const dialect = detectDialect(firstLineOf(text));
    sepLine = dialect.sepLine;
    const delimiter = options.delimiter ?? dialect.delimiter;
    if (delimiter !== ',' && options.delimiter === undefined) {
      throw new FileProblem(
        `is separated by ${DELIMITER_NAMES[delimiter]}, but the contract expects commas: re-export it with commas, or import it with a profile that sets "delimiter": ${JSON.stringify(delimiter)}`,
      );
    }
    source.blank = false;
    const created = new CsvRecords({ delimiter, maxRecordChars: max });
    created.push(text, items);
    return created;
  };

  const convert = (): SourceRecord[] => {
    const out: SourceRecord[] = [];
    for (const item of items) {
      if (item.raw.trim() === '' && item.error === undefined) continue; // a blank line
      if (header === null) {
        if (sepLine) {
          sepLine = false;
          continue;
        }
        if (item.error !== undefined) throw new FileProblem(`has a header line that is not valid CSV (${item.error.replace(/^not valid CSV: /, '')})`);
        if (options.badUtf8 && item.raw.includes('\uFFFD')) throw new FileProblem(`has bytes that are not valid UTF-8 in its header (line ${item.line})`);
        header = item.fields.map(normalizeHeader);
        headerLine = item.line;
        const seen = new Set<string>();
        for (const name of header) {
          if (name !== '' && seen.has(name)) throw new FileProblem(`has two columns named "${name}" in its header (line ${headerLine})`);
          seen.add(name);
        }
        source.header.push(...header);
        continue;
      }
      const bad = options.badUtf8 ? badUtf8Record(item.line, item.raw, source) : null;
      if (bad) {
        out.push(bad);
        continue;
      }
      if (item.error !== undefined) {
        out.push({ line: item.line, raw: item.raw, error: item.error });
        continue;
      }
      const values = item.fields;
      if (values.length !== header.length) {
        out.push({ line: item.line, raw: item.raw, error: `has ${values.length} fields but the header has ${header.length}` });
        continue;
      }
      let empty = true;
      const fields: Record<string, FieldValue> = {};
      for (let i = 0; i < header.length; i++) {
        const value = values[i]!;
        if (empty && value.trim() !== '') empty = false;
        setField(fields, header[i]!, value);
      }
      if (empty) {
        source.emptyRows++;
        continue;
      }
      out.push({ line: item.line, raw: item.raw, fields });
    }
    items.length = 0;
    return out;
  };

  // Lines ending with a lone CR (old Mac exports) are turned into LF lines as they stream by (line-ends.ts).
  let crLines: CrLineEnds | null = null;
  for await (const { text, bytes } of decodeFile(path, options.encoding)) {
    if (reader === null) {
      pending += text;
      const style = lineEndStyle(pending, false);
      if (style === null) {
        if (pending.length > max) {
          throw new FileProblem(`has no line break in its first ${describeLength(max)}, so it is not a CSV export (is it one very long line?)`);
        }
        continue;
      }
      if (style === 'cr') crLines = new CrLineEnds();
      reader = start(crLines ? crLines.push(pending) : pending);
      pending = '';
    } else {
      reader.push(crLines ? crLines.push(text) : text, items);
    }
    options.onBytes?.(bytes);
    const batch = convert();
    if (batch.length) yield batch;
  }
  if (reader === null) {
    if (pending.trim() === '') return;
    reader = start(pending);
  }
  if (crLines) reader.push(crLines.end(), items);
  reader.end(items);
  const batch = convert();
  if (batch.length) yield batch;
}

function objectFields(value: unknown): Record<string, FieldValue> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const fields: Record<string, FieldValue> = {};
  for (const [key, v] of Object.entries(value as Record<string, FieldValue>)) setField(fields, normalizeHeader(key), v);
  return fields;
}

function ndjsonItem(line: number, text: string, source: RecordSource, options: ReadOptions): SourceRecord | null {
  const raw = line === 1 ? text.replace(/^\uFEFF/, '') : text;
  if (raw.trim() === '') return null;
  source.blank = false;
  const bad = options.badUtf8 ? badUtf8Record(line, raw, source) : null;
  if (bad) return bad;
  let parsed: unknown;
  try {
    // Duplicate keys, inexact numbers and deep nesting first: JSON.parse would let them through silently.
    const { problem, fieldNames } = checkJsonText(raw, normalizeHeader);
    if (problem) {
      if (fieldNames && source.header.length === 0) source.header.push(...fieldNames);
      return { line, raw, error: problem.reason, field: problem.field };
    }
    parsed = JSON.parse(raw);
  } catch {
    return { line, raw, error: 'not valid JSON' };
  }
  const fields = objectFields(parsed);
  if (fields && source.header.length === 0) source.header.push(...Object.keys(fields));
  return fields ? { line, raw, fields } : { line, raw, error: 'expected a JSON object' };
}

async function* ndjsonBatches(path: string, options: ReadOptions, source: RecordSource): AsyncGenerator<SourceRecord[]> {
  const max = options.maxRecordChars ?? MAX_RECORD_CHARS;
  let rest = '';
  let line = 0;
  let skipping: { line: number; chars: number; prefix: string } | null = null;
  const skipped = (s: { line: number; chars: number; prefix: string }): SourceRecord => ({
    line: s.line,
    raw: `${s.prefix}… [${describeLength(s.chars)} line shortened]`,
    error: `the line is ${describeLength(s.chars)} long, over the ${describeLength(max)} limit for one record`,
  });
  for await (const { text, bytes } of decodeFile(path, options.encoding)) {
    const out: SourceRecord[] = [];
    let chunk = text;
    if (skipping) {
      const nl = chunk.indexOf('\n');
      if (nl === -1) {
        skipping.chars += chunk.length;
        continue;
      }
      skipping.chars += nl;
      out.push(skipped(skipping));
      skipping = null;
      chunk = chunk.slice(nl + 1);
    }
    rest += chunk;
    let from = 0;
    for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', from)) {
      line++;
      const item = ndjsonItem(line, rest.slice(from, nl).replace(/\r$/, ''), source, options);
      if (item) out.push(item);
      from = nl + 1;
    }
    rest = rest.slice(from);
    if (rest.length > max) {
      line++;
      skipping = { line, chars: rest.length, prefix: rest.slice(0, 1000) };
      rest = '';
    }
    options.onBytes?.(bytes);
    if (out.length) yield out;
  }
  if (skipping) {
    yield [skipped(skipping)];
    return;
  }
  if (rest !== '') {
    const item = ndjsonItem(line + 1, rest.replace(/\r$/, ''), source, options);
    if (item) yield [item];
  }
}

async function* jsonBatches(path: string, options: ReadOptions, source: RecordSource): AsyncGenerator<SourceRecord[]> {
  const max = options.maxJsonChars ?? MAX_JSON_CHARS;
  let text = '';
  if (options.encoding === 'utf-8') {
    if ((await stat(path)).size > max) throw new FileProblem(`is larger than ${describeLength(max)}; a JSON array is read whole, so write big files as NDJSON (one object per line)`);
    text = await readFile(path, 'utf8');
    if (text.length > max) throw new FileProblem(`is larger than ${describeLength(max)}; a JSON array is read whole, so write big files as NDJSON (one object per line)`);
  } else {
    for await (const part of decodeFile(path, options.encoding)) {
      text += part.text;
      if (text.length > max) throw new FileProblem(`is larger than ${describeLength(max)}; a JSON array is read whole, so write big files as NDJSON (one object per line)`);
    }
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return;
  source.blank = false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FileProblem(`is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`);
  }
  if (!Array.isArray(parsed)) throw new FileProblem('must hold a JSON array of objects');
  // What JSON.parse let through (duplicate keys, inexact numbers, deep nesting), element by element.
  const elements = arrayElements(text);
  if (elements.length !== parsed.length) throw new Error('JSON array scan disagrees with JSON.parse');
  // JSON arrays have no meaningful line per element: "line" is the element's 1-based position.
  const batchSize = 1000;
  for (let i = 0; i < parsed.length; i += batchSize) {
    const out: SourceRecord[] = [];
    for (let k = i; k < Math.min(parsed.length, i + batchSize); k++) {
      const line = k + 1;
      const { start, end, problem, fieldNames } = elements[k]!;
      if (problem) {
        if (fieldNames && source.header.length === 0) source.header.push(...fieldNames);
        out.push({ line, raw: shortened(text.slice(start, end), options.maxRecordChars ?? MAX_RECORD_CHARS), error: problem.reason, field: problem.field });
        continue;
      }
      const raw = JSON.stringify(parsed[k]);
      const bad = options.badUtf8 ? badUtf8Record(line, raw, source) : null;
      if (bad) {
        out.push(bad);
        continue;
      }
      const fields = objectFields(parsed[k]);
      if (fields && source.header.length === 0) source.header.push(...Object.keys(fields));
      out.push(fields ? { line, raw, fields } : { line, raw, error: 'expected a JSON object' });
    }
    yield out;
  }
}

/** A rejected record's raw text, shortened when it is over the record limit. */
function shortened(raw: string, max: number): string {
  return raw.length > max ? `${raw.slice(0, 1000)}… [${describeLength(raw.length)} shortened]` : raw;
}

/** Where each element of a JSON array (already parsed whole by JSON.parse) starts and ends, and its first problem. */
function arrayElements(text: string): (JsonValueCheck & { start: number })[] {
  const elements: (JsonValueCheck & { start: number })[] = [];
  let i = skipWhitespace(text, skipWhitespace(text, 0) + 1); // after "["
  if (text.charCodeAt(i) === 0x5d /* ] */) return elements;
  for (;;) {
    const check = checkJsonValue(text, i, normalizeHeader);
    elements.push({ ...check, start: i });
    i = skipWhitespace(text, check.end);
    if (text.charCodeAt(i) !== 0x2c /* , */) return elements; // "]": JSON.parse vouched for the rest
    i = skipWhitespace(text, i + 1);
  }
}

export function readRecords(path: string, options: ReadOptions): RecordSource {
  const source: RecordSource = { header: [], emptyRows: 0, blank: true, badUtf8Records: 0, batches: undefined as unknown as AsyncGenerator<SourceRecord[]> };
  source.batches =
    options.format === 'csv' ? csvBatches(path, options, source) : options.format === 'ndjson' ? ndjsonBatches(path, options, source) : jsonBatches(path, options, source);
  return source;
}
