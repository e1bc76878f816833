/** Every import, newest first: what each file brought, who imported it, and the way back (undo). */
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo } from 'react';
import type { ImportBatch } from '../../../shared/api';
import { formatCount, formatDuration, formatWhen, humanize } from '../lib/format';
import { gridTheme } from '../lib/grid-theme';

const count = (field: 'rows' | 'imported' | 'duplicates' | 'rejected', headerName: string): ColDef<ImportBatch> => ({
  field,
  headerName,
  type: 'rightAligned',
  width: field === 'duplicates' ? 100 : field === 'rows' ? 84 : 90,
  filter: 'agNumberColumnFilter',
  valueFormatter: (p) => (p.value == null ? '' : formatCount(p.value as number)),
});

export function ImportHistoryGrid({
  batches,
  onShowRejects,
  onUndo,
}: {
  batches: ImportBatch[];
  onShowRejects: (batch: ImportBatch) => void;
  onUndo: (batch: ImportBatch) => void;
}) {
  const columns = useMemo<ColDef<ImportBatch>[]>(
    () => [
      { field: 'batch_id', headerName: '#', width: 56, type: 'rightAligned' },
      {
        field: 'imported_at',
        headerName: 'Imported',
        width: 130,
        // The local time a person remembers importing at; who did it is one hover away.
        valueFormatter: (p) => (p.value ? new Date(p.value as string).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : ''),
        tooltipValueGetter: (p) => (p.data ? `${formatWhen(p.data.imported_at)} by ${p.data.imported_by}` : ''),
      },
      { field: 'file', headerName: 'File', flex: 1, minWidth: 140, tooltipField: 'file', cellClass: 'mono' },
      {
        field: 'kind',
        headerName: 'Kind',
        width: 132,
        valueGetter: (p) => (p.data ? `${humanize(p.data.kind)}${p.data.profile ? ` · ${p.data.profile}` : ''}` : ''),
      },
      count('rows', 'Rows'),
      count('imported', 'Imported'),
      count('duplicates', 'Duplicates'),
      {
        ...count('rejected', 'Rejected'),
        cellRenderer: (p: ICellRendererParams<ImportBatch, number>) =>
          p.data && p.value ? (
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => p.data && onShowRejects(p.data)} aria-label={`Show the ${p.value} rejected rows of ${p.data.file}`}>
              <span className="sev-pill sev-error">{formatCount(p.value)}</span>
            </button>
          ) : (
            <span className="muted">0</span>
          ),
      },
      {
        // How the file was read (its encoding, rows rejected for bad bytes…): the full list on hover.
        field: 'notes',
        headerName: 'Notes',
        flex: 1,
        minWidth: 140,
        filter: 'agTextColumnFilter',
        valueGetter: (p) => p.data?.notes.join('; ') ?? '',
        tooltipValueGetter: (p) => p.data?.notes.join('\n') ?? '',
        cellRenderer: (p: ICellRendererParams<ImportBatch>) => (p.data?.notes.length ? <span>{p.data.notes.join('; ')}</span> : <span className="muted">—</span>),
      },
      { field: 'duration_ms', headerName: 'Time', width: 76, type: 'rightAligned', valueFormatter: (p) => formatDuration((p.value as number) ?? 0) },
      {
        field: 'status',
        headerName: 'Status',
        width: 96,
        cellRenderer: (p: ICellRendererParams<ImportBatch>) =>
          p.data?.status === 'undone' ? (
            <span className="muted">Undone</span>
          ) : p.data ? (
            <button type="button" className="btn btn-sm" onClick={() => p.data && onUndo(p.data)} aria-label={`Undo import ${p.data.batch_id} (${p.data.file})`}>
              Undo…
            </button>
          ) : null,
      },
    ],
    [onShowRejects, onUndo],
  );
  const defaultColDef = useMemo<ColDef<ImportBatch>>(() => ({ sortable: true, filter: true, resizable: true }), []);
  return (
    // A short history takes the room it needs; a long one scrolls inside a fixed height.
    <div className={batches.length > 8 ? 'grid-host grid-host-short' : 'grid-host-auto'} data-testid="import-history">
      <AgGridReact<ImportBatch>
        theme={gridTheme}
        rowData={batches}
        columnDefs={columns}
        defaultColDef={defaultColDef}
        getRowId={(p) => String(p.data.batch_id)}
        getRowClass={(p) => (p.data?.status === 'undone' ? 'row-undone' : undefined)}
        domLayout={batches.length > 8 ? 'normal' : 'autoHeight'}
        animateRows={false}
        tooltipShowDelay={400}
        overlayNoRowsTemplate='<span class="muted">Nothing imported yet.</span>'
      />
    </div>
  );
}
