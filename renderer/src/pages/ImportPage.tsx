/** Import files and see, per file, what was imported, skipped as duplicate or rejected. */
import { FileImporter } from '../components/FileImporter';
import { ImportResultsTable } from '../components/ImportResultsTable';
import { formatCount } from '../lib/format';
import { useAppState } from '../state/app-state';

export function ImportPage() {
  const { status, refreshStatus, lastImport, setLastImport } = useAppState();
  const counts = status?.counts;
  const loaded: [string, number | undefined][] = [
    ['Agreements', counts?.agreements],
    ['Usage records', counts?.usage],
    ['Time entries', counts?.hours],
    ['Rejected rows', counts?.rejected],
    ['Invoices', counts?.invoices],
  ];
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
        <div className="kpis" style={{ gridTemplateColumns: 'repeat(5, minmax(0, 1fr))', padding: 'var(--space-4) var(--space-5)', gap: 'var(--space-4)' }}>
          {loaded.map(([label, n]) => (
            <div key={label}>
              <div className="kpi-label">{label}</div>
              <div className="kpi-value" style={{ fontSize: 'var(--text-xl)' }}>
                {n === undefined ? '—' : formatCount(n)}
              </div>
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
          <FileImporter
            onImported={(results) => {
              setLastImport(results);
              void refreshStatus();
            }}
          />
        </div>
      </section>

      <section className="card" aria-label="Last import" style={{ overflow: 'hidden' }}>
        <div className="card-header">
          <h2 className="card-title">Last import</h2>
          <span className="card-subtitle">{lastImport ? lastImport.at.toLocaleTimeString() : 'nothing imported in this session'}</span>
        </div>
        {lastImport ? (
          <ImportResultsTable results={lastImport.results} caption="Results of the last import" />
        ) : (
          <div className="card-body muted" style={{ fontSize: 'var(--text-md)' }}>
            Per-file results appear here: rows read, imported, skipped as duplicates and rejected with a reason.
          </div>
        )}
      </section>
    </div>
  );
}
