/**
 * Which text encoding a file is in, decided from the whole file before a
 * single row is imported, and a streaming decoder for it.
 *
 * Why one up-front pass: a file that turns out to be binary, or invalid UTF-8,
 * at byte 50,000,000 must not leave 49 MB of rows decoded the wrong way. The
 * pass is the one that computes the file's sha256 anyway, so it costs one
 * sequential read (the OS cache makes the second read nearly free).
 *
 * Decisions (see DECISIONS.md):
 * - A UTF-8 BOM is dropped; UTF-16 LE/BE with a BOM are decoded; UTF-16
 *   without a BOM is recognised from its zero bytes on alternate positions.
 * - A NUL byte anywhere else means the file is not text: file-level error.
 * - Invalid UTF-8 with no valid multi-byte sequence means the file came from
 *   a legacy Windows/Excel export: it is decoded as Windows-1252 (a superset
 *   of Latin-1's printable range) and the summary says so, never silently.
 * - A UTF-8 file with a few bad bytes (at least as many valid multi-byte
 *   sequences as invalid ones; a UTF-8 BOM counts as one) stays UTF-8: the
 *   bad bytes become U+FFFD and the reader rejects the rows holding them.
 *   Decoding the whole file as Windows-1252 would garble every accent in it.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface SniffResult {
  size: number;
  sha256: string;
  encoding: TextEncodingName;
  /** true when the file holds nothing but an optional BOM and whitespace */
  blank: boolean;
  /** invalid byte sequences in a file decoded as UTF-8 all the same (each becomes U+FFFD); 0 otherwise */
  badUtf8: number;
  notes: string[];
}

/** Raised for a file that is not text at all; the caller words it as a file-level error. */
export class NotTextError extends Error {}

const READ_CHUNK = 1 << 20;

function startsWith(buf: Buffer, bytes: readonly number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

/** Well-known binary formats people drop by mistake, named so the message can say what to do. */
function binaryKind(head: Buffer): string | null {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'it looks like an Excel workbook or a ZIP archive; save it as CSV first';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) return 'it looks like an old Excel (.xls) workbook; save it as CSV first';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'it looks like a PDF';
  if (startsWith(head, [0x1f, 0x8b])) return 'it looks like a gzip archive; unpack it first';
  if (startsWith(head, [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66])) return 'it looks like a SQLite database';
  return null;
}

/** UTF-16 without a BOM: mostly-ASCII text has a zero byte in every other position. */
function utf16WithoutBom(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Bytes at the end of a chunk that start a UTF-8 sequence the next chunk completes. */
function incompleteUtf8Tail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

/**
 * Valid multi-byte sequences and invalid ones (each maximal invalid part
 * counted once, as a decoder replaces it with one U+FFFD) in UTF-8 bytes.
 */
export function countUtf8(buf: Buffer): { multibyte: number; invalid: number } {
  let multibyte = 0;
  let invalid = 0;
  if (isAscii(buf)) return { multibyte, invalid };
  if (isUtf8(buf)) {
    // Valid: every lead byte (0xC2–0xF4) starts one multi-byte sequence.
    for (let i = 0; i < buf.length; i++) if (buf[i]! >= 0xc0) multibyte++;
    return { multibyte, invalid };
  }
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0; // overlong
      if (b === 0xed) upper = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90; // overlong
      if (b === 0xf4) upper = 0x8f; // beyond U+10FFFF
    } else {
      invalid++;
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need; j++) {
      const c = buf[i + j];
      if (c === undefined || c < (j === 1 ? lower : 0x80) || c > (j === 1 ? upper : 0xbf)) break;
    }
    if (j > need) multibyte++;
    else invalid++;
    i += j;
  }
  return { multibyte, invalid };
}

function isBlankText(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) {
    const b = buf[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

/**
 * One pass over the file: size, sha256, encoding. Throws NotTextError for
 * binary files. `onBytes` reports progress and is where cancellation is checked.
 */
export async function sniffFile(path: string, onBytes?: (done: number) => void): Promise<SniffResult> {
  const hash = createHash('sha256');
  let size = 0;
  let encoding: TextEncodingName | null = null;
  let multibyte = 0;
  let invalid = 0;
  let bom = false;
  let blank = true;
  let carry: Buffer | null = null;
  const notes: string[] = [];

  for await (const data of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    let chunk = data as Buffer;
    hash.update(chunk);
    const first = size === 0;
    size += chunk.length;
    onBytes?.(size);
    if (first) {
      if (startsWith(chunk, [0xef, 0xbb, 0xbf])) {
        encoding = 'utf-8';
        bom = true;
        chunk = chunk.subarray(3); // checked below like any text, without its BOM
      } else if (startsWith(chunk, [0xff, 0xfe])) encoding = 'utf-16le';
      else if (startsWith(chunk, [0xfe, 0xff])) encoding = 'utf-16be';
      else encoding = utf16WithoutBom(chunk);
      if (encoding === 'utf-16le' || encoding === 'utf-16be') {
        notes.push(`decoded as ${encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'}${chunk[0] === 0 || chunk[1] === 0 ? ' (no byte-order mark)' : ''}`);
      } else if (encoding === null) {
        const binary = binaryKind(chunk);
        if (binary) throw new NotTextError(`is not a text file (${binary})`);
      }
    }
    if (encoding === 'utf-16le' || encoding === 'utf-16be') {
      // Blank-ness of UTF-16 text is decided after decoding by the reader; treat as non-blank here.
      blank = false;
      continue;
    }
    if (chunk.indexOf(0) !== -1) throw new NotTextError('is not a text file (it contains NUL bytes)');
    if (blank) blank = isBlankText(chunk, 0);
    const joined: Buffer = carry && carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const tail = incompleteUtf8Tail(joined);
    const counted = countUtf8(joined.subarray(0, joined.length - tail));
    multibyte += counted.multibyte;
    invalid += counted.invalid;
    carry = tail ? Buffer.from(joined.subarray(joined.length - tail)) : null;
  }
  let badUtf8 = 0;
  if (encoding === null || encoding === 'utf-8') {
    if (carry && carry.length) invalid++; // a sequence cut off at the end of the file
    if (invalid === 0) encoding = 'utf-8';
    else if (multibyte + (bom ? 1 : 0) >= invalid) {
      // The BOM says UTF-8 as much as any accented letter does.
      encoding = 'utf-8';
      badUtf8 = invalid; // the note, with the rows rejected for it, is written once the rows are read
    } else {
      encoding = 'windows-1252';
      notes.push(
        multibyte > 0
          ? `the file is not valid UTF-8, so it was decoded as Windows-1252 (Latin-1); it also holds ${multibyte} UTF-8 character${multibyte === 1 ? '' : 's'}, so it may mix two encodings: check names with accents`
          : 'the file is not valid UTF-8, so it was decoded as Windows-1252 (Latin-1); check names with accents',
      );
    }
  }
  return { size, sha256: hash.digest('hex'), encoding, blank: size === 0 || blank, badUtf8, notes };
}

/** Windows-1252 differs from Latin-1 only in 0x80–0x9F; the five undefined bytes keep their Latin-1 code point. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];
const C1_RANGE = /[\u0080-\u009f]/g;

export function decodeWindows1252(bytes: Buffer): string {
  const latin1 = bytes.toString('latin1');
  return latin1.replace(C1_RANGE, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}

/** Streams the file as text in the sniffed encoding: { text, bytes read so far }. A BOM is removed. */
export async function* decodeFile(path: string, encoding: TextEncodingName, chunkBytes = 1 << 16): AsyncGenerator<{ text: string; bytes: number }> {
  let bytes = 0;
  if (encoding === 'windows-1252') {
    for await (const data of createReadStream(path, { highWaterMark: chunkBytes })) {
      let chunk = data as Buffer;
      // A UTF-8 BOM in front of text that is not UTF-8 after all is still not data.
      if (bytes === 0 && startsWith(chunk, [0xef, 0xbb, 0xbf])) chunk = chunk.subarray(3);
      bytes += (data as Buffer).length;
      yield { text: decodeWindows1252(chunk), bytes };
    }
    return;
  }
  // TextDecoder removes the BOM of its own encoding and keeps multi-byte sequences split across chunks.
  const decoder = new TextDecoder(encoding);
  for await (const data of createReadStream(path, { highWaterMark: chunkBytes })) {
    const chunk = data as Buffer;
    bytes += chunk.length;
    yield { text: decoder.decode(chunk, { stream: true }), bytes };
  }
  const rest = decoder.decode();
  if (rest) yield { text: rest, bytes };
}
