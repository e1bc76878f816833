/**
 * The anomalies explorer: every finding of the period, filtered by rule,
 * severity, status and owner (from the controls or a link), a chart by rule,
 * bulk acknowledge, and each finding's drawer with its source rows.
 */
import type { ColDef, ICellRendererParams, IRowNode } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AnomalyRow } from '../../../shared/api';
import { SEVERITIES } from '../../../shared/domain';
import { AnomalyChart, type RuleCount } from '../components/anomaly-chart';
import { AnomalyDrawer } from '../components/anomaly-drawer';
import { Icon } from '../components/icon';
import { ErrorState, LoadingState, MessageState } from '../components/page-states';
import { PeriodGate } from '../components/period-gate';
import { ReasonDrawer } from '../components/reason-drawer';
import { useApi, useApiMutation } from '../data/use-api';
import { hrefFor, navigate, type AnomalyFilter } from '../hooks/use-hash-route';
import { formatCount, humanize, periodLabel, plural } from '../lib/format';
import { OPEN_SEVERITY_LABEL, openFindings } from '../lib/review-figures';
import { matchesAnomalyFilter, NO_OWNER } from '../lib/filters';
import { gridTheme } from '../lib/grid-theme';
import { useToast } from '../state/toasts';

export function AnomaliesPage({ filter }: { filter: AnomalyFilter }) {
  return <PeriodGate title="Anomalies">{(period) => <Explorer period={period} filter={filter} />}</PeriodGate>;
}

const STATUSES = ['open', 'acknowledged', 'dismissed'] as const;
function FilterSelect({ label, value, options, onChange }: { label: string; value: string | undefined; options: { value: string; label: string }[]; onChange: (value: string | undefined) => void }) {
  return (
    <select className="select" aria-label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">All {label.toLowerCase()}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function Explorer({ period, filter }: { period: string; filter: AnomalyFilter }) {
  const toast = useToast();
  const query = useApi('anomalies.explore', { period });
  const acknowledge = useApiMutation('anomalies.acknowledgeMany');
  const [quickFilter, setQuickFilter] = useState('');
  const [selected, setSelected] = useState<AnomalyRow[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [bulk, setBulk] = useState(false);
  const rows = useMemo(() => query.data ?? [], [query.data]);
  const shown = useMemo(() => rows.filter((r) => matchesAnomalyFilter(r, filter)), [rows, filter]);
  const setFilter = useCallback((patch: Partial<AnomalyFilter>) => navigate({ name: 'anomalies', period, filter: { ...filter, ...patch } }, { replace: true }), [period, filter]);

  const byRule = useMemo<RuleCount[]>(() => {
    const map = new Map<string, RuleCount>();
    for (const r of rows.filter((row) => matchesAnomalyFilter(row, { ...filter, rule: undefined }))) {
      const c = map.get(r.rule) ?? { rule: r.rule, error: 0, warning: 0, info: 0 };
      c[r.severity] += 1;
      map.set(r.rule, c);
    }
    return [...map.values()];
  }, [rows, filter]);
  const owners = useMemo(() => [...new Set(rows.map((r) => r.owner ?? NO_OWNER))].sort(), [rows]);
  const rules = useMemo(() => [...new Set(rows.map((r) => r.rule))].sort(), [rows]);

  const columns = useMemo<ColDef<AnomalyRow>[]>(
    () => [
      {
        field: 'severity',
        headerName: 'Severity',
        width: 118,
        comparator: (a: string, b: string) => SEVERITIES.indexOf(a as never) - SEVERITIES.indexOf(b as never),
        sort: 'asc',
        cellRenderer: (p: ICellRendererParams<AnomalyRow, string>) => <span className={`sev-pill sev-${p.value}`}>{p.value}</span>,
      },
      { field: 'rule', headerName: 'Rule', width: 170, cellClass: 'mono' },
      { field: 'message', headerName: 'Finding', flex: 3, minWidth: 260, wrapText: true, autoHeight: true, cellClass: 'cell-wrap' },
      { field: 'status', headerName: 'Status', width: 116, valueFormatter: (p) => humanize(String(p.value ?? '')), tooltipField: 'status_note' },
      { field: 'account_name', headerName: 'Account', width: 140, valueGetter: (p) => p.data?.account_name ?? p.data?.account_id ?? '—' },
      { field: 'owner', headerName: 'Owner', width: 110, valueFormatter: (p) => (p.value as string | null) ?? '—' },
      {
        field: 'source_count',
        headerName: 'Rows',
        width: 84,
        type: 'rightAligned',
        valueFormatter: (p) => (p.value ? formatCount(p.value as number) : '—'),
      },
      {
        field: 'invoice_id',
        headerName: 'Invoice',
        width: 92,
        sortable: false,
        filter: false,
        cellRenderer: (p: ICellRendererParams<AnomalyRow, string | null>) =>
          p.value ? (
            <a href={hrefFor({ name: 'invoice', invoiceId: p.value, lineKey: p.data?.line_key ?? null })} onClick={(e) => e.stopPropagation()} aria-label={`Open the invoice of ${p.data?.account_id ?? ''}`}>
              Open <Icon name="chevronRight" size={12} />
            </a>
          ) : (
            <span className="muted">—</span>
          ),
      },
    ],
    [],
  );
  const filterKey = JSON.stringify(filter);
  const [gridApi, setGridApi] = useState<import('ag-grid-community').GridApi<AnomalyRow> | null>(null);
  useEffect(() => gridApi?.onFilterChanged(), [gridApi, filterKey]);

  async function acknowledgeMany(note: string): Promise<string | null> {
    const ids = selected.filter((a) => a.status === 'open').map((a) => a.anomaly_id);
    try {
      const r = await acknowledge.mutateAsync({ anomaly_ids: ids, note });
      toast.success(`${plural(r.acknowledged, 'finding')} acknowledged.`, 'Recorded in the audit trail');
      setBulk(false);
      gridApi?.deselectAll();
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  // the period's open findings, whatever the filter: the same figures as the dashboard's "Open errors" etc.
  const open = openFindings(rows);
  const current = openId ? rows.find((r) => r.anomaly_id === openId) ?? null : null;
  const openSelected = selected.filter((a) => a.status === 'open').length;
  const anyFilter = Object.values(filter).some(Boolean);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Anomalies</h1>
          <p className="page-subtitle">
            {periodLabel(period)} ·{' '}
            {query.data ? (
              <span data-testid="anomaly-open-counts">
                {SEVERITIES.map((s) => `${OPEN_SEVERITY_LABEL[s]}: ${formatCount(open[s])}`).join(' · ')} · {formatCount(rows.length)} findings in all
              </span>
            ) : (
              'loading…'
            )}
          </p>
        </div>
      </header>
      {query.error ? (
        <div className="card">
          <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
        </div>
      ) : query.isPending ? (
        <div className="card">
          <LoadingState />
        </div>
      ) : rows.length === 0 ? (
        <div className="card">
          <MessageState icon="check" title="No anomalies in this period">
            Every rule passed.
          </MessageState>
        </div>
      ) : (
        <>
          <section className="card" aria-label="Anomalies by rule">
            <div className="card-header">
              <h2 className="card-title">By rule</h2>
              <span className="card-subtitle">{filter.rule ? `showing ${filter.rule} · click it again for all rules` : 'click a rule to filter'}</span>
            </div>
            <AnomalyChart byRule={byRule} onPick={(rule) => setFilter({ rule: filter.rule === rule ? undefined : rule })} />
          </section>
          <section className="card grid-card" aria-label="Anomaly list">
            <div className="grid-toolbar" style={{ flexWrap: 'wrap' }}>
              <div className="search">
                <Icon name="search" size={14} />
                <input className="input" type="search" placeholder="Search findings…" aria-label="Search anomalies" value={quickFilter} onChange={(e) => setQuickFilter(e.target.value)} />
              </div>
              <FilterSelect label="Rules" value={filter.rule} options={rules.map((r) => ({ value: r, label: r }))} onChange={(rule) => setFilter({ rule })} />
              <FilterSelect label="Severities" value={filter.severity} options={SEVERITIES.map((s) => ({ value: s, label: humanize(s) }))} onChange={(severity) => setFilter({ severity })} />
              <FilterSelect label="Statuses" value={filter.status} options={STATUSES.map((s) => ({ value: s, label: humanize(s) }))} onChange={(status) => setFilter({ status })} />
              <FilterSelect label="Owners" value={filter.owner} options={owners.map((o) => ({ value: o, label: o }))} onChange={(owner) => setFilter({ owner })} />
              <div className="topbar-spacer" />
              <span className="grid-count" data-testid="anomaly-count">
                {anyFilter ? `${formatCount(shown.length)} of ${formatCount(rows.length)} findings` : `${formatCount(rows.length)} findings`}
              </span>
              {selected.length ? (
                <div className="bulk-bar">
                  <span className="grid-count">{formatCount(selected.length)} selected</span>
                  <button type="button" className="btn btn-sm btn-primary" disabled={openSelected === 0} onClick={() => setBulk(true)} data-testid="bulk-acknowledge">
                    Acknowledge {openSelected || ''}
                  </button>
                </div>
              ) : null}
            </div>
            <div className="grid-host grid-host-tall" data-testid="anomaly-grid">
              <AgGridReact<AnomalyRow>
                theme={gridTheme}
                rowData={rows}
                columnDefs={columns}
                defaultColDef={{ sortable: true, filter: true, resizable: true }}
                getRowId={(p) => p.data.anomaly_id}
                quickFilterText={quickFilter}
                isExternalFilterPresent={() => anyFilter}
                doesExternalFilterPass={(node: IRowNode<AnomalyRow>) => (node.data ? matchesAnomalyFilter(node.data, filter) : false)}
                onGridReady={(e) => setGridApi(e.api)}
                rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false, selectAll: 'filtered' }}
                onSelectionChanged={(e) => setSelected(e.api.getSelectedRows())}
                onRowClicked={(e) => {
                  const target = e.event?.target as HTMLElement | null;
                  if (target?.closest('.ag-selection-checkbox, a')) return;
                  if (e.data) setOpenId(e.data.anomaly_id);
                }}
                onCellKeyDown={(e) => {
                  const key = (e.event as KeyboardEvent | null)?.key;
                  if (key === 'Enter' && e.data) setOpenId(e.data.anomaly_id);
                }}
                rowClass="clickable-row"
                tooltipShowDelay={400}
              />
            </div>
          </section>
        </>
      )}
      {current ? <AnomalyDrawer anomaly={current} onClose={() => setOpenId(null)} /> : null}
      {bulk ? (
        <ReasonDrawer
          title={`Acknowledge ${plural(openSelected, 'finding')}`}
          label="Note (what you checked; recorded for each finding)"
          confirm="Acknowledge"
          minLength={1}
          testId="bulk-ack-drawer"
          onClose={() => setBulk(false)}
          onConfirm={acknowledgeMany}
        />
      ) : null}
    </div>
  );
}
