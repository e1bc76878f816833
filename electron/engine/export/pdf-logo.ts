/**
 * The company logo in an invoice PDF: PNG or JPEG, decoded once per batch; a
 * logo that cannot be decoded is left out.
 */
import { createHash } from 'node:crypto';
import { JpegEmbedder, PDFImage, PngEmbedder, type PDFDocument } from 'pdf-lib';
type ImageEmbedder = Parameters<typeof PDFImage.of>[2];

/**
 * Decoded logos by content, so a batch decodes (and, through the deflate
 * cache, compresses) the company logo once rather than once per PDF.
 */
const logoEmbedders = new Map<string, Promise<ImageEmbedder | null>>();
const LOGO_CACHE_SIZE = 8;

async function decodeLogo(logo: Uint8Array): Promise<ImageEmbedder | null> {
  try {
    if (logo[0] === 0x89 && logo[1] === 0x50 && logo[2] === 0x4e && logo[3] === 0x47) return await PngEmbedder.for(logo);
    if (logo[0] === 0xff && logo[1] === 0xd8) return await JpegEmbedder.for(logo);
  } catch {
    // A broken logo must not stop an invoice from being issued: print without it.
  }
  return null;
}

export async function embedLogo(pdf: PDFDocument, logo: Uint8Array | null): Promise<PDFImage | null> {
  if (!logo || logo.length < 8) return null;
  const key = createHash('sha1').update(logo).digest('hex');
  let embedder = logoEmbedders.get(key);
  if (embedder === undefined) {
    embedder = decodeLogo(new Uint8Array(logo));
    logoEmbedders.set(key, embedder);
    if (logoEmbedders.size > LOGO_CACHE_SIZE) logoEmbedders.delete(logoEmbedders.keys().next().value as string);
  }
  const decoded = await embedder;
  if (!decoded) return null;
  const image = PDFImage.of(pdf.context.nextRef(), pdf, decoded);
  await image.embed();
  return image;
}
