/**
 * Finalize and export a period: the bill-run summary (what will be finalized,
 * per currency, the overridden errors, the drafts left), the issue date and
 * folder, a confirmation, a cancellable job with progress, and what was
 * written (PDFs, the invoice register and the accounting journal).
 */
import { useState } from 'react';
import type { ExportResultInfo } from '../../../shared/api';
import type { FileRef } from '../api-client';
import { Drawer } from '../components/drawer';
import { EInvoiceFormsView } from '../components/einvoice-forms-view';
import { ExportSummaryView } from '../components/export-summary-view';
import { Icon } from '../components/icon';
import { JobProgress } from '../components/job-progress';
import { JournalCard } from '../components/journal-card';
import { Loaded, PageHeader } from '../components/page-states';
import { PdfDrawer } from '../components/pdf-drawer';
import { PeriodGate } from '../components/period-gate';
import { useApi } from '../data/use-api';
import { useJob } from '../hooks/use-job';
import { FORM_NAMES } from '../lib/einvoice-forms';
import { formatCount, periodLabel, plural } from '../lib/format';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';

export function ExportPage() {
  return <PeriodGate title="Export">{(period) => <Export period={period} />}</PeriodGate>;
}

const today = () => new Date().toISOString().slice(0, 10);

function Export({ period }: { period: string }) {
  const { client } = useAppState();
  const toast = useToast();
  const summary = useApi('export.summary', { period });
  const forms = useApi('export.forms', { period });
  // What the export really finalizes: the approved documents less those it leaves out (a currency that is not ISO 4217, an e-invoice that cannot be built).
  const finalizable = (approved: number) => (forms.data ? forms.data.filter((f) => f.status === 'approved' && f.form !== null).length : approved);
  const { job, run, cancel } = useJob();
  const [issueDate, setIssueDate] = useState(today);
  const [folder, setFolder] = useState<FileRef | null>(null);
  const [result, setResult] = useState<ExportResultInfo | null>(null);
  const [preview, setPreview] = useState<{ id: string; title: string } | null>(null);
  const [confirming, setConfirming] = useState(false);

  async function exportNow() {
    setConfirming(false);
    const outcome = await run(`Exporting ${periodLabel(period)}`, 'export.period', (jobId) =>
      client.call('export.period', { job_id: jobId, period, issue_date: issueDate, ...(folder ? { folder } : {}) }),
    );
    if (outcome.ok) {
      setResult(outcome.value);
      const fresh = outcome.value.invoices.filter((i) => i.newly_finalized).length;
      toast.success(`${plural(outcome.value.invoices.length, 'PDF')} written, ${fresh} newly finalized.`, 'Export complete');
    } else if (outcome.cancelled) {
      toast.info('Nothing was finalized and no file was left behind.', 'Export cancelled');
    } else {
      toast.error(outcome.error, 'Export failed');
    }
  }

  return (
    <div className="page">
      <PageHeader title="Export" subtitle={`${periodLabel(period)} · numbered, immutable PDFs with the invoice register and the accounting journal`} />
      <Loaded query={summary}>
        {(s) => (
          <section className="card" aria-label="Export the period">
            <div className="card-body form-stack">
              <dl className="facts facts-inline">
                <div className="fact">
                  <dt>To finalize now</dt>
                  <dd className="num" data-testid="export-count">
                    {formatCount(s.to_finalize)}
                  </dd>
                </div>
                <div className="fact">
                  <dt>Already finalized</dt>
                  <dd className="num">{formatCount(s.already_finalized)}</dd>
                </div>
                <div className="fact">
                  <dt>Credit notes awaiting approval</dt>
                  <dd className="num">{formatCount(s.drafts_left.credit_notes.length)}</dd>
                </div>
                <div className="fact">
                  <dt>Draft invoices (not exported)</dt>
                  <dd className="num">{formatCount(s.drafts_left.invoices)}</dd>
                </div>
              </dl>
              <ExportSummaryView summary={s} />
              {forms.data ? <EInvoiceFormsView forms={forms.data} status="approved" label="How the documents to finalize go out" /> : null}
              <p className="muted">
                Finalizing gives each approved invoice its number from the gapless sequence, its issue date and its due date from the payment terms; approved
                credit notes get theirs from the credit-note sequence. A finalized document never changes; correct it with a credit note. Re-exporting rewrites
                missing files byte for byte.
              </p>
              <div className="field-row">
                <label className="label" htmlFor="issue-date">
                  Issue date
                </label>
                <input id="issue-date" className="input" type="date" value={issueDate} onChange={(e) => setIssueDate(e.target.value)} disabled={job !== null} />
                <span className="label">Folder</span>
                {client.pickFolder ? (
                  <button
                    type="button"
                    className="btn"
                    disabled={job !== null}
                    onClick={() => void client.pickFolder?.().then((picked) => picked && setFolder(picked))}
                  >
                    <Icon name="file" size={14} /> {folder ? folder.name : 'Choose folder…'}
                  </button>
                ) : (
                  <span className="muted">exports/{period} beside the database</span>
                )}
                <div className="topbar-spacer" />
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => setConfirming(true)}
                  disabled={job !== null || !issueDate || (client.pickFolder !== undefined && folder === null)}
                  title={s.blocked.length > 0 ? 'The documents named above are left approved and not finalized' : undefined}
                  data-testid="export-run"
                >
                  <Icon name="send" size={14} /> Finalize and export…
                </button>
              </div>
              {job ? <JobProgress job={job} onCancel={() => void cancel()} /> : null}
            </div>
            {confirming ? (
              <Drawer
                title={`Finalize ${periodLabel(period)}?`}
                subtitle={`Issue date ${issueDate} · ${folder ? folder.name : `exports/${period}`}`}
                narrow
                testId="export-confirm-drawer"
                onClose={() => setConfirming(false)}
                footer={
                  <>
                    <button type="button" className="btn" onClick={() => setConfirming(false)}>
                      Cancel
                    </button>
                    <button type="button" className="btn btn-primary" onClick={() => void exportNow()} data-testid="export-confirm">
                      {finalizable(s.to_finalize) > 0 ? `Finalize ${plural(finalizable(s.to_finalize), 'document')}` : 'Write the files again'}
                    </button>
                  </>
                }
              >
                <div className="card-body form-stack">
                  <p>
                    {finalizable(s.to_finalize) > 0
                      ? 'These documents get their numbers and become final: they can no longer change, only be corrected by a credit note.'
                      : 'Nothing new is finalized; the files of the documents finalized before are written again where missing.'}
                  </p>
                  <ExportSummaryView summary={s} label="To finalize, per currency, to confirm" />
                  {forms.data ? <EInvoiceFormsView forms={forms.data} status="approved" label="How they go out" compact /> : null}
                </div>
              </Drawer>
            ) : null}
          </section>
        )}
      </Loaded>
      {result ? (
        <section className="card" aria-label="Exported files" data-testid="export-result">
          <div className="card-header">
            <h2 className="card-title">Written to {result.out_dir}</h2>
            <span className="card-subtitle">
              register <span className="mono">{result.register.split(/[\\/]/).pop()}</span> · journal{' '}
              <span className="mono">{result.journal.split(/[\\/]/).pop()}</span>
            </span>
          </div>
          {result.einvoice_refused.length > 0 ? (
            <div className="card-body">
              <div className="callout callout-warn" data-testid="export-einvoice-refused">
                <div className="callout-body">
                  <div className="callout-title">Issued as plain PDFs, though their agreements ask for an e-invoice ({result.einvoice_refused.length})</div>
                  <ul className="plain-list callout-text">
                    {result.einvoice_refused.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </div>
              </div>
            </div>
          ) : null}
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Document</th>
                  <th scope="col">Form</th>
                  <th scope="col">Files</th>
                  <th scope="col">State</th>
                  <th scope="col" className="right">
                    <span className="sr-only">Preview</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.invoices.map((i) => (
                  <tr key={i.invoice_id}>
                    <td className="mono">{i.invoice_number}</td>
                    <td>{i.document_type === 'credit_note' ? 'Credit note' : 'Invoice'}</td>
                    <td data-testid="export-result-form">{FORM_NAMES[i.einvoice_form ?? 'pdf']}</td>
                    <td className="mono">
                      {i.file.split(/[\\/]/).pop()}
                      {i.xml_file ? <> + {i.xml_file}</> : null}
                    </td>
                    <td>{i.newly_finalized ? 'finalized now' : 'already final'}</td>
                    <td className="right">
                      <button type="button" className="btn btn-sm btn-ghost" onClick={() => setPreview({ id: i.invoice_id, title: i.invoice_number })}>
                        <Icon name="pdf" size={14} /> View
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {forms.data?.some((f) => f.status === 'finalized') ? (
        <section className="card" aria-label="Issued documents by form" data-testid="export-issued-forms">
          <div className="card-body">
            <EInvoiceFormsView forms={forms.data} status="finalized" label="How the finalized documents went out" />
          </div>
        </section>
      ) : null}
      <JournalCard period={period} />
      {preview ? <PdfDrawer invoiceId={preview.id} title={preview.title} onClose={() => setPreview(null)} /> : null}
    </div>
  );
}
