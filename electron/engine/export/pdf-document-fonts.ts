/**
 * The fonts of one invoice PDF: which text it prints (to choose the font
 * chains from) and each face's fonts, embedded on first use.
 */
import { CustomFontSubsetEmbedder, PDFFont, type PDFDocument } from 'pdf-lib';
import type { FontChain } from './font-chain';
import type { PdfFonts } from './pdf-fonts';
import type { EmbeddedFont, Face } from './pdf-text-fitting';
import type { Branding, InvoiceDocument } from './types';
/** Every text of the document that can print, to choose its fonts from (the painter's own words are plain English). */
export function documentText(doc: InvoiceDocument, branding: Branding): string {
  const words: Partial<Branding> = { ...branding };
  delete words.logo;
  return `${JSON.stringify(doc)}${JSON.stringify(words)}`;
}

/**
 * A face of the document: the chain's fonts are prepared for embedding (each
 * font file is parsed once per process, so this is cheap) and put into the
 * document on first use; `used` collects them to be embedded before saving.
 */
export async function documentFace(pdf: PDFDocument, fonts: PdfFonts, chain: FontChain, resource: string, used: PDFFont[]): Promise<Face> {
  // The fixed subset tags in the names keep them unique within the document, with no randomness in the output.
  const embedders = await Promise.all(chain.fonts.map((font) => CustomFontSubsetEmbedder.for(fonts.fontkit, font.bytes, font.name)));
  const embedded: (EmbeddedFont | undefined)[] = [];
  return {
    chain,
    width: chain.measure,
    font(index: number): EmbeddedFont {
      let font = embedded[index];
      if (font === undefined) {
        const embedder = embedders[index] ?? embedders[0];
        // A chain always has its primary font (font-chain.ts); an empty one is a programming error, not a document.
        if (embedder === undefined) throw new Error('The font chain has no fonts.');
        const pdfFont = PDFFont.of(pdf.context.nextRef(), pdf, embedder);
        used.push(pdfFont);
        font = { name: index === 0 ? resource : `${resource}c${index}`, pdf: pdfFont };
        embedded[index] = font;
      }
      return font;
    },
  };
}
