/** The usage records or time entries one line was computed from, 100 per page. */
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useState } from 'react';
import type { InvoiceLineDetail, SourceRow } from '../../../shared/api';
import { useApiQuery } from '../hooks/useApiQuery';
import { formatCount, formatWhen, groupDigits } from '../lib/format';
import { gridTheme } from '../lib/grid-theme';
import { compareDecimalText } from '../lib/money-compare';
import { Drawer } from './Drawer';
import { Icon } from './Icon';
import { ErrorState } from './PageStates';

const PAGE = 100;

export function SourceRowsDrawer({ line, onClose }: { line: InvoiceLineDetail; onClose: () => void }) {
  const [offset, setOffset] = useState(0);
  const query = useApiQuery('lines.sources', { lineId: line.line_id, offset, limit: PAGE });
  const total = query.data?.total ?? line.source_count;
  const hours = line.source_kind === 'hours';

  const columns = useMemo<ColDef<SourceRow>[]>(
    () => [
      { field: 'file', headerName: 'File', flex: 1, minWidth: 180, cellClass: 'mono', tooltipField: 'file' },
      { field: 'line', headerName: 'Line', width: 88, type: 'rightAligned', cellClass: ['ag-right-aligned-cell', 'cell-num'], valueFormatter: (p) => (p.value == null ? '' : formatCount(p.value as number)) },
      { field: 'item', headerName: hours ? 'Kind / role' : 'Metric', width: 190 },
      {
        field: 'quantity',
        headerName: hours ? 'Hours' : 'Quantity',
        width: 120,
        type: 'rightAligned',
        cellClass: ['ag-right-aligned-cell', 'cell-money'],
        valueFormatter: (p: ValueFormatterParams<SourceRow, string>) => (p.value == null ? '' : groupDigits(p.value)),
        comparator: (a: string, b: string) => compareDecimalText(a, b),
      },
      { field: 'when', headerName: hours ? 'Date' : 'Timestamp', width: 190, cellClass: 'cell-num', valueFormatter: (p) => (p.value ? formatWhen(p.value as string) : '') },
      { field: 'external_id', headerName: hours ? 'Entry id' : 'Event id', width: 160, cellClass: 'mono', valueFormatter: (p) => (p.value as string | null) ?? '—' },
      ...(hours ? [{ field: 'person', headerName: 'Person', width: 140, valueFormatter: (p: ValueFormatterParams<SourceRow>) => (p.value as string | null) ?? '—' } satisfies ColDef<SourceRow>] : []),
    ],
    [hours],
  );

  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + PAGE, total);
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const page = Math.floor(offset / PAGE) + 1;

  return (
    <Drawer
      testId="sources-drawer"
      title={line.description}
      subtitle={`${formatCount(total)} ${hours ? 'time entries' : 'usage records'} priced into this line · quantity ${groupDigits(line.quantity)} · amount ${groupDigits(line.amount)}`}
      onClose={onClose}
      footer={
        <>
          <span className="num" data-testid="sources-range">
            {query.loading ? 'Loading…' : `Rows ${formatCount(from)}–${formatCount(to)} of ${formatCount(total)}`}
          </span>
          <div className="pager">
            <button type="button" className="btn btn-sm" disabled={offset === 0 || query.loading} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              <Icon name="chevronLeft" size={14} /> Previous
            </button>
            <span className="num muted">
              Page {formatCount(page)} of {formatCount(pages)}
            </span>
            <button type="button" className="btn btn-sm" disabled={to >= total || query.loading} onClick={() => setOffset(offset + PAGE)}>
              Next <Icon name="chevronRight" size={14} />
            </button>
          </div>
        </>
      }
    >
      {query.error ? (
        <ErrorState message={query.error} onRetry={query.reload} />
      ) : (
        <div className="grid-host card" data-testid="sources-grid" style={{ overflow: 'hidden' }}>
          <AgGridReact<SourceRow>
            theme={gridTheme}
            rowData={query.data?.rows ?? null}
            loading={query.loading}
            columnDefs={columns}
            defaultColDef={{ sortable: true, filter: true, resizable: true }}
            getRowId={(p) => `${p.data.source_kind}-${p.data.id}`}
            rowHeight={36}
            tooltipShowDelay={400}
          />
        </div>
      )}
    </Drawer>
  );
}
