/** The invoice PDF, rendered by the engine from the stored figures, shown in place with a download link. */
import { useEffect } from 'react';
import { useApi } from '../data/use-api';
import { holdObjectUrl, objectUrl } from '../lib/object-url';
import { Drawer } from './drawer';
import { Icon } from './icon';
import { ErrorState, LoadingState } from './page-states';

function base64ToBlob(base64: string, type: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

type PdfResult = { base64: string; file_name: string };
const pdfBlob = (result: PdfResult) => () => base64ToBlob(result.base64, 'application/pdf');

/** An object URL for the PDF while it is shown; revoked when the drawer closes or another PDF replaces it. */
function usePdfUrl(result: PdfResult | undefined): { url: string; fileName: string } | null {
  useEffect(() => (result ? holdObjectUrl(result, pdfBlob(result)) : undefined), [result]);
  return result ? { url: objectUrl(result, pdfBlob(result)), fileName: result.file_name } : null;
}

export function PdfDrawer({ invoiceId, title, onClose }: { invoiceId: string; title: string; onClose: () => void }) {
  const query = useApi('invoices.pdf', { invoice_id: invoiceId });
  const pdf = usePdfUrl(query.data);
  const error = query.error?.message ?? null;

  return (
    <Drawer
      testId="pdf-drawer"
      title={title}
      subtitle={pdf ? pdf.fileName : 'Rendering the PDF from the stored figures…'}
      onClose={onClose}
      actions={
        pdf ? (
          <a className="btn" href={pdf.url} download={pdf.fileName} data-testid="pdf-download">
            <Icon name="download" size={14} /> Download
          </a>
        ) : null
      }
    >
      {error ? (
        <ErrorState message={error} onRetry={() => void query.refetch()} />
      ) : pdf ? (
        <iframe className="pdf-frame" src={pdf.url} title={`PDF of ${title}`} data-testid="pdf-frame" />
      ) : (
        <LoadingState label="Rendering PDF…" />
      )}
    </Drawer>
  );
}
