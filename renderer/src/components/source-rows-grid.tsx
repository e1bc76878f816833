/**
 * Source rows (usage records or time entries) with the file and line each came
 * from, a pager over them, and the export of them all. Sorting is the
 * server's, over every row: a header click asks for a new first page in that
 * order (the grid itself keeps the rows as they came).
 */
import type { ColDef, GetRowIdParams, ICellRendererParams, RowClassParams, SortChangedEvent, ValueFormatterParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useState } from 'react';
import type { SourceRow, SourceSortColumn } from '../../../shared/api';
import { downloadText } from '../lib/download';
import { formatCount, formatWhen, groupDigits, plural } from '../lib/format';
import { gridTheme } from '../lib/grid-theme';
import { useToast } from '../state/toasts';
import { Icon } from './icon';

export type SourceSort = { column: SourceSortColumn | 'flagged'; desc: boolean };
export const DEFAULT_SOURCE_SORT: SourceSort = { column: 'when', desc: false };

/** Rows already in the server's order: the grid must not reorder the page it holds. */
const keepOrder = () => 0;
// Module constants, not literals in the JSX: AG Grid re-applies a grid option whose reference changed on each render.
const defaultColDef: ColDef<SourceRow> = { sortable: true, filter: true, resizable: true };
const rowClass = (p: RowClassParams<SourceRow>) => [p.data?.flagged ? 'row-flagged' : '', p.data?.excluded ? 'row-excluded' : ''].filter(Boolean).join(' ') || undefined;
const rowId = (p: GetRowIdParams<SourceRow>) => `${p.data.source_kind}-${p.data.id}`;

export function SourceRowsGrid({
  rows,
  loading,
  hours,
  sort,
  onSort,
  flagged = false,
  onExclusion,
  testId = 'sources-grid',
}: {
  rows: SourceRow[] | null;
  loading: boolean;
  hours: boolean;
  sort: SourceSort;
  onSort: (sort: SourceSort) => void;
  /** show the Flag column (the rows an anomaly points at) */
  flagged?: boolean;
  /** when given, each row offers "Exclude from billing" (or "Include again" once excluded): a reviewer's correction */
  onExclusion?: (row: SourceRow) => void;
  testId?: string;
}) {
  const anyExcluded = rows?.some((r) => r.excluded) ?? false;
  // A page of daily usage rollups only: its columns say sum, day and source (and how many records each stands for).
  const rollups = (rows?.length ?? 0) > 0 && rows!.every((r) => r.source_kind === 'usage_rollup');
  const columns = useMemo<ColDef<SourceRow>[]>(() => {
    const base: ColDef<SourceRow>[] = [
      ...(flagged
        ? [
            {
              field: 'flagged',
              headerName: 'Flag',
              width: 110,
              // A word as well as the colour of the row, so the mark does not rest on colour alone (text, not the grid's boolean checkbox).
              cellDataType: 'text',
              valueFormatter: (p: ValueFormatterParams<SourceRow>) => (p.value ? '⚑ Flagged' : ''),
              cellClass: 'cell-flag',
            } satisfies ColDef<SourceRow>,
          ]
        : []),
      { field: 'file', headerName: 'File', flex: 1, minWidth: 160, cellClass: 'mono', tooltipField: 'file' },
      { field: 'line', headerName: 'Line', width: 88, type: 'rightAligned', cellClass: ['ag-right-aligned-cell', 'cell-num'], valueFormatter: (p) => (p.value == null ? '' : formatCount(p.value as number)) },
      { field: 'account_id', headerName: 'Account', width: 120 },
      { field: 'item', headerName: hours ? 'Kind / role' : 'Metric', width: 170 },
      {
        field: 'quantity',
        headerName: hours ? 'Hours' : rollups ? 'Sum' : 'Quantity',
        width: 120,
        type: 'rightAligned',
        cellClass: ['ag-right-aligned-cell', 'cell-money'],
        valueFormatter: (p: ValueFormatterParams<SourceRow, string>) => (p.value == null ? '' : groupDigits(p.value)),
      },
      { field: 'when', headerName: hours ? 'Date' : rollups ? 'Day' : 'Timestamp', width: 180, cellClass: 'cell-num', valueFormatter: (p) => (p.value ? formatWhen(p.value as string) : '') },
      { field: 'external_id', headerName: hours ? 'Entry id' : rollups ? 'Source' : 'Event id', width: 150, cellClass: 'mono', valueFormatter: (p) => (p.value as string | null) ?? '—' },
      ...(rollups
        ? [
            {
              colId: 'records',
              headerName: 'Records',
              width: 110,
              sortable: false,
              type: 'rightAligned',
              cellClass: ['ag-right-aligned-cell', 'cell-num'],
              valueGetter: (p: { data?: SourceRow }) => (p.data?.rollup ? formatCount(p.data.rollup.count) : ''),
            } satisfies ColDef<SourceRow>,
          ]
        : []),
      ...(hours ? [{ field: 'person', headerName: 'Person', width: 140, valueFormatter: (p: ValueFormatterParams<SourceRow>) => (p.value as string | null) ?? '—' } satisfies ColDef<SourceRow>] : []),
      ...(onExclusion || anyExcluded
        ? [
            {
              colId: 'billing',
              headerName: 'Billing',
              width: 240,
              sortable: false,
              filter: false,
              cellRenderer: (p: ICellRendererParams<SourceRow>) => (p.data ? <ExclusionCell row={p.data} onExclusion={onExclusion} /> : null),
            } satisfies ColDef<SourceRow>,
          ]
        : []),
    ];
    return base.map((c): ColDef<SourceRow> => ({ ...c, sort: c.field === sort.column ? (sort.desc ? 'desc' : 'asc') : null, comparator: keepOrder }));
  }, [hours, rollups, flagged, sort, onExclusion, anyExcluded]);
  function sortChanged(e: SortChangedEvent<SourceRow>) {
    // Only a person's header click asks the server; the grid applying our own column sort does not.
    if (e.source !== 'uiColumnSorted') return;
    const state = e.api.getColumnState().find((c) => c.sort);
    onSort(state ? { column: state.colId as SourceSort['column'], desc: state.sort === 'desc' } : DEFAULT_SOURCE_SORT);
  }
  return (
    <div className="grid-host card" data-testid={testId} style={{ overflow: 'hidden' }}>
      <AgGridReact<SourceRow>
        theme={gridTheme}
        rowData={rows}
        loading={loading}
        columnDefs={columns}
        defaultColDef={defaultColDef}
        onSortChanged={sortChanged}
        getRowClass={rowClass}
        getRowId={rowId}
        rowHeight={36}
        // Rows drawn past the visible ones: 4, not AG Grid's 10, so a page arriving builds fewer cells before its first frame.
        rowBuffer={4}
        tooltipShowDelay={400}
        enableCellTextSelection
      />
    </div>
  );
}

/** A row's billing state: excluded by whom and why (in words, not only a style), and the correction a reviewer may make. */
function ExclusionCell({ row, onExclusion }: { row: SourceRow; onExclusion: ((row: SourceRow) => void) | undefined }) {
  const testId = `exclusion-${row.source_kind}-${row.id}`;
  return (
    <span className="exclusion-cell">
      {row.excluded ? (
        <span className="cell-excluded" title={`Excluded by ${row.excluded.actor}: ${row.excluded.reason}`} data-testid={`${testId}-state`}>
          Excluded: {row.excluded.reason}
        </span>
      ) : null}
      {row.source_kind === 'usage_rollup' ? (
        <span className="cell-rollup" title={`A day's usage rolled up by ${row.rollup?.source ?? 'the warehouse'}: ${row.rollup?.count ?? '?'} records, max ${row.rollup?.max ?? '?'}, latest ${row.rollup?.last_quantity ?? '?'} at ${row.rollup?.last_ts ?? '?'}`} data-testid={`${testId}-rollup`}>
          Daily rollup of {row.rollup ? formatCount(row.rollup.count) : '?'} records
        </span>
      ) : onExclusion ? (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => onExclusion(row)} data-testid={testId}>
          {row.excluded ? 'Include again' : 'Exclude from billing'}
        </button>
      ) : null}
    </span>
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

/** "Export CSV": every row of the selection, in the current order, through the engine's formula-safe CSV. */
export function ExportCsvButton({ load, testId }: { load: () => Promise<{ file_name: string; csv: string; rows: number; total: number }>; testId?: string }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    try {
      const { file_name: fileName, csv, rows, total } = await load();
      downloadText(fileName, csv);
      if (rows < total) toast.success(`The first ${plural(rows, 'row')} of ${formatCount(total)} exported to ${fileName} (the app exports at most that many; the command line exports all).`, 'CSV ready');
      else toast.success(`${plural(rows, 'row')} exported to ${fileName}.`, 'CSV ready');
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error), 'Export failed');
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className="btn btn-sm" onClick={() => void run()} disabled={busy} data-testid={testId}>
      <Icon name="download" size={14} /> {busy ? 'Exporting…' : 'Export CSV'}
    </button>
  );
}
