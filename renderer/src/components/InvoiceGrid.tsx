/** The period's invoices in AG Grid: sortable, filterable, searchable; click or Enter opens one. */
import type { CellKeyDownEvent, ColDef, GridApi, ICellRendererParams, RowClickedEvent, ValueFormatterParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useMemo, useState } from 'react';
import type { InvoiceSummary } from '../../../shared/api';
import { groupDigits, formatCount } from '../lib/format';
import { gridTheme } from '../lib/grid-theme';
import { compareDecimalText } from '../lib/money-compare';
import { Icon } from './Icon';
import { SeverityBadges, severityText } from './SeverityBadges';
import { StatusChip } from './StatusChip';

type Row = InvoiceSummary;

function moneyColumn(field: keyof Pick<Row, 'subtotal' | 'discount' | 'tax' | 'total' | 'amount_due'>, headerName: string, strong = false): ColDef<Row> {
  return {
    field,
    headerName,
    type: 'rightAligned',
    flex: strong ? 1.1 : 1,
    minWidth: strong ? 100 : field === 'subtotal' ? 96 : 80,
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

export function InvoiceGrid({ invoices, onOpen }: { invoices: Row[]; onOpen: (invoiceId: string) => void }) {
  const [quickFilter, setQuickFilter] = useState('');
  const [api, setApi] = useState<GridApi<Row> | null>(null);
  const [shown, setShown] = useState<number | null>(null);

  const columns = useMemo<ColDef<Row>[]>(
    () => [
      {
        field: 'status',
        headerName: 'Status',
        width: 108,
        minWidth: 108,
        cellRenderer: (p: ICellRendererParams<Row, Row['status']>) => (p.value ? <StatusChip status={p.value} /> : null),
      },
      {
        colId: 'account',
        headerName: 'Account',
        headerTooltip: 'Account name, account id and agreement',
        valueGetter: (p) => (p.data ? `${p.data.account_name} ${p.data.account_id} ${p.data.agreement_id}` : ''),
        comparator: (_a, _b, nodeA, nodeB) => (nodeA.data?.account_name ?? '').localeCompare(nodeB.data?.account_name ?? ''),
        flex: 2.6,
        minWidth: 170,
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
      { field: 'owner', headerName: 'Owner', flex: 1, minWidth: 88, tooltipField: 'owner', valueFormatter: (p) => p.value ?? '—' },
      { field: 'currency', headerName: 'Ccy', width: 58, minWidth: 58, headerTooltip: 'Currency' },
      moneyColumn('subtotal', 'Subtotal'),
      moneyColumn('discount', 'Discount'),
      moneyColumn('tax', 'Tax'),
      moneyColumn('total', 'Total', true),
      { ...moneyColumn('amount_due', 'Amount due', true), minWidth: 106 },
      {
        colId: 'anomalies',
        headerName: 'Anomalies',
        width: 112,
        minWidth: 112,
        valueGetter: (p) => (p.data ? severityText(p.data.anomalies) : ''),
        comparator: (_a, _b, nodeA, nodeB) =>
          anomalyWeight(nodeA.data?.anomalies ?? { error: 0, warning: 0, info: 0 }) -
          anomalyWeight(nodeB.data?.anomalies ?? { error: 0, warning: 0, info: 0 }),
        cellRenderer: (p: ICellRendererParams<Row>) => (p.data ? <SeverityBadges counts={p.data.anomalies} /> : null),
      },
    ],
    [],
  );

  const defaultColDef = useMemo<ColDef<Row>>(() => ({ sortable: true, filter: true, resizable: true, suppressHeaderMenuButton: false }), []);

  const updateCount = useCallback((gridApi: GridApi<Row>) => setShown(gridApi.getDisplayedRowCount()), []);

  const onRowClicked = useCallback((e: RowClickedEvent<Row>) => e.data && onOpen(e.data.invoice_id), [onOpen]);
  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<Row>) => {
      const key = (e.event as KeyboardEvent | null)?.key;
      if (key === 'Enter' && e.data) onOpen(e.data.invoice_id);
    },
    [onOpen],
  );

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
          {visible === total ? `${formatCount(total)} invoices` : `${formatCount(visible)} of ${formatCount(total)} invoices`}
        </span>
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
          rowClass="clickable-row"
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
