/** One invoice: who and what, its lines by kind, totals, anomalies, source rows and PDF. */
import { useCallback, useRef, useState } from 'react';
import type { InvoiceLineDetail } from '../../../shared/api';
import { Icon } from '../components/Icon';
import { InvoiceAnomalies } from '../components/InvoiceAnomalies';
import { InvoiceFacts } from '../components/InvoiceFacts';
import { LineTable } from '../components/LineTable';
import { ErrorState, LoadingState } from '../components/PageStates';
import { PdfDrawer } from '../components/PdfDrawer';
import { SourceRowsDrawer } from '../components/SourceRowsDrawer';
import { StatusChip } from '../components/StatusChip';
import { TotalsCard } from '../components/TotalsCard';
import { useApiQuery } from '../hooks/useApiQuery';
import { hrefFor, navigate } from '../hooks/useHashRoute';
import { formatWhen, periodLabel } from '../lib/format';

export function InvoiceDetailPage({ invoiceId, lineId }: { invoiceId: string; lineId: number | null }) {
  const query = useApiQuery('invoices.get', { invoiceId });
  const [showPdf, setShowPdf] = useState(false);
  const detail = query.data;
  const selectedLine = detail && lineId !== null ? (detail.lines.find((l) => l.line_id === lineId) ?? null) : null;

  // Opening a line's sources adds a history entry, so Back closes the panel; closing it steps back over that entry.
  const openedHere = useRef(false);
  const openSources = useCallback(
    (line: InvoiceLineDetail) => {
      openedHere.current = lineId === null;
      navigate({ name: 'invoice', invoiceId, lineId: line.line_id }, { replace: lineId !== null });
    },
    [invoiceId, lineId],
  );
  const closeSources = useCallback(() => {
    if (openedHere.current) {
      openedHere.current = false;
      window.history.back();
    } else {
      navigate({ name: 'invoice', invoiceId, lineId: null }, { replace: true });
    }
  }, [invoiceId]);
  const closePdf = useCallback(() => setShowPdf(false), []);

  const backHref = hrefFor({ name: 'invoices', period: detail?.invoice.period ?? null });

  if (query.error) {
    return (
      <div className="page">
        <a className="back-link" href={backHref}>
          <Icon name="back" size={14} /> Invoices
        </a>
        <div className="card">
          <ErrorState message={query.error} onRetry={query.reload} />
        </div>
      </div>
    );
  }
  if (!detail) return <LoadingState label="Loading the invoice…" />;

  const inv = detail.invoice;
  return (
    <div className="page" data-testid="invoice-detail">
      <a className="back-link" href={backHref}>
        <Icon name="back" size={14} /> Invoices · {periodLabel(inv.period)}
      </a>
      <header className="detail-head">
        <div>
          <div className="detail-title-row">
            <h1 className="page-title">{detail.account_name}</h1>
            <StatusChip status={inv.status} />
          </div>
          <p className="page-subtitle">
            {inv.invoice_number ? <span className="mono">{inv.invoice_number}</span> : 'Not numbered yet'}
            {' · '}
            {detail.owner ? `Owner ${detail.owner}` : 'No owner'}
            {' · '}
            Rated {formatWhen(detail.rated_at)}
          </p>
        </div>
        <div className="page-actions">
          <button type="button" className="btn" onClick={() => setShowPdf(true)} data-testid="pdf-button">
            <Icon name="pdf" size={15} /> PDF
          </button>
        </div>
      </header>

      <InvoiceFacts detail={detail} />

      <div className="detail-layout">
        <LineTable lines={detail.lines} currency={inv.currency} selectedLineId={lineId} onOpenSources={openSources} />
        <div className="detail-aside">
          <TotalsCard invoice={inv} />
          <InvoiceAnomalies anomalies={inv.anomalies} />
        </div>
      </div>

      {selectedLine && selectedLine.source_count > 0 ? <SourceRowsDrawer key={selectedLine.line_id} line={selectedLine} onClose={closeSources} /> : null}
      {showPdf ? <PdfDrawer invoiceId={invoiceId} title={`${detail.account_name} · ${periodLabel(inv.period)}`} onClose={closePdf} /> : null}
    </div>
  );
}

