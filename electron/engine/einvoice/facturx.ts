/**
 * Factur-X (ZUGFeRD 2) of an issued PDF: the same rendered document, with the
 * CII XML embedded as `factur-x.xml` (AFRelationship Alternative, listed in
 * the catalog's /AF and its EmbeddedFiles name tree) and the XMP metadata
 * Factur-X requires (PDF/A-3 identification, the fx: extension schema with
 * DocumentType, DocumentFileName, Version and ConformanceLevel EN 16931),
 * and the sRGB output intent PDF/A-3 asks of a document drawn in device RGB.
 * Deterministic: every date comes from the issue date, so the same stored
 * figures give the same bytes.
 */
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { SRGB_ICC_BASE64 } from './srgb-icc';

export const FACTURX_FILE_NAME = 'factur-x.xml';
export const FACTURX_CONFORMANCE = 'EN 16931';

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The XMP packet: PDF/A-3B identification, Dublin Core title, and the Factur-X extension schema with its description. */
export function facturxXmp(meta: { title: string; author: string; date: string }): string {
  const iso = `${meta.date}T00:00:00Z`;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${escapeXml(meta.author)}</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreateDate>${iso}</xmp:CreateDate>
   <xmp:ModifyDate>${iso}</xmp:ModifyDate>
   <xmp:CreatorTool>Billing Reviewer</xmp:CreatorTool>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>Billing Reviewer (pdf-lib)</pdf:Producer>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
   <fx:DocumentType>INVOICE</fx:DocumentType>
   <fx:DocumentFileName>${FACTURX_FILE_NAME}</fx:DocumentFileName>
   <fx:Version>1.0</fx:Version>
   <fx:ConformanceLevel>${FACTURX_CONFORMANCE}</fx:ConformanceLevel>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>fx</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description></rdf:li>
        <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description></rdf:li>
        <rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description></rdf:li>
        <rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description></rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** The issued PDF with the CII XML embedded as Factur-X; `issueDate` (YYYY-MM-DD) dates the attachment and metadata. */
export async function facturxPdf(pdfBytes: Uint8Array, ciiXml: string, issueDate: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  const context = pdf.context;
  const when = new Date(`${issueDate}T00:00:00Z`);
  const xml = new TextEncoder().encode(ciiXml);
  const file = context.flateStream(xml, {
    Type: 'EmbeddedFile',
    Subtype: 'text/xml',
    Params: { Size: xml.length, CreationDate: PDFString.fromDate(when), ModDate: PDFString.fromDate(when) },
  });
  const fileRef = context.register(file);
  const spec = context.obj({
    Type: 'Filespec',
    F: PDFString.of(FACTURX_FILE_NAME),
    UF: PDFHexString.fromText(FACTURX_FILE_NAME),
    EF: { F: fileRef, UF: fileRef },
    Desc: PDFHexString.fromText('Factur-X invoice (CII, EN 16931)'),
    AFRelationship: PDFName.of('Alternative'),
  });
  const specRef = context.register(spec);
  const catalog = pdf.catalog;
  catalog.set(PDFName.of('Names'), context.obj({ EmbeddedFiles: { Names: [PDFHexString.fromText(FACTURX_FILE_NAME), specRef] } }));
  catalog.set(PDFName.of('AF'), context.obj([specRef]));
  // PDF/A: colours drawn as DeviceRGB are defined by the output intent's ICC profile (ISO 19005-3, 6.2.4.2).
  const icc = context.register(context.flateStream(Buffer.from(SRGB_ICC_BASE64, 'base64'), { N: 3 }));
  catalog.set(
    PDFName.of('OutputIntents'),
    context.obj([
      context.obj({
        Type: 'OutputIntent',
        S: 'GTS_PDFA1',
        OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
        Info: PDFString.of('sRGB IEC61966-2.1'),
        DestOutputProfile: icc,
      }),
    ]),
  );
  const title = pdf.getTitle() ?? 'Invoice';
  const xmp = new TextEncoder().encode(facturxXmp({ title, author: pdf.getAuthor() ?? '', date: issueDate }));
  const metadata = context.stream(xmp, { Type: 'Metadata', Subtype: 'XML', Length: xmp.length });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));
  return pdf.save({ useObjectStreams: false });
}
