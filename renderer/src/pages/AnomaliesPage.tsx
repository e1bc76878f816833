/** The period's anomaly findings: a chart by rule and the full list in a grid. */
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useState } from 'react';
import type { AnomalySummary } from '../../../shared/api';
import { SEVERITIES } from '../../../shared/domain';
import { AnomalyChart } from '../components/AnomalyChart';
import { Icon } from '../components/Icon';
import { ErrorState, LoadingState, MessageState } from '../components/PageStates';
import { useApiQuery } from '../hooks/useApiQuery';
import { hrefFor, navigate } from '../hooks/useHashRoute';
import { formatCount, humanize, periodLabel } from '../lib/format';
import { gridTheme } from '../lib/grid-theme';
import { useAppState } from '../state/app-state';

export function AnomaliesPage() {
  const { period, status } = useAppState();
  if (!status) return <LoadingState />;
  if (!period) {
    return (
      <div className="page">
        <MessageState icon="anomalies" title="No data yet" action={<a className="btn" href={hrefFor({ name: 'invoices', period: null })}>Get started</a>}>
          Anomalies appear once a period has been rated.
        </MessageState>
      </div>
    );
  }
  return <PeriodAnomalies period={period} rated={status.ratedPeriods.includes(period)} />;
}

function PeriodAnomalies({ period, rated }: { period: string; rated: boolean }) {
  const query = useApiQuery('anomalies.list', { period });
  const [quickFilter, setQuickFilter] = useState('');
  const rows = query.data ?? [];
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, rows.filter((r) => r.severity === s).length])) as Record<(typeof SEVERITIES)[number], number>;

  const columns = useMemo<ColDef<AnomalySummary>[]>(
    () => [
      {
        field: 'severity',
        headerName: 'Severity',
        width: 110,
        comparator: (a: string, b: string) => SEVERITIES.indexOf(a as never) - SEVERITIES.indexOf(b as never),
        sort: 'asc',
        cellRenderer: (p: ICellRendererParams<AnomalySummary, string>) => <span className={`sev-pill sev-${p.value}`}>{p.value}</span>,
      },
      { field: 'rule', headerName: 'Rule', flex: 1.2, minWidth: 150, cellClass: 'mono' },
      { field: 'message', headerName: 'Finding', flex: 3, minWidth: 240, wrapText: true, autoHeight: true, cellClass: 'cell-wrap' },
      { field: 'status', headerName: 'Status', width: 116, valueFormatter: (p) => humanize(String(p.value ?? '')) },
      { field: 'account_id', headerName: 'Account', flex: 0.8, minWidth: 96, valueFormatter: (p) => (p.value as string | null) ?? '—' },
      { field: 'agreement_id', headerName: 'Agreement', flex: 0.8, minWidth: 96, cellClass: 'mono', valueFormatter: (p) => (p.value as string | null) ?? '—' },
      { field: 'person', headerName: 'Person', flex: 0.8, minWidth: 90, valueFormatter: (p) => (p.value as string | null) ?? '—' },
      {
        field: 'invoice_id',
        headerName: 'Invoice',
        width: 92,
        sortable: false,
        filter: false,
        cellRenderer: (p: ICellRendererParams<AnomalySummary, string | null>) =>
          p.value ? (
            <a href={hrefFor({ name: 'invoice', invoiceId: p.value, lineId: null })} aria-label={`Open the invoice of ${p.data?.account_id ?? ''}`}>
              Open <Icon name="chevronRight" size={12} />
            </a>
          ) : (
            <span className="muted">—</span>
          ),
      },
    ],
    [],
  );

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Anomalies</h1>
          <p className="page-subtitle">
            {periodLabel(period)} ·{' '}
            {query.data
              ? `${formatCount(counts.error)} errors, ${formatCount(counts.warning)} warnings, ${formatCount(counts.info)} info`
              : 'loading…'}
          </p>
        </div>
      </header>
      {query.error ? (
        <div className="card">
          <ErrorState message={query.error} onRetry={query.reload} />
        </div>
      ) : query.loading && !query.data ? (
        <div className="card">
          <LoadingState />
        </div>
      ) : rows.length === 0 ? (
        <div className="card">
          <MessageState icon={rated ? 'check' : 'anomalies'} title={rated ? 'No anomalies in this period' : `${periodLabel(period)} has not been rated yet`}>
            {rated ? 'Every rule passed.' : 'Rate the period on the Invoices page to run the anomaly checks.'}
          </MessageState>
        </div>
      ) : (
        <>
          <section className="card" aria-label="Anomalies by rule">
            <div className="card-header">
              <h2 className="card-title">By rule</h2>
              <span className="card-subtitle">top {Math.min(10, new Set(rows.map((r) => r.rule)).size)} rules</span>
            </div>
            <AnomalyChart anomalies={rows} />
          </section>
          <section className="card grid-card" aria-label="Anomaly list">
            <div className="grid-toolbar">
              <div className="search">
                <Icon name="search" size={14} />
                <input className="input" type="search" placeholder="Search findings…" aria-label="Search anomalies" value={quickFilter} onChange={(e) => setQuickFilter(e.target.value)} />
              </div>
              <div className="topbar-spacer" />
              <span className="grid-count">{formatCount(rows.length)} findings</span>
            </div>
            <div className="grid-host" data-testid="anomaly-grid">
              <AgGridReact<AnomalySummary>
                theme={gridTheme}
                rowData={rows}
                columnDefs={columns}
                defaultColDef={{ sortable: true, filter: true, resizable: true }}
                getRowId={(p) => p.data.anomaly_id}
                quickFilterText={quickFilter}
                onCellKeyDown={(e) => {
                  const key = (e.event as KeyboardEvent | null)?.key;
                  if (key === 'Enter' && e.data?.invoice_id) navigate({ name: 'invoice', invoiceId: e.data.invoice_id, lineId: null });
                }}
                tooltipShowDelay={400}
              />
            </div>
          </section>
        </>
      )}
    </div>
  );
}
