/** The invoice PDF, rendered by the engine from the stored figures, shown in place with a download link. */
import { useEffect, useState } from 'react';
import { useAppState } from '../state/app-state';
import { toApiCallError } from '../api-client';
import { Drawer } from './Drawer';
import { Icon } from './Icon';
import { ErrorState, LoadingState } from './PageStates';

function base64ToBlob(base64: string, type: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

export function PdfDrawer({ invoiceId, title, onClose }: { invoiceId: string; title: string; onClose: () => void }) {
  const { client } = useAppState();
  const [pdf, setPdf] = useState<{ url: string; fileName: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let url: string | null = null;
    let live = true;
    setPdf(null);
    setError(null);
    client.call('invoices.pdf', { invoiceId }).then(
      (result) => {
        if (!live) return;
        url = URL.createObjectURL(base64ToBlob(result.base64, 'application/pdf'));
        setPdf({ url, fileName: result.fileName });
      },
      (e: unknown) => live && setError(toApiCallError(e).message),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [client, invoiceId, attempt]);

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
        <ErrorState message={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : pdf ? (
        <iframe className="pdf-frame" src={pdf.url} title={`PDF of ${title}`} data-testid="pdf-frame" />
      ) : (
        <LoadingState label="Rendering PDF…" />
      )}
    </Drawer>
  );
}
