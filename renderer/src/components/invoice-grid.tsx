/**
 * The period's invoices in AG Grid: sortable, filterable, searchable, keyboard
 * navigable; click or Enter opens one; checkboxes select for bulk actions.
 * Rows are tinted by their worst open anomaly. Filters from a link (status,
 * severity, owner, account) apply on top of the grid's own.
 */
import type { CellKeyDownEvent, ColDef, GridApi, ICellRendererParams, IRowNode, RowClickedEvent, RowClassParams, ValueFormatterParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { InvoiceFilter } from '../hooks/use-hash-route';
import { matchesFilter } from '../lib/filters';
import type { InvoiceSummary } from '../../../shared/api';
import { groupDigits, groupedLength, formatCount, plural } from '../lib/format';
import { gridTheme } from '../lib/grid-theme';
import { compareDecimalText } from '../lib/money-compare';
import { Icon } from './icon';
import { SeverityBadges, severityText } from './severity-badges';
import { StatusChip } from './status-chip';

type Row = InvoiceSummary;

/**
 * The width a money cell needs for an amount of `chars` grouped characters (tabular digits at the
 * grid's size, semibold, and the cell's padding), so that no amount is ever cut off: an amount shown
 * as "8,093,212…" is a wrong figure to a reader.
 */
const moneyWidth = (chars: number) => Math.ceil(chars * 6.8 + 26);

function moneyColumn(field: keyof Pick<Row, 'subtotal' | 'discount' | 'tax' | 'total' | 'amount_due'>, headerName: string, longest: number, strong = false): ColDef<Row> {
  return {
    field,
    headerName,
    type: 'rightAligned',
    flex: strong ? 1.1 : 1,
    // Minimum widths add up to what fits beside the folded sidebar at 1,024 px (styles/responsive.css): no column
    // off-screen, unless an amount needs more room; then the grid scrolls sideways rather than cut the amount.
    minWidth: Math.max(strong ? 92 : field === 'subtotal' ? 88 : 80, moneyWidth(longest)),
    // The column type's right alignment class is kept: a cellClass here replaces the type's.
    cellClass: strong ? ['ag-right-aligned-cell', 'cell-money', 'cell-strong'] : ['ag-right-aligned-cell', 'cell-money'],
    valueFormatter: (p: ValueFormatterParams<Row, string>) => (p.value == null ? '' : groupDigits(p.value)),
    comparator: (a: string, b: string) => compareDecimalText(a, b),
    filter: 'agNumberColumnFilter',
    // Filtering compares numbers; what is shown and sorted stays the exact string.
    filterValueGetter: (p) => Number(p.data?.[field] ?? 0),
  };
}

const anomalyWeight = (a: Row['anomalies']) => a.error * 1_000_000 + a.warning * 1_000 + a.info;

export function worstOpen(a: Row['anomalies']): 'error' | 'warning' | 'info' | null {
  return a.error ? 'error' : a.warning ? 'warning' : a.info ? 'info' : null;
}

function ChangeCell({ row }: { row: Row }) {
  if (row.change === null) return <span className="muted" title="No invoice in the previous period">new</span>;
  const negative = row.change.startsWith('-');
  const zero = /^-?0(\.0+)?$/.test(row.change);
  return (
    <span className={zero ? 'muted' : negative ? 'change-down' : 'change-up'} title={`Previous period: ${groupDigits(row.previous_total ?? '0')}`}>
      {zero ? '±0' : `${negative ? '' : '+'}${groupDigits(row.change)}`}
      {row.change_percent && !zero ? <span className="change-pct"> {negative ? '' : '+'}{row.change_percent}%</span> : null}
    </span>
  );
}

export function InvoiceGrid({
  invoices,
  onOpen,
  filter = {},
  onSelectionChange,
  clearSelection = 0,
  toolbar,
}: {
  invoices: Row[];
  onOpen: (invoiceId: string) => void;
  filter?: InvoiceFilter;
  onSelectionChange?: (rows: Row[]) => void;
  /** a counter: each change clears the selection (after a bulk action, the rows it acted on are done) */
  clearSelection?: number;
  /** extra controls at the toolbar's right (bulk actions) */
  toolbar?: ReactNode;
}) {
  const [quickFilter, setQuickFilter] = useState('');
  const [api, setApi] = useState<GridApi<Row> | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    api?.onFilterChanged();
  }, [api, filterKey]);
  useEffect(() => {
    if (clearSelection > 0) api?.deselectAll();
  }, [api, clearSelection]);

  // The longest amount shown (grouped), so the money columns are never narrower than it.
  const longest = useMemo(
    () => invoices.reduce((n, r) => Math.max(n, groupedLength(r.subtotal), groupedLength(r.discount), groupedLength(r.tax), groupedLength(r.total), groupedLength(r.amount_due)), 0),
    [invoices],
  );
  const columns = useMemo<ColDef<Row>[]>(
    () => [
      {
        field: 'status',
        headerName: 'Status',
        width: 104,
        minWidth: 96,
        cellRenderer: (p: ICellRendererParams<Row, Row['status']>) =>
          p.value ? (
            <span className="cell-status">
              <StatusChip status={p.value} />
              {p.data?.on_hold ? (
                <span className="hold-mark" title="On hold" aria-label="On hold">
                  <Icon name="pause" size={12} />
                </span>
              ) : null}
              {p.data?.document_type === 'credit_note' ? <span className="cn-mark" title="Credit note">CN</span> : null}
            </span>
          ) : null,
      },
      {
        colId: 'account',
        headerName: 'Account',
        headerTooltip: 'Account name, account id and agreement',
        valueGetter: (p) => (p.data ? `${p.data.account_name} ${p.data.account_id} ${p.data.agreement_id}` : ''),
        comparator: (_a, _b, nodeA, nodeB) => (nodeA.data?.account_name ?? '').localeCompare(nodeB.data?.account_name ?? ''),
        flex: 2.6,
        minWidth: 130,
        cellRenderer: (p: ICellRendererParams<Row>) =>
          p.data ? (
            <div className="cell-account">
              <span className="name" title={p.data.account_name}>
                {p.data.account_name}
              </span>
              <span className="id">
                {p.data.account_id} · <span title="Agreement">{p.data.agreement_id}</span>
              </span>
            </div>
          ) : null,
      },
      { field: 'owner', headerName: 'Owner', flex: 1, minWidth: 64, tooltipField: 'owner', valueFormatter: (p: ValueFormatterParams<Row, string | null>) => p.value ?? '—' },
      { field: 'currency', headerName: 'Ccy', width: 56, minWidth: 52, headerTooltip: 'Currency' },
      moneyColumn('subtotal', 'Subtotal', longest),
      { ...moneyColumn('discount', 'Discount', longest), hide: true },
      { ...moneyColumn('tax', 'Tax', longest), hide: true },
      moneyColumn('total', 'Total', longest, true),
      {
        colId: 'change',
        headerName: 'Change',
        headerTooltip: 'Total against the same agreement in the previous period',
        type: 'rightAligned',
        flex: 1.4,
        minWidth: 104,
        cellClass: ['ag-right-aligned-cell', 'cell-money'],
        valueGetter: (p) => p.data?.change ?? null,
        comparator: (a: string | null, b: string | null) => compareDecimalText(a ?? '0', b ?? '0'),
        filter: 'agNumberColumnFilter',
        filterValueGetter: (p) => Number(p.data?.change ?? 0),
        cellRenderer: (p: ICellRendererParams<Row>) => (p.data ? <ChangeCell row={p.data} /> : null),
      },
      { ...moneyColumn('amount_due', 'Amount due', longest, true), minWidth: Math.max(96, moneyWidth(longest)) },
      {
        colId: 'anomalies',
        headerName: 'Anomalies',
        width: 108,
        minWidth: 100,
        valueGetter: (p) => (p.data ? severityText(p.data.anomalies) : ''),
        comparator: (_a, _b, nodeA, nodeB) =>
          anomalyWeight(nodeA.data?.anomalies ?? { error: 0, warning: 0, info: 0 }) -
          anomalyWeight(nodeB.data?.anomalies ?? { error: 0, warning: 0, info: 0 }),
        cellRenderer: (p: ICellRendererParams<Row>) => (p.data ? <SeverityBadges counts={p.data.anomalies} /> : null),
      },
    ],
    [longest],
  );

  const defaultColDef = useMemo<ColDef<Row>>(() => ({ sortable: true, filter: true, resizable: true, suppressHeaderMenuButton: false }), []);

  const updateCount = useCallback((gridApi: GridApi<Row>) => setShown(gridApi.getDisplayedRowCount()), []);

  const onRowClicked = useCallback(
    (e: RowClickedEvent<Row>) => {
      // A click on the selection checkbox selects; anywhere else on the row opens the invoice.
      const target = e.event?.target as HTMLElement | null;
      if (target?.closest('.ag-selection-checkbox, .ag-cell[col-id="ag-Grid-SelectionColumn"]')) return;
      if (e.data) onOpen(e.data.invoice_id);
    },
    [onOpen],
  );
  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<Row>) => {
      const key = (e.event as KeyboardEvent | null)?.key;
      if (key === 'Enter' && e.data) onOpen(e.data.invoice_id);
    },
    [onOpen],
  );

  // `filter` is the route's own object, new only when the address changes (App passes a shared empty one), so these change with it.
  const isExternalFilterPresent = useCallback(() => Object.keys(filter).length > 0, [filter]);
  const doesExternalFilterPass = useCallback((node: IRowNode<Row>) => (node.data ? matchesFilter(node.data, filter) : false), [filter]);
  const rowClass = useCallback((p: RowClassParams<Row>) => {
    const worst = p.data ? worstOpen(p.data.anomalies) : null;
    return worst && worst !== 'info' ? ['clickable-row', `row-sev-${worst}`] : 'clickable-row';
  }, []);

  const total = invoices.length;
  const visible = shown ?? total;

  return (
    <section className="card grid-card" aria-label="Invoices">
      <div className="grid-toolbar">
        <div className="search">
          <Icon name="search" size={14} />
          <input
            className="input"
            type="search"
            placeholder="Search account, agreement, owner…"
            aria-label="Search invoices"
            value={quickFilter}
            onChange={(e) => setQuickFilter(e.target.value)}
          />
        </div>
        {api && (quickFilter || api.isAnyFilterPresent()) ? (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => {
              setQuickFilter('');
              api.setFilterModel(null);
            }}
          >
            Clear filters
          </button>
        ) : null}
        <div className="topbar-spacer" />
        <span className="grid-count" data-testid="row-count" aria-live="polite">
          {visible === total ? plural(total, 'invoice') : `${formatCount(visible)} of ${plural(total, 'invoice')}`}
        </span>
        {toolbar}
      </div>
      <div className="grid-host grid-host-tall" data-testid="invoice-grid">
        <AgGridReact<Row>
          theme={gridTheme}
          rowData={invoices}
          columnDefs={columns}
          defaultColDef={defaultColDef}
          getRowId={(p) => p.data.invoice_id}
          quickFilterText={quickFilter}
          onGridReady={(e) => {
            setApi(e.api);
            updateCount(e.api);
          }}
          onModelUpdated={(e) => updateCount(e.api)}
          onRowClicked={onRowClicked}
          onCellKeyDown={onCellKeyDown}
          getRowClass={rowClass}
          isExternalFilterPresent={isExternalFilterPresent}
          doesExternalFilterPass={doesExternalFilterPass}
          rowSelection={onSelectionChange ? { mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false, selectAll: 'filtered' } : undefined}
          onSelectionChanged={(e) => onSelectionChange?.(e.api.getSelectedRows())}
          animateRows={false}
          suppressCellFocus={false}
          enableCellTextSelection={false}
          tooltipShowDelay={400}
          overlayNoRowsTemplate='<span class="muted">No invoices match.</span>'
        />
      </div>
    </section>
  );
}
