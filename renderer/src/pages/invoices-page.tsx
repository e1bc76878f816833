/** The period's invoices: summary, the grid, filters that came with a link, and bulk approve / hold. */
import { useCallback, useState } from 'react';
import type { InvoiceSummary } from '../../../shared/api';
import { Icon } from '../components/icon';
import { InvoiceGrid } from '../components/invoice-grid';
import { JobProgress } from '../components/job-progress';
import { KpiCards } from '../components/kpi-cards';
import { ErrorState, LoadingState, MessageState, PageHeader } from '../components/page-states';
import { PeriodGate } from '../components/period-gate';
import { lockedTitle, PeriodLockControl, usePeriodLock } from '../components/period-lock';
import { RerateButton } from '../components/rerate-button';
import { ChangePreview } from '../components/change-preview';
import { ReasonDrawer } from '../components/reason-drawer';
import { useApi, useApiMutation } from '../data/use-api';
import { navigate, type InvoiceFilter } from '../hooks/use-hash-route';
import { useRating } from '../hooks/use-rating';
import { humanize, periodLabel, plural } from '../lib/format';
import { useToast } from '../state/toasts';

export function InvoicesPage({ filter }: { filter: InvoiceFilter }) {
  return <PeriodGate title="Invoices">{(period) => <PeriodInvoices period={period} filter={filter} />}</PeriodGate>;
}

const FILTER_WORDS: Record<keyof InvoiceFilter, string> = { status: 'Status', severity: 'Anomalies', owner: 'Owner', account: 'Account' };
const VALUE_WORDS: Record<string, string> = { hold: 'on hold', flagged: 'open errors or warnings' };

type Pending = { kind: 'override'; ids: string[]; flagged: InvoiceSummary[] } | { kind: 'hold' | 'release'; ids: string[] } | null;

function PeriodInvoices({ period, filter }: { period: string; filter: InvoiceFilter }) {
  const toast = useToast();
  const invoices = useApi('invoices.list', { period });
  const approveMutation = useApiMutation('invoices.approve');
  const holdMutation = useApiMutation('invoices.hold');
  const { job, cancel, preview, previewRate, confirmRate, cancelRate } = useRating();
  const lock = usePeriodLock(period);
  const [selected, setSelected] = useState<InvoiceSummary[]>([]);
  const [pending, setPending] = useState<Pending>(null);
  // Bumped after a bulk action succeeds: the grid clears its selection, so nothing stale stays ticked.
  const [cleared, setCleared] = useState(0);
  const open = useCallback((invoiceId: string) => navigate({ name: 'invoice', invoiceId, lineKey: null }), []);

  const drafts = selected.filter((i) => i.status === 'draft');
  const approvable = drafts.filter((i) => !i.on_hold);
  // Credit notes are approved like invoices but never held.
  const holdable = drafts.filter((i) => !i.on_hold && i.document_type === 'invoice');

  async function approve(ids: string[], overrideReason?: string): Promise<string | null> {
    try {
      const done = await approveMutation.mutateAsync({ invoice_ids: ids, ...(overrideReason ? { override_reason: overrideReason } : {}) });
      const overridden = done.filter((d) => d.overridden).length;
      toast.success(`${plural(done.length, 'invoice')} approved${overridden ? `, ${overridden} with an override` : ''}.`, 'Approved');
      setPending(null);
      setCleared((n) => n + 1);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  function startApprove() {
    const ids = approvable.map((i) => i.invoice_id);
    const flagged = approvable.filter((i) => i.anomalies.error > 0);
    if (flagged.length) setPending({ kind: 'override', ids, flagged });
    else void approve(ids).then((problem) => problem && toast.error(problem, 'Not approved'));
  }

  async function hold(ids: string[], holdIt: boolean, reason: string): Promise<string | null> {
    try {
      const done = await holdMutation.mutateAsync({ invoice_ids: ids, hold: holdIt, reason });
      toast.success(`${plural(done.length, 'invoice')} ${holdIt ? 'put on hold' : 'released'}.`, holdIt ? 'On hold' : 'Released');
      setPending(null);
      setCleared((n) => n + 1);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  const list = invoices.data ?? [];
  const filterEntries = Object.entries(filter) as [keyof InvoiceFilter, string][];
  const clearFilter = (key: keyof InvoiceFilter) => {
    const next = { ...filter };
    delete next[key];
    navigate({ name: 'invoices', period, filter: next });
  };

  const bulk =
    selected.length > 0 ? (
      <div className="bulk-bar" data-testid="bulk-bar">
        <span className="grid-count">{plural(selected.length, 'selected', 'selected')}</span>
        <button
          type="button"
          className="btn btn-sm btn-primary"
          disabled={approvable.length === 0 || lock !== null}
          title={lock ? lockedTitle(lock) : undefined}
          onClick={startApprove}
          data-testid="bulk-approve"
        >
          <Icon name="check" size={14} /> Approve {approvable.length ? approvable.length : ''}
        </button>
        <button type="button" className="btn btn-sm" disabled={holdable.length === 0} onClick={() => setPending({ kind: 'hold', ids: holdable.map((i) => i.invoice_id) })}>
          <Icon name="pause" size={14} /> Hold
        </button>
        {drafts.some((i) => i.on_hold) ? (
          <button type="button" className="btn btn-sm" onClick={() => setPending({ kind: 'release', ids: drafts.filter((i) => i.on_hold).map((i) => i.invoice_id) })}>
            Release
          </button>
        ) : null}
      </div>
    ) : null;

  return (
    <div className="page">
      <PageHeader
        title="Invoices"
        subtitle={`${periodLabel(period)} · ${invoices.data ? plural(list.length, 'invoice') : 'loading…'}`}
        actions={
          <>
            <PeriodLockControl period={period} />
            <RerateButton onClick={() => void previewRate(period)} disabled={job !== null || preview !== null || lock !== null} {...(lock ? { title: lockedTitle(lock) } : {})} />
          </>
        }
      />

      {job ? <JobProgress job={job} onCancel={() => void cancel()} /> : null}
      {preview ? (
        <ChangePreview title={`Re-rate ${periodLabel(preview.period)}?`} impact={preview.impact} confirmLabel="Re-rate" onConfirm={() => void confirmRate()} onCancel={cancelRate} />
      ) : null}

      {invoices.error ? (
        <div className="card">
          <ErrorState message={invoices.error.message} onRetry={() => void invoices.refetch()} />
        </div>
      ) : invoices.isPending ? (
        <div className="card">
          <LoadingState label="Loading invoices…" />
        </div>
      ) : list.length > 0 ? (
        <>
          <KpiCards invoices={list} />
          {filterEntries.length ? (
            <div className="filter-bar" aria-label="Active filters" data-testid="invoice-filters">
              <span className="muted">Showing only</span>
              {filterEntries.map(([key, value]) => (
                <button key={key} type="button" className="facet" aria-pressed="true" onClick={() => clearFilter(key)} aria-label={`Remove filter ${FILTER_WORDS[key]}: ${value}`}>
                  {FILTER_WORDS[key]}: {VALUE_WORDS[value] ?? humanize(value)} <Icon name="x" size={12} />
                </button>
              ))}
            </div>
          ) : null}
          <InvoiceGrid invoices={list} onOpen={open} filter={filter} onSelectionChange={setSelected} clearSelection={cleared} toolbar={bulk} />
        </>
      ) : (
        <div className="card">
          <MessageState icon="invoices" title={`No agreement was active in ${periodLabel(period)}`}>
            Rating found nothing to bill for this month.
          </MessageState>
        </div>
      )}

      {pending?.kind === 'override' ? (
        <ReasonDrawer
          title={`Approve ${plural(pending.ids.length, 'invoice')}`}
          subtitle="Some have open error anomalies"
          label="Override reason (recorded in the audit trail for each invoice with errors)"
          confirm="Approve with override"
          danger
          testId="override-drawer"
          onClose={() => setPending(null)}
          onConfirm={(reason) => approve(pending.ids, reason)}
        >
          <p>
            {plural(pending.flagged.length, 'invoice has', 'invoices have')} open errors:{' '}
            <strong>{pending.flagged.slice(0, 5).map((i) => i.account_name).join(', ')}</strong>
            {pending.flagged.length > 5 ? ` and ${pending.flagged.length - 5} more` : ''}. Approving them freezes figures a rule says are wrong; say why that is
            acceptable.
          </p>
        </ReasonDrawer>
      ) : pending ? (
        <ReasonDrawer
          title={`${pending.kind === 'hold' ? 'Hold' : 'Release'} ${plural(pending.ids.length, 'invoice')}`}
          subtitle={pending.kind === 'hold' ? 'Held drafts cannot be approved until released' : undefined}
          label="Reason (recorded in the audit trail)"
          confirm={pending.kind === 'hold' ? 'Put on hold' : 'Release'}
          testId="hold-drawer"
          onClose={() => setPending(null)}
          onConfirm={(reason) => hold(pending.ids, pending.kind === 'hold', reason)}
        />
      ) : null}
    </div>
  );
}
