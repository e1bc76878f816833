/** First run: what the product does, and two ways to get data in. */
import { useEffect, useRef, useState } from 'react';
import type { ImportFileResult } from '../../../shared/api';
import { useJob } from '../hooks/use-job';
import { plural } from '../lib/format';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';
import { FileImporter } from './file-importer';
import { Icon } from './icon';
import { ImportResultsTable, TIME_COLUMN } from './import-results-table';
import { JobProgress } from './job-progress';

const STEPS = [
  ['Import', 'Usage, hours and agreement exports are validated row by row; bad rows are kept with their reason.'],
  ['Rate', 'Every agreement active in the month becomes a draft invoice, priced to the cent with exact decimals.'],
  ['Review', 'Anomaly rules flag what needs a second look; every line traces back to its source rows.'],
  ['Export', 'Approved invoices are numbered and rendered to PDF with an invoice register.'],
] as const;

export function Welcome({ results, onImported, onContinue }: { results: ImportFileResult[] | null; onImported: (r: ImportFileResult[]) => void; onContinue: () => void }) {
  const { client, setLastImport } = useAppState();
  const toast = useToast();
  const { job, run, cancel } = useJob();
  const openImport = useRef<(() => void) | null>(null);
  const [importing, setImporting] = useState(false);
  const busy = job !== null || importing;
  const resultsRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (results) resultsRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [results]);

  async function loadDemo() {
    const outcome = await run('Loading demo data', 'demo.load', (jobId) => client.call('demo.load', { job_id: jobId }));
    if (outcome.ok) {
      const imported = outcome.value.files.reduce((n, f) => n + f.imported, 0);
      toast.success(`${plural(imported, 'row')} from ${plural(outcome.value.files.length, 'file')} across ${plural(outcome.value.periods.length, 'period')}.`, 'Demo data loaded');
      setLastImport(outcome.value.files);
      onContinue();
    } else if (outcome.cancelled) {
      toast.info('Loading the demo data was cancelled; nothing was changed.', 'Cancelled');
    } else {
      toast.error(outcome.error, 'Could not load the demo data');
    }
  }

  return (
    <>
      <div className="card welcome" data-testid="empty-state">
        <div className="welcome-main">
          <div className="welcome-eyebrow">{results ? 'Files imported' : 'Nothing loaded yet'}</div>
          <h1 className="welcome-title">Review every draft bill before it goes out.</h1>
          <p className="welcome-lead">
            Billing Reviewer turns usage, hours and agreements into draft invoices, flags what looks wrong, and lets you trace every
            amount back to the rows it came from. It works offline on a local database.
          </p>
          <div className="welcome-actions">
            <button type="button" className="btn btn-primary btn-lg" onClick={() => void loadDemo()} disabled={busy}>
              <Icon name="bolt" /> Load demo data
            </button>
            <button type="button" className="btn btn-lg" onClick={() => openImport.current?.()} disabled={busy}>
              <Icon name="import" /> Import files…
            </button>
          </div>
          <p className="muted" style={{ fontSize: 'var(--text-sm)', marginTop: 'calc(-1 * var(--space-2))' }}>
            The demo book is seeded and reproducible: agreements in several currencies with six months of usage and hours.
          </p>
          {job ? <JobProgress job={job} onCancel={() => void cancel()} /> : null}
          <FileImporter
            compact
            openRef={openImport}
            onBusyChange={setImporting}
            onImported={(r) => {
              onImported(r);
              setLastImport(r);
            }}
          />
        </div>
        <aside className="welcome-side" aria-label="How it works">
          <ol className="steps">
            {STEPS.map(([title, text], i) => (
              <li key={title} className="step">
                <span className="step-num" aria-hidden="true">
                  {i + 1}
                </span>
                <div>
                  <div className="step-title">{title}</div>
                  <div className="step-text">{text}</div>
                </div>
              </li>
            ))}
          </ol>
        </aside>
      </div>
      {results ? (
        <section ref={resultsRef} className="card" aria-label="Import results" style={{ overflow: 'hidden', scrollMarginTop: 'calc(var(--topbar-height) + var(--space-4))' }}>
          <div className="card-header">
            <div>
              <h2 className="card-title">Import results</h2>
              <span className="card-subtitle">Rated invoices appear once you rate a period.</span>
            </div>
            <button type="button" className="btn btn-primary" onClick={onContinue}>
              Continue to invoices <Icon name="chevronRight" />
            </button>
          </div>
          <ImportResultsTable results={results} caption="Import results" last={TIME_COLUMN} />
        </section>
      ) : null}
    </>
  );
}
