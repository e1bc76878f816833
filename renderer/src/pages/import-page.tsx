/**
 * Import files and account for every row: per-file results, the history of
 * imports with undo, and the rejected rows with their reasons.
 */
import { useCallback, useState } from 'react';
import type { ImportBatch } from '../../../shared/api';
import { FileImporter } from '../components/file-importer';
import { ImportHistoryGrid } from '../components/import-history-grid';
import { ImportResultsTable, TIME_COLUMN } from '../components/import-results-table';
import { QualityPanel } from '../components/quality-panel';
import { RejectedRowsGrid } from '../components/rejected-rows-grid';
import { UndoImportDrawer } from '../components/undo-import-drawer';
import { useApi } from '../data/use-api';
import { formatCount } from '../lib/format';
import { useAppState } from '../state/app-state';

export function ImportPage() {
  const { status, lastImport, setLastImport } = useAppState();
  const history = useApi('import.history', {});
  const [rejectsBatch, setRejectsBatch] = useState<number | null>(null);
  const [undoing, setUndoing] = useState<ImportBatch | null>(null);

  const showRejects = useCallback((batch: { batch_id: number | null }) => {
    setRejectsBatch(batch.batch_id);
    document.getElementById('rejected-rows')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, []);

  const counts = status?.counts;
  const loaded: [string, number | undefined][] = [
    ['Agreements', counts?.agreements],
    ['Usage records', counts?.usage],
    ['Time entries', counts?.hours],
    ['Rejected rows', counts?.rejected],
    ['Invoices', counts?.invoices],
  ];
  const batches = history.data ?? [];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Import</h1>
          <p className="page-subtitle">Usage exports, hours exports and agreements. Importing the same file twice imports nothing the second time.</p>
        </div>
      </header>

      <section className="card" aria-label="What is loaded">
        <div className="card-header">
          <h2 className="card-title">In the database</h2>
          <span className="card-subtitle">{status ? 'live counts' : 'loading…'}</span>
        </div>
        <div className="kpis kpis-compact">
          {loaded.map(([label, n]) => (
            <div key={label}>
              <div className="kpi-label">{label}</div>
              <div className="kpi-value">{n === undefined ? '—' : formatCount(n)}</div>
            </div>
          ))}
        </div>
      </section>

      <section className="card" aria-label="Import files">
        <div className="card-header">
          <h2 className="card-title">Import files</h2>
          <span className="card-subtitle">CSV (RFC 4180), NDJSON or JSON</span>
        </div>
        <div className="card-body">
          <FileImporter onImported={setLastImport} />
        </div>
      </section>

      <section className="card" aria-label="Last import" style={{ overflow: 'hidden' }}>
        <div className="card-header">
          <h2 className="card-title">Last import</h2>
          <span className="card-subtitle">{lastImport ? lastImport.at.toLocaleTimeString() : 'nothing imported in this session'}</span>
        </div>
        {lastImport ? (
          <ImportResultsTable results={lastImport.results} caption="Results of the last import" onShowRejects={showRejects} last={TIME_COLUMN} />
        ) : (
          <div className="card-body muted" style={{ fontSize: 'var(--text-md)' }}>
            Per-file results appear here: rows read, imported, skipped as duplicates and rejected with a reason.
          </div>
        )}
      </section>

      {lastImport ? <QualityPanel files={lastImport.results} /> : null}

      <section className="card grid-card" aria-label="Import history">
        <div className="card-header">
          <h2 className="card-title">Import history</h2>
          <span className="card-subtitle">{history.data ? `${formatCount(batches.length)} imports · newest first` : 'loading…'}</span>
        </div>
        <ImportHistoryGrid batches={batches} onShowRejects={showRejects} onUndo={setUndoing} />
      </section>

      <div id="rejected-rows">
        <RejectedRowsGrid batches={batches} batchId={rejectsBatch} onBatchChange={setRejectsBatch}  />
      </div>

      {undoing ? (
        <UndoImportDrawer
          batch={undoing}
          onClose={() => setUndoing(null)}
          onUndone={() => {
            setUndoing(null);
            if (rejectsBatch === undoing.batch_id) setRejectsBatch(null);
          }}
        />
      ) : null}
    </div>
  );
}
