/**
 * Writing the demo files: RFC 4180 fields, exact decimal text from integers,
 * and a buffered file writer that respects stream backpressure so millions of
 * rows are written with bounded memory.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record with its LF line end. */
export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/**
 * `units / 10^digits` as exact decimal text with exactly `digits` fraction
 * digits: fixedDecimal(123450, 2) = "1234.50", fixedDecimal(7, 3) = "0.007".
 * `units` must be a safe integer, so nothing ever passes through a binary fraction.
 */
export function fixedDecimal(units: number, digits: number): string {
  if (!Number.isSafeInteger(units)) throw new Error(`fixedDecimal needs a safe integer, got ${units}`);
  const negative = units < 0;
  const text = String(Math.abs(units)).padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
  return negative ? `-${body}` : body;
}

/** Like fixedDecimal, but without trailing fraction zeros: trimmedDecimal(150, 2) = "1.5", (800, 2) = "8". */
export function trimmedDecimal(units: number, digits: number): string {
  const text = fixedDecimal(units, digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Appends text to a file in large chunks, waiting for 'drain' whenever the stream's buffer is full. */
export class ChunkedFileWriter {
  private readonly stream: WriteStream;
  private failure: Error | null = null;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (error: Error) => {
      this.failure = error;
    });
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await finished(this.stream);
  }

  /** Stops writing after a failure elsewhere; the partial file is left for the caller to remove. */
  abort(): void {
    this.stream.destroy();
  }
}
