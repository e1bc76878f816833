/**
 * Reads the records of an input file, whatever its format, as a stream of
 * { line, raw, fields } or { line, raw, error } items. CSV goes through
 * csv-parse (RFC 4180: quoted commas, quotes and newlines, BOM, CRLF or LF);
 * NDJSON line by line; JSON as an array of objects.
 */
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export type FieldValue = string | number | boolean | null | object;

export type SourceRecord =
  | { line: number; raw: string; fields: Record<string, FieldValue>; error?: undefined }
  | { line: number; raw: string; error: string; fields?: undefined };

export type FileFormat = 'csv' | 'ndjson' | 'json';

export function formatOf(fileName: string): FileFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  return 'csv';
}

/** Header names are matched case-insensitively with surrounding spaces trimmed. */
export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase();
}

export interface ReadResult {
  /** normalised column names (CSV header, or the union of keys seen first in JSON) */
  header: string[];
  records: AsyncIterable<SourceRecord>;
}

function trimRaw(raw: string): string {
  return raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * csv-parse reports malformed records through on_skip and good ones through
 * the stream; both callbacks run in parse order, so a shared queue restores
 * the file's order. Line numbers are counted from the raw text (csv-parse's own
 * count treats a CR inside a quoted field as a line break).
 */
async function* csvRecords(path: string, headerOut: string[]): AsyncGenerator<SourceRecord> {
  const order: ({ skip: false } | { skip: true; raw: string; message: string })[] = [];
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      raw: true,
      skip_empty_lines: false,
      skip_records_with_error: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n'],
      on_record: (record: string[]) => {
        order.push({ skip: false });
        return record;
      },
      on_skip: (err: Error | undefined, raw: string | undefined) => {
        order.push({ skip: true, raw: raw ?? '', message: (err?.message ?? 'malformed').split(':')[0] ?? 'malformed' });
      },
    }),
  );
  let header: string[] | null = null;
  let nextLine = 1;
  const take = (raw: string) => {
    const line = nextLine;
    nextLine += newlines(raw) + 1;
    return line;
  };
  const drainSkips = function* (): Generator<SourceRecord> {
    while (order[0]?.skip) {
      const skipped = order.shift() as { raw: string; message: string };
      const raw = trimRaw(skipped.raw);
      yield { line: take(skipped.raw.replace(/\n$/, '')), raw, error: `not valid CSV: ${skipped.message}` };
    }
  };
  for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    yield* drainSkips();
    order.shift();
    const line = take(item.raw.replace(/\n$/, ''));
    const raw = trimRaw(item.raw);
    if (raw === '') continue; // a blank line
    if (header === null) {
      header = item.record.map(normalizeHeader);
      headerOut.push(...header);
      continue;
    }
    if (item.record.length !== header.length) {
      yield { line, raw, error: `has ${item.record.length} fields but the header has ${header.length}` };
      continue;
    }
    const fields: Record<string, FieldValue> = {};
    header.forEach((name, i) => {
      fields[name] = item.record[i] ?? '';
    });
    yield { line, raw, fields };
  }
  yield* drainSkips();
}

function objectFields(value: unknown): Record<string, FieldValue> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const fields: Record<string, FieldValue> = {};
  for (const [key, v] of Object.entries(value as Record<string, FieldValue>)) fields[normalizeHeader(key)] = v;
  return fields;
}

async function* ndjsonRecords(path: string): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const raw = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (raw.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      yield { line, raw, error: 'not valid JSON' };
      continue;
    }
    const fields = objectFields(parsed);
    yield fields ? { line, raw, fields } : { line, raw, error: 'expected a JSON object' };
  }
}

async function* jsonRecords(path: string): AsyncGenerator<SourceRecord> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`);
  }
  if (!Array.isArray(parsed)) throw new Error('must hold a JSON array of objects');
  // JSON arrays have no meaningful line per element: "line" is the element's 1-based position.
  for (let i = 0; i < parsed.length; i++) {
    const raw = JSON.stringify(parsed[i]);
    const fields = objectFields(parsed[i]);
    yield fields ? { line: i + 1, raw, fields } : { line: i + 1, raw, error: 'expected a JSON object' };
  }
}

export function readRecords(path: string, format: FileFormat): ReadResult {
  const header: string[] = [];
  if (format === 'csv') return { header, records: csvRecords(path, header) };
  return { header, records: format === 'ndjson' ? ndjsonRecords(path) : jsonRecords(path) };
}
