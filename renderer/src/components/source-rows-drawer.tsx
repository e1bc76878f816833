/**
 * The usage records or time entries one line was computed from, 100 per page,
 * sorted on the server, exportable; opened from an anomaly, its rows are
 * flagged. On a draft of an open period a reviewer can exclude a row from
 * billing with a reason (or include it again); excluded rows stay listed, marked.
 *
 * The invoice page keeps this drawer mounted, hidden while no line is open
 * (`line` null): creating its grid is most of the cost of opening it, so the
 * grid is built once and each line only shows it with that line's rows.
 */
import { useId, useState } from 'react';
import type { InvoiceLineDetail, SourceRow } from '../../../shared/api';
import { useApi, useApiMutation } from '../data/use-api';
import { useChangePreview } from '../hooks/use-change-preview';
import { useAppState } from '../state/app-state';
import { formatCount, groupDigits, plural } from '../lib/format';
import { useToast } from '../state/toasts';
import { ChangePreview } from './change-preview';
import { Drawer } from './drawer';
import { ErrorState } from './page-states';
import { DEFAULT_SOURCE_SORT, ExportCsvButton, Pager, SourceRowsGrid, type SourceSort } from './source-rows-grid';

const PAGE = 100;

export function SourceRowsDrawer({
  line,
  anomalyId = null,
  corrections = false,
  onClose,
}: {
  /** the open line; null keeps the drawer mounted and hidden */
  line: InvoiceLineDetail | null;
  anomalyId?: string | null;
  /** offer "Exclude from billing" per row (a draft in an open period) */
  corrections?: boolean;
  onClose: () => void;
}) {
  const { client } = useAppState();
  const [target, setTarget] = useState<SourceRow | null>(null);
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SourceSort>(DEFAULT_SOURCE_SORT);
  // Another line (or none) starts on its first page, in time order, with no row being excluded: reset while rendering.
  const lineId = line?.line_id ?? null;
  const [shownLine, setShownLine] = useState(lineId);
  if (shownLine !== lineId) {
    setShownLine(lineId);
    setTarget(null);
    setOffset(0);
    setSort(DEFAULT_SOURCE_SORT);
  }
  const order = { sort: sort.column, desc: sort.desc, ...(anomalyId ? { anomaly_id: anomalyId } : {}) };
  // The line's source_count is the total (counted by invoices.get): the server skips counting a million rows again for each page.
  const query = useApi('lines.sources', line ? { line_id: line.line_id, offset, limit: PAGE, count: false, ...order } : null);
  const total = line?.source_count ?? 0;
  const hours = line?.source_kind === 'hours';
  const flagged = query.data?.flagged;
  return (
    <Drawer
      testId="sources-drawer"
      open={line !== null}
      title={line?.description ?? ''}
      subtitle={line ? `${formatCount(total)} ${hours ? 'time entries' : line.rollup_count ? `source rows (${formatCount(line.rollup_count)} of them daily usage rollups)` : 'usage records'} priced into this line · quantity ${groupDigits(line.quantity)} · amount ${groupDigits(line.amount)}` : null}
      onClose={onClose}
      footer={
        line ? (
          <>
            <Pager offset={offset} pageSize={PAGE} total={total} loading={query.isFetching} onOffset={setOffset} testId="sources-range" />
            <ExportCsvButton load={() => client.call('lines.sourcesCsv', { line_id: line.line_id, ...order })} testId="sources-export" />
          </>
        ) : null
      }
    >
      {anomalyId && flagged !== undefined ? (
        <p className="flag-note" data-testid="sources-flagged">
          ⚑ {flagged === 0 ? 'The anomaly points at none of these rows.' : `${plural(flagged, 'row')} flagged by the anomaly.`}{' '}
          {flagged > 0 && sort.column !== 'flagged' ? (
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => {
                setSort({ column: 'flagged', desc: true });
                setOffset(0);
              }}
              data-testid="sources-flagged-first"
            >
              Show flagged first
            </button>
          ) : null}
        </p>
      ) : null}
      {target ? <ExclusionForm row={target} onDone={() => setTarget(null)} /> : null}
      {query.error ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : (
        <SourceRowsGrid
          rows={query.data?.rows ?? null}
          loading={query.isFetching}
          hours={hours}
          flagged={anomalyId !== null}
          {...(corrections ? { onExclusion: setTarget } : {})}
          sort={sort}
          onSort={(next) => {
            setSort(next);
            setOffset(0);
          }}
        />
      )}
    </Drawer>
  );
}

/** Excluding a row needs a reason; including it again takes an optional one. Either re-rates the draft. */
function ExclusionForm({ row, onDone }: { row: SourceRow; onDone: () => void }) {
  const toast = useToast();
  const exclude = useApiMutation('corrections.exclude');
  const include = useApiMutation('corrections.include');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const { impact, previewing, preview, clear } = useChangePreview();
  const including = row.excluded !== undefined;
  const what = `${row.source_kind === 'hours' ? 'Time entry' : 'Usage record'} ${row.id} (${row.file}:${row.line}, ${groupDigits(row.quantity)})`;

  // Rollup rows offer no exclusion (source-rows-grid.tsx): only usage records and time entries get here.
  const args = () => ({ source_kind: row.source_kind === 'hours' ? ('hours' as const) : ('usage' as const), source_id: row.id, reason: reason.trim() });

  async function showPreview() {
    setError(null);
    const refused = await preview({ method: including ? 'corrections.include' : 'corrections.exclude', args: args() });
    if (refused) setError(refused);
  }

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const done = including ? await include.mutateAsync(args()) : await exclude.mutateAsync(args());
      clear();
      toast.success(`${what} ${including ? 'is billed again' : 'is no longer billed'}; ${plural(done.invoice_ids.length, 'invoice')} re-rated.`, including ? 'Included again' : 'Excluded from billing');
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card card-body form-stack"
      data-testid="exclusion-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy && !previewing && !impact && (including || reason.trim().length >= 3)) void showPreview();
      }}
    >
      <strong>{including ? `Include ${what} in billing again` : `Exclude ${what} from billing`}</strong>
      {including && row.excluded ? (
        <span className="muted small">
          Excluded by {row.excluded.actor}: {row.excluded.reason}
        </span>
      ) : null}
      <label className="label" htmlFor={id}>
        {including ? 'Reason (optional, recorded in the audit trail)' : 'Reason (recorded in the audit trail)'}
      </label>
      <input id={id} className="input" value={reason} maxLength={2000} onChange={(e) => {
          clear();
          setReason(e.target.value);
        }}
        placeholder={including ? '' : 'Meter reported bytes, not calls'} data-testid="exclusion-reason" />
      {error ? (
        <div className="field-error" role="alert" data-testid="exclusion-error">
          {error}
        </div>
      ) : null}
      <div className="field-row">
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy || previewing || impact !== null || (!including && reason.trim().length < 3)} data-testid="exclusion-confirm">
          {previewing ? 'Previewing…' : 'Preview'}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
      {impact ? (
        <ChangePreview
          title={including ? 'Include this row again?' : 'Exclude this row from billing?'}
          impact={impact}
          confirmLabel={busy ? 'Re-rating…' : including ? 'Include again' : 'Exclude from billing'}
          onConfirm={() => void submit()}
          onCancel={clear}
          busy={busy}
        />
      ) : null}
    </form>
  );
}
