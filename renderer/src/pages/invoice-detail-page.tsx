/**
 * One invoice: who and what, its lines by kind with their source rows, totals,
 * anomalies with their review actions, adjustments, hold / approve / credit,
 * the account's usage trend, the audit trail and the PDF.
 */
import { useCallback, useRef, useState } from 'react';
import type { AnomalyRow, InvoiceLineDetail } from '../../../shared/api';
import { AnomalyDrawer } from '../components/anomaly-drawer';
import { Icon } from '../components/icon';
import { AdjustmentsCard } from '../components/invoice/adjustments-card';
import { ReceivableCard } from '../components/invoice/receivable-card';
import { AuditTimeline } from '../components/invoice/audit-timeline';
import { CreditNoteDrawer } from '../components/invoice/credit-note-drawer';
import { RunChangesCard } from '../components/invoice/run-changes-card';
import { QuantityOverridesCard } from '../components/invoice/quantity-overrides-card';
import { UsageTrendCard } from '../components/invoice/usage-trend-card';
import { InvoiceAnomalies } from '../components/invoice-anomalies';
import { InvoiceFacts } from '../components/invoice-facts';
import { EInvoiceCard } from '../components/einvoice-card';
import { LineTable } from '../components/line-table';
import { ErrorState, LoadingState } from '../components/page-states';
import { PdfDrawer } from '../components/pdf-drawer';
import { lockedTitle, usePeriodLock } from '../components/period-lock';
import { ReasonDrawer } from '../components/reason-drawer';
import { SourceRowsDrawer } from '../components/source-rows-drawer';
import { StatusChip } from '../components/status-chip';
import { TotalsCard } from '../components/totals-card';
import { useApi, useApiMutation } from '../data/use-api';
import { hrefFor, navigate } from '../hooks/use-hash-route';
import { useIdle } from '../hooks/use-idle';
import { formatDay } from '../../../shared/period';
import { formatWhen, periodLabel, plural } from '../lib/format';
import { useToast } from '../state/toasts';

type Dialog = 'approve' | 'hold' | 'release' | 'credit' | 'discard' | null;

export function InvoiceDetailPage({ invoiceId, lineKey, anomalyId }: { invoiceId: string; lineKey: string | null; anomalyId: string | null }) {
  const toast = useToast();
  const query = useApi('invoices.get', { invoice_id: invoiceId });
  const approveMutation = useApiMutation('invoices.approve');
  const holdMutation = useApiMutation('invoices.hold');
  const discardMutation = useApiMutation('creditNotes.discard');
  const [showPdf, setShowPdf] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [openAnomaly, setOpenAnomaly] = useState<string | null>(null);
  const detail = query.data;
  const period = detail?.invoice.period ?? null;
  const lock = usePeriodLock(period);
  // The findings with their review state and source counts (what the drawer shows) are listed per period.
  const anomalies = useApi('anomalies.explore', period ? { period } : null);
  const mine = (anomalies.data ?? []).filter((a) => a.invoice_id === invoiceId);
  // Links carry the line's key, which survives re-rating (line ids do not).
  const selectedLine = detail && lineKey !== null ? (detail.lines.find((l) => l.line_key === lineKey) ?? null) : null;
  const sourcesLine = selectedLine && selectedLine.source_count > 0 ? selectedLine : null;
  // The source rows' drawer is built hidden once the page is idle (and kept), so a click on a line only shows it.
  const idle = useIdle();
  const sourcesWarm = idle && (detail?.lines.some((l) => l.source_count > 0) ?? false);

  // Opening a line's sources adds a history entry, so Back closes the panel; closing it steps back over that entry.
  const openedHere = useRef(false);
  const openSources = useCallback(
    (line: InvoiceLineDetail) => {
      openedHere.current = lineKey === null;
      navigate({ name: 'invoice', invoiceId, lineKey: line.line_key }, { replace: lineKey !== null });
    },
    [invoiceId, lineKey],
  );
  const closeSources = useCallback(() => {
    if (openedHere.current) {
      openedHere.current = false;
      window.history.back();
    } else {
      navigate({ name: 'invoice', invoiceId, lineKey: null }, { replace: true });
    }
  }, [invoiceId]);
  const closePdf = useCallback(() => setShowPdf(false), []);

  const backHref = hrefFor({ name: 'invoices', period });

  if (query.error) {
    return (
      <div className="page">
        <a className="back-link" href={backHref}>
          <Icon name="back" size={14} /> Invoices
        </a>
        <div className="card">
          <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
        </div>
      </div>
    );
  }
  if (!detail) return <LoadingState label="Loading the invoice…" />;

  const inv = detail.invoice;
  const draft = inv.status === 'draft';
  const onHold = inv.on_hold;
  const openErrors = mine.filter((a) => a.status === 'open' && a.severity === 'error').length;
  const isCreditNote = detail.document_type === 'credit_note';
  // Adjustments and corrections: a draft invoice of an open period.
  const correctable = draft && !isCreditNote && lock === null;

  async function approve(overrideReason?: string): Promise<string | null> {
    try {
      await approveMutation.mutateAsync({ invoice_ids: [invoiceId], ...(overrideReason ? { override_reason: overrideReason } : {}) });
      toast.success(overrideReason ? 'Approved with an override; the reason is in the audit trail.' : 'Approved; it will be numbered at export.', isCreditNote ? 'Credit note approved' : 'Invoice approved');
      setDialog(null);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  async function hold(holdIt: boolean, reason: string): Promise<string | null> {
    try {
      await holdMutation.mutateAsync({ invoice_ids: [invoiceId], hold: holdIt, reason });
      toast.success(holdIt ? 'It cannot be approved until released.' : 'It can be approved again.', holdIt ? 'On hold' : 'Released');
      setDialog(null);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  async function discard(reason: string): Promise<string | null> {
    try {
      const done = await discardMutation.mutateAsync({ credit_note_id: invoiceId, reason });
      toast.success('What it credited can be credited again.', 'Credit note discarded');
      setDialog(null);
      navigate({ name: 'invoice', invoiceId: done.credits_invoice_id, lineKey: null }, { replace: true });
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  const current: AnomalyRow | null = openAnomaly ? (mine.find((a) => a.anomaly_id === openAnomaly) ?? null) : null;
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
            {onHold ? (
              <span className="chip chip-hold" data-testid="hold-chip">
                <Icon name="pause" size={12} /> On hold
              </span>
            ) : null}
            {lock ? (
              <span className="chip chip-closed" data-testid="period-closed-chip" title={lockedTitle(lock)}>
                <Icon name="pause" size={12} /> Period closed
              </span>
            ) : null}
            {isCreditNote ? (
              <span className="chip chip-finalized" data-testid="credit-note-chip">
                {inv.status === 'finalized' ? 'Credit note' : draft ? 'Credit note · approve it to have it numbered at the next export' : 'Credit note · numbered at the next export'}
              </span>
            ) : null}
          </div>
          <p className="page-subtitle">
            {inv.invoice_number ? <span className="mono">{inv.invoice_number}</span> : 'Not numbered yet'}
            {' · '}
            {detail.owner ? `Owner ${detail.owner}` : 'No owner'}
            {' · '}
            <span data-testid="invoice-dates">
              {detail.dates_final ? (
                <>
                  Issued {formatDay(detail.issue_date)}
                  {detail.due_date ? ` · Due ${formatDay(detail.due_date)}` : ''}
                </>
              ) : (
                <>
                  Rated {formatWhen(detail.rated_at)} · if finalized today: issued {formatDay(detail.issue_date)}
                  {detail.due_date ? `, due ${formatDay(detail.due_date)}` : ''}
                </>
              )}
            </span>
          </p>
        </div>
        <div className="page-actions">
          {draft && !isCreditNote ? (
            onHold ? (
              <button type="button" className="btn" onClick={() => setDialog('release')}>
                Release
              </button>
            ) : (
              <button type="button" className="btn" onClick={() => setDialog('hold')} data-testid="hold-button">
                <Icon name="pause" size={14} /> Hold
              </button>
            )
          ) : null}
          {inv.status === 'finalized' && !isCreditNote ? (
            <button type="button" className="btn" onClick={() => setDialog('credit')} data-testid="credit-button">
              Credit note…
            </button>
          ) : null}
          {draft && isCreditNote ? (
            <button type="button" className="btn btn-danger" onClick={() => setDialog('discard')} data-testid="discard-button">
              <Icon name="x" size={14} /> Discard
            </button>
          ) : null}
          <button type="button" className="btn" onClick={() => setShowPdf(true)} data-testid="pdf-button">
            <Icon name="pdf" size={15} /> PDF
          </button>
          {draft ? (
            <button
              type="button"
              className="btn btn-primary"
              disabled={onHold || lock !== null}
              title={lock ? lockedTitle(lock) : onHold ? 'Release the hold first' : undefined}
              onClick={() => (openErrors ? setDialog('approve') : void approve().then((p) => p && toast.error(p, 'Not approved')))}
              data-testid="approve-button"
            >
              <Icon name="check" size={14} /> Approve
            </button>
          ) : null}
        </div>
      </header>

      <InvoiceFacts detail={detail} />
      {lineKey !== null && selectedLine === null ? (
        <div className="callout" role="status" data-testid="line-missing">
          <div className="callout-body">
            <div className="callout-text">The line this link points at is no longer on the invoice: re-rating changed its charges or tiers.</div>
          </div>
        </div>
      ) : null}

      <div className="detail-layout">
        <div className="detail-main">
          <LineTable lines={detail.lines} currency={inv.currency} selectedLineKey={lineKey} onOpenSources={openSources} />
          {!isCreditNote ? <RunChangesCard invoiceId={invoiceId} period={inv.period} /> : null}
          <UsageTrendCard invoiceId={invoiceId} />
          <AuditTimeline invoiceId={invoiceId} />
        </div>
        <div className="detail-aside">
          <TotalsCard invoice={inv} taxRate={detail.tax_rate} />
          <EInvoiceCard invoiceId={invoiceId} currency={inv.currency} />
          {inv.status === 'finalized' && !isCreditNote ? <ReceivableCard invoiceId={invoiceId} accountId={inv.account_id} currency={inv.currency} /> : null}
          <InvoiceAnomalies anomalies={mine} onOpen={(a) => setOpenAnomaly(a.anomaly_id)} />
          {!isCreditNote ? <AdjustmentsCard invoiceId={invoiceId} currency={inv.currency} editable={correctable} /> : null}
          {!isCreditNote ? (
            <QuantityOverridesCard invoiceId={invoiceId} agreementId={inv.agreement_id} period={inv.period} currency={inv.currency} lines={detail.lines} editable={correctable} />
          ) : null}
        </div>
      </div>

      {sourcesLine || sourcesWarm ? <SourceRowsDrawer line={sourcesLine} anomalyId={anomalyId} corrections={correctable} onClose={closeSources} /> : null}
      {showPdf ? <PdfDrawer invoiceId={invoiceId} title={`${detail.account_name} · ${periodLabel(inv.period)}`} onClose={closePdf} /> : null}
      {current ? <AnomalyDrawer anomaly={current} onClose={() => setOpenAnomaly(null)} /> : null}
      {dialog === 'approve' ? (
        <ReasonDrawer
          title="Approve with an override"
          subtitle={`${plural(openErrors, 'open error anomaly', 'open error anomalies')}`}
          label="Override reason (recorded in the audit trail)"
          confirm="Approve with override"
          danger
          testId="override-drawer"
          onClose={() => setDialog(null)}
          onConfirm={(reason) => approve(reason)}
        >
          <p>This invoice has open errors. Approving freezes figures a rule says are wrong; say why that is acceptable, or acknowledge the findings first.</p>
        </ReasonDrawer>
      ) : dialog === 'hold' || dialog === 'release' ? (
        <ReasonDrawer
          title={dialog === 'hold' ? 'Put on hold' : 'Release the hold'}
          label="Reason (recorded in the audit trail)"
          confirm={dialog === 'hold' ? 'Put on hold' : 'Release'}
          testId="hold-drawer"
          onClose={() => setDialog(null)}
          onConfirm={(reason) => hold(dialog === 'hold', reason)}
        />
      ) : dialog === 'discard' ? (
        <ReasonDrawer
          title="Discard the credit note"
          subtitle={invoiceId}
          label="Reason (recorded in the audit trail of the credit note and of the invoice it credits)"
          confirm="Discard credit note"
          danger
          testId="discard-drawer"
          onClose={() => setDialog(null)}
          onConfirm={discard}
        >
          <p>The draft is removed and what it credited becomes free to credit again. Nothing was sent to the customer: a draft has no number yet.</p>
        </ReasonDrawer>
      ) : dialog === 'credit' ? (
        <CreditNoteDrawer
          invoiceId={invoiceId}
          onClose={() => setDialog(null)}
          onCreated={(id) => {
            setDialog(null);
            toast.success('It is numbered when the period is exported.', 'Credit note created');
            navigate({ name: 'invoice', invoiceId: id, lineKey: null });
          }}
        />
      ) : null}
    </div>
  );
}
