/**
 * The CII XML an issued Factur-X PDF carries (`factur-x.xml` in its
 * EmbeddedFiles name tree): what the invoice page shows and saves for a
 * finalized Factur-X document, read from the kept bytes rather than built again.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { FACTURX_FILE_NAME } from '../einvoice/facturx';

const resolved = (doc: PDFDocument, value: PDFObject | undefined): PDFObject | undefined => (value instanceof PDFRef ? doc.context.lookup(value) : value);

/** The embedded factur-x.xml as text, or null when the PDF carries none. */
export async function facturxXmlOf(pdfBytes: Uint8Array): Promise<string | null> {
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  const names = resolved(doc, doc.catalog.get(PDFName.of('Names')));
  const files = names instanceof PDFDict ? resolved(doc, names.get(PDFName.of('EmbeddedFiles'))) : undefined;
  const list = files instanceof PDFDict ? resolved(doc, files.get(PDFName.of('Names'))) : undefined;
  if (!(list instanceof PDFArray)) return null;
  for (let i = 0; i + 1 < list.size(); i += 2) {
    const name = list.get(i);
    const text = 'decodeText' in name && typeof name.decodeText === 'function' ? (name.decodeText as () => string)() : '';
    if (text !== FACTURX_FILE_NAME) continue;
    const spec = resolved(doc, list.get(i + 1));
    const ef = spec instanceof PDFDict ? resolved(doc, spec.get(PDFName.of('EF'))) : undefined;
    const stream = ef instanceof PDFDict ? resolved(doc, ef.get(PDFName.of('F'))) : undefined;
    if (!(stream instanceof PDFRawStream)) return null;
    return new TextDecoder().decode(decodePDFRawStream(stream).decode());
  }
  return null;
}
