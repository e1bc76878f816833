/** Source rows (usage records or time entries) with the file and line each came from, and a pager over them. */
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo } from 'react';
import type { SourceRow } from '../../../shared/api';
import { formatCount, formatWhen, groupDigits } from '../lib/format';
import { gridTheme } from '../lib/grid-theme';
import { compareDecimalText } from '../lib/money-compare';
import { Icon } from './Icon';

export function SourceRowsGrid({ rows, loading, hours, testId = 'sources-grid' }: { rows: SourceRow[] | null; loading: boolean; hours: boolean; testId?: string }) {
  const columns = useMemo<ColDef<SourceRow>[]>(
    () => [
      { field: 'file', headerName: 'File', flex: 1, minWidth: 160, cellClass: 'mono', tooltipField: 'file' },
      { field: 'line', headerName: 'Line', width: 88, type: 'rightAligned', cellClass: ['ag-right-aligned-cell', 'cell-num'], valueFormatter: (p) => (p.value == null ? '' : formatCount(p.value as number)) },
      { field: 'account_id', headerName: 'Account', width: 120 },
      { field: 'item', headerName: hours ? 'Kind / role' : 'Metric', width: 170 },
      {
        field: 'quantity',
        headerName: hours ? 'Hours' : 'Quantity',
        width: 120,
        type: 'rightAligned',
        cellClass: ['ag-right-aligned-cell', 'cell-money'],
        valueFormatter: (p: ValueFormatterParams<SourceRow, string>) => (p.value == null ? '' : groupDigits(p.value)),
        comparator: (a: string, b: string) => compareDecimalText(a, b),
      },
      { field: 'when', headerName: hours ? 'Date' : 'Timestamp', width: 180, cellClass: 'cell-num', valueFormatter: (p) => (p.value ? formatWhen(p.value as string) : '') },
      { field: 'external_id', headerName: hours ? 'Entry id' : 'Event id', width: 150, cellClass: 'mono', valueFormatter: (p) => (p.value as string | null) ?? '—' },
      ...(hours ? [{ field: 'person', headerName: 'Person', width: 140, valueFormatter: (p: ValueFormatterParams<SourceRow>) => (p.value as string | null) ?? '—' } satisfies ColDef<SourceRow>] : []),
    ],
    [hours],
  );
  return (
    <div className="grid-host card" data-testid={testId} style={{ overflow: 'hidden' }}>
      <AgGridReact<SourceRow>
        theme={gridTheme}
        rowData={rows}
        loading={loading}
        columnDefs={columns}
        defaultColDef={{ sortable: true, filter: true, resizable: true }}
        getRowId={(p) => `${p.data.source_kind}-${p.data.id}`}
        rowHeight={36}
        tooltipShowDelay={400}
        enableCellTextSelection
      />
    </div>
  );
}

export function Pager({ offset, pageSize, total, loading, onOffset, testId }: { offset: number; pageSize: number; total: number; loading: boolean; onOffset: (offset: number) => void; testId?: string }) {
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + pageSize, total);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.floor(offset / pageSize) + 1;
  return (
    <>
      <span className="num" data-testid={testId}>
        {loading ? 'Loading…' : `Rows ${formatCount(from)}–${formatCount(to)} of ${formatCount(total)}`}
      </span>
      <div className="pager">
        <button type="button" className="btn btn-sm" disabled={offset === 0 || loading} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
          <Icon name="chevronLeft" size={14} /> Previous
        </button>
        <span className="num muted">
          Page {formatCount(page)} of {formatCount(pages)}
        </span>
        <button type="button" className="btn btn-sm" disabled={to >= total || loading} onClick={() => onOffset(offset + pageSize)}>
          Next <Icon name="chevronRight" size={14} />
        </button>
      </div>
    </>
  );
}
