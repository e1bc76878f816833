/**
 * Native zlib for an invoice PDF's streams instead of pdf-lib's pako.
 */
import { deflateSync } from 'node:zlib';
import type { PDFContext, PDFRawStream } from 'pdf-lib';
/**
 * pdf-lib compresses with pako (deflate in JavaScript), which was most of an
 * invoice's render time. This document's streams (page content, fonts,
 * ToUnicode maps, images) go through the context's flateStream, overridden on
 * this one context to use Node's native zlib. Same format (FlateDecode), same
 * bytes for the same input. (Object streams would still use pako, so the
 * document is saved with a classic cross-reference table instead.)
 */
export function useNativeDeflate(context: PDFContext): void {
  context.flateStream = (contents: string | Uint8Array, dict: Parameters<PDFContext['flateStream']>[1] = {}): PDFRawStream =>
    context.stream(deflated(contents), { ...dict, Filter: 'FlateDecode' });
}

/** Deflated bytes of byte arrays pdf-lib hands over again and again (a cached logo's channels); never mutated. */
const deflatedOnce = new WeakMap<Uint8Array, Uint8Array>();

function deflated(contents: string | Uint8Array): Uint8Array {
  if (typeof contents === 'string') return deflateSync(Buffer.from(contents, 'latin1'));
  let bytes = deflatedOnce.get(contents);
  if (bytes === undefined) {
    bytes = deflateSync(contents);
    deflatedOnce.set(contents, bytes);
  }
  return bytes;
}
