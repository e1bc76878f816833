/**
 * One anomaly: the finding in plain numbers, what it concerns, its review
 * state with acknowledge / dismiss / reopen (each audited), and the source rows
 * that caused it, with the file and line each came from.
 */
import { useState } from 'react';
import type { AnomalyRow } from '../../../shared/api';
import { useApi, useApiMutation } from '../data/use-api';
import { hrefFor } from '../hooks/use-hash-route';
import { formatCount, formatWhen, humanize } from '../lib/format';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';
import { Drawer } from './drawer';
import { ErrorState } from './page-states';
import { DEFAULT_SOURCE_SORT, ExportCsvButton, Pager, SourceRowsGrid, type SourceSort } from './source-rows-grid';

const PAGE = 100;

export function AnomalyDrawer({ anomaly, onClose }: { anomaly: AnomalyRow; onClose: () => void }) {
  const { client } = useAppState();
  const toast = useToast();
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SourceSort>(DEFAULT_SOURCE_SORT);
  // An anomaly's rows have no flag column: every one of them is the finding's.
  const order = { sort: sort.column === 'flagged' ? 'when' : sort.column, desc: sort.desc } as const;
  const sources = useApi('anomalies.sources', { anomaly_id: anomaly.anomaly_id, offset, limit: PAGE, ...order });
  const [mode, setMode] = useState<'acknowledge' | 'dismiss' | null>(null);
  const [text, setText] = useState('');
  const acknowledge = useApiMutation('anomalies.acknowledge');
  const dismiss = useApiMutation('anomalies.dismiss');
  const reopen = useApiMutation('anomalies.reopen');
  const [busy, setBusy] = useState(false);
  const rows = sources.data?.rows ?? null;
  const hours = rows?.[0]?.source_kind === 'hours' || (anomaly.person !== null && !anomaly.metric);

  async function act(kind: 'acknowledge' | 'dismiss' | 'reopen') {
    setBusy(true);
    try {
      if (kind === 'acknowledge') await acknowledge.mutateAsync({ anomaly_id: anomaly.anomaly_id, note: text.trim() });
      else if (kind === 'dismiss') await dismiss.mutateAsync({ anomaly_id: anomaly.anomaly_id, reason: text.trim() });
      else await reopen.mutateAsync({ anomaly_id: anomaly.anomaly_id });
      toast.success(kind === 'reopen' ? 'The finding is open again.' : 'Recorded in the audit trail.', `${humanize(anomaly.rule)} ${kind === 'acknowledge' ? 'acknowledged' : kind === 'dismiss' ? 'dismissed' : 'reopened'}`);
      setMode(null);
      setText('');
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error), 'Not recorded');
    } finally {
      setBusy(false);
    }
  }

  const total = sources.data?.total ?? anomaly.source_count;
  return (
    <Drawer
      testId="anomaly-drawer"
      title={
        <span className="drawer-title-row">
          <span className={`sev-pill sev-${anomaly.severity}`}>{anomaly.severity}</span> {anomaly.rule}
        </span>
      }
      subtitle={`${humanize(anomaly.status)}${anomaly.status_note ? ` · “${anomaly.status_note}”` : ''} · first seen ${formatWhen(anomaly.first_seen)}`}
      onClose={onClose}
      footer={
        total > 0 ? (
          <>
            <Pager offset={offset} pageSize={PAGE} total={total} loading={sources.isFetching} onOffset={setOffset} testId="anomaly-sources-range" />
            <ExportCsvButton load={() => client.call('anomalies.sourcesCsv', { anomaly_id: anomaly.anomaly_id, ...order })} testId="anomaly-sources-export" />
          </>
        ) : undefined
      }
    >
      <div className="anomaly-detail">
        <p className="anomaly-message" data-testid="anomaly-message">
          {anomaly.message}
        </p>
        <dl className="facts facts-inline">
          <div className="fact">
            <dt>Account</dt>
            <dd>{anomaly.account_name ? `${anomaly.account_name} (${anomaly.account_id})` : (anomaly.account_id ?? '—')}</dd>
          </div>
          <div className="fact">
            <dt>Agreement</dt>
            <dd className="mono">{anomaly.agreement_id ?? '—'}</dd>
          </div>
          <div className="fact">
            <dt>Owner</dt>
            <dd>{anomaly.owner ?? '—'}</dd>
          </div>
          <div className="fact">
            <dt>Invoice</dt>
            <dd>
              {anomaly.invoice_id ? (
                <a
                  href={hrefFor({ name: 'invoice', invoiceId: anomaly.invoice_id, lineKey: anomaly.line_key, anomalyId: anomaly.line_key ? anomaly.anomaly_id : null })}
                  data-testid="anomaly-invoice-link"
                >
                  {anomaly.invoice_id}
                </a>
              ) : (
                '—'
              )}
              {anomaly.invoice_status ? <span className="muted"> · {anomaly.invoice_status}</span> : null}
            </dd>
          </div>
          {anomaly.person ? (
            <div className="fact">
              <dt>Person</dt>
              <dd>{anomaly.person}</dd>
            </div>
          ) : null}
        </dl>

        <div className="anomaly-actions">
          {anomaly.status === 'open' ? (
            mode ? (
              <form
                className="form-stack"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (text.trim()) void act(mode);
                }}
              >
                <label className="label" htmlFor="anomaly-note">
                  {mode === 'acknowledge' ? 'Note (what you checked, recorded in the audit trail)' : 'Why this is expected (recorded in the audit trail)'}
                </label>
                <textarea id="anomaly-note" className="input textarea" rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} autoFocus data-testid="anomaly-note" />
                <div className="field-row">
                  <button type="submit" className="btn btn-primary btn-sm" disabled={busy || !text.trim()} data-testid="anomaly-confirm">
                    {mode === 'acknowledge' ? 'Acknowledge' : 'Dismiss'}
                  </button>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => setMode(null)}>
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <div className="field-row">
                <button type="button" className="btn btn-sm" onClick={() => setMode('acknowledge')} data-testid="anomaly-acknowledge">
                  Acknowledge…
                </button>
                <button type="button" className="btn btn-sm" onClick={() => setMode('dismiss')} data-testid="anomaly-dismiss">
                  Dismiss as expected…
                </button>
              </div>
            )
          ) : (
            <button type="button" className="btn btn-sm" onClick={() => void act('reopen')} disabled={busy}>
              Reopen
            </button>
          )}
        </div>

        <h3 className="section-title">
          Rows behind it{' '}
          <span className="muted">
            {sources.data ? formatCount(total) : ''}
          </span>
        </h3>
        {sources.data?.agreements.length ? (
          <ul className="plain-list" data-testid="anomaly-agreements">
            {sources.data.agreements.map((a) => (
              <li key={a.agreement_id}>
                Agreement <span className="mono">{a.agreement_id}</span> ({a.start_date} – {a.end_date ?? 'open'}) from <span className="mono">{a.file}</span> line {a.line}
              </li>
            ))}
          </ul>
        ) : null}
        {sources.error ? (
          <ErrorState message={sources.error.message} onRetry={() => void sources.refetch()} />
        ) : total > 0 || sources.isFetching ? (
          <SourceRowsGrid
            rows={rows}
            loading={sources.isFetching}
            hours={hours}
            sort={sort}
            onSort={(next) => {
              setSort(next);
              setOffset(0);
            }}
            testId="anomaly-sources"
          />
        ) : (
          <p className="muted">{sources.data?.agreements.length ? 'The finding is about the agreements above.' : 'The rule linked no rows to this finding.'}</p>
        )}
      </div>
    </Drawer>
  );
}
