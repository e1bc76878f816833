/**
 * The rejected rows the reviewer has to send back: file, line, field, reason
 * and the raw text, for one import or all of them. Searching and the field
 * chips run in the database (an import can reject far more rows than a page
 * holds); the CSV export takes exactly the selection shown.
 */
import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useState } from 'react';
import type { ImportBatch, RejectedRow } from '../../../shared/api';
import { useApi } from '../data/use-api';
import { downloadText } from '../lib/download';
import { formatCount, humanize, plural } from '../lib/format';
import { gridTheme } from '../lib/grid-theme';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';
import { Icon } from './icon';

const PAGE = 1000;

export function RejectedRowsGrid({
  batches,
  batchId,
  onBatchChange,
}: {
  batches: ImportBatch[];
  batchId: number | null;
  onBatchChange: (batchId: number | null) => void;
}) {
  const { client } = useAppState();
  const toast = useToast();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  // A field chip belongs to the import it was picked in: choosing another import shows all fields again.
  const [fieldPick, setFieldPick] = useState<{ batchId: number | null; field: string } | null>(null);
  const field = fieldPick?.batchId === batchId ? fieldPick.field : null;
  const setField = (next: string | null) => setFieldPick(next === null ? null : { batchId, field: next });
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(t);
  }, [search]);

  const filter = {
    ...(batchId !== null ? { batch_id: batchId } : {}),
    ...(debounced.trim() ? { search: debounced.trim() } : {}),
    ...(field !== null ? { field } : {}),
  };
  // Another import or an undo invalidates import.rejected: the rows are asked for again.
  const page = useApi('import.rejected', { ...filter, limit: PAGE });

  const columns = useMemo<ColDef<RejectedRow>[]>(
    () => [
      { field: 'file', headerName: 'File', width: 130, tooltipField: 'file', cellClass: 'mono' },
      { field: 'line', headerName: 'Line', width: 72, type: 'rightAligned', filter: 'agNumberColumnFilter' },
      { field: 'field', headerName: 'Field', width: 112, valueFormatter: (p) => (p.value as string | null) ?? '(whole row)' },
      { field: 'reason', headerName: 'Reason', flex: 3, minWidth: 240, tooltipField: 'reason' },
      { field: 'raw', headerName: 'Raw text', flex: 2, minWidth: 200, tooltipField: 'raw', cellClass: 'mono' },
    ],
    [],
  );
  const defaultColDef = useMemo<ColDef<RejectedRow>>(() => ({ sortable: true, filter: true, resizable: true }), []);

  async function exportCsv() {
    setExporting(true);
    try {
      const { file_name: fileName, csv, rows } = await client.call('import.rejectedCsv', filter);
      downloadText(fileName, csv);
      toast.success(`${plural(rows, 'rejected row')} exported to ${fileName}.`, 'CSV ready');
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error), 'Export failed');
    } finally {
      setExporting(false);
    }
  }

  const data = page.data;
  const total = data?.total ?? 0;
  const allForFacets = data?.fields.reduce((n, f) => n + f.count, 0) ?? 0;
  return (
    <section className="card grid-card" aria-label="Rejected rows">
      <div className="card-header">
        <h2 className="card-title">Rejected rows</h2>
        <span className="card-subtitle">kept with file, line and reason until their import is undone</span>
      </div>
      <div className="grid-toolbar" style={{ flexWrap: 'wrap' }}>
        <select
          className="select"
          aria-label="Which import"
          value={batchId ?? ''}
          onChange={(e) => onBatchChange(e.target.value ? Number(e.target.value) : null)}
          data-testid="rejects-import"
        >
          <option value="">All imports</option>
          {batches
            .filter((b) => b.status === 'complete' && b.rejected > 0)
            .map((b) => (
              <option key={b.batch_id} value={b.batch_id}>
                #{b.batch_id} {b.file} ({formatCount(b.rejected)})
              </option>
            ))}
        </select>
        <div className="search">
          <Icon name="search" size={14} />
          <input
            className="input"
            type="search"
            placeholder="Search reason, field or raw text…"
            aria-label="Search rejected rows"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="topbar-spacer" />
        <span className="grid-count" data-testid="rejects-count" aria-live="polite">
          {page.isPending ? 'Loading…' : total > PAGE ? `first ${formatCount(PAGE)} of ${formatCount(total)} rows` : plural(total, 'row')}
        </span>
        <button type="button" className="btn btn-sm" onClick={() => void exportCsv()} disabled={exporting || total === 0} data-testid="rejects-export">
          <Icon name="download" size={14} /> Export CSV
        </button>
      </div>
      {data && data.fields.length > 0 ? (
        <div className="facet-row" role="group" aria-label="Filter by field">
          <button type="button" className="facet" aria-pressed={field === null} onClick={() => setField(null)}>
            All fields <span className="facet-count">{formatCount(allForFacets)}</span>
          </button>
          {data.fields.map((f) => {
            const key = f.field ?? '';
            return (
              <button key={key} type="button" className="facet" aria-pressed={field === key} onClick={() => setField(field === key ? null : key)}>
                {f.field ? humanize(f.field) : 'Whole row'} <span className="facet-count">{formatCount(f.count)}</span>
              </button>
            );
          })}
        </div>
      ) : null}
      {page.error ? <div className="card-body muted">{page.error.message}</div> : null}
      <div className="grid-host grid-host-short" data-testid="rejects-grid">
        <AgGridReact<RejectedRow>
          theme={gridTheme}
          rowData={data?.rows ?? []}
          columnDefs={columns}
          defaultColDef={defaultColDef}
          getRowId={(p) => String(p.data.id)}
          animateRows={false}
          enableCellTextSelection
          tooltipShowDelay={300}
          overlayNoRowsTemplate={
            filter.search !== undefined || filter.field !== undefined
              ? '<span class="muted">No rejected rows match this search.</span>'
              : '<span class="muted">No rejected rows: every row was imported or recognised as a duplicate.</span>'
          }
        />
      </div>
    </section>
  );
}
