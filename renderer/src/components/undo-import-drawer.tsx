/** Confirms undoing an import: what will be removed, what gets re-rated, and a reason for the audit trail. */
import { useEffect, useId, useState } from 'react';
import type { ChangeImpact } from '../../../shared/api';
import { toApiCallError } from '../api-client';
import { previewChange } from '../data/preview-change';
import { ImpactSummary } from './change-preview';
import type { ImportBatch } from '../../../shared/api';
import { useJob } from '../hooks/use-job';
import { describeRerate } from '../../../shared/rerate-text';
import { plural } from '../lib/format';

const NOUNS = { agreements: ['agreement', 'agreements'], hours: ['time entry', 'time entries'], usage: ['usage record', 'usage records'], payments: ['payment', 'payments'], disputes: ['dispute', 'disputes'], usage_rollup: ['usage rollup', 'usage rollups'] } as const;
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';
import { Drawer } from './drawer';
import { JobProgress } from './job-progress';

export function UndoImportDrawer({ batch, onClose, onUndone }: { batch: ImportBatch; onClose: () => void; onUndone: () => void }) {
  const { client } = useAppState();
  const toast = useToast();
  const { job, run } = useJob();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonId = useId();
  // What undoing would change, measured by running it and rolling it back (change-control.md), before the reviewer confirms.
  const [impact, setImpact] = useState<ChangeImpact | { refused: string } | null>(null);
  useEffect(() => {
    let current = true;
    previewChange(client, { method: 'import.undo', args: { batch_id: batch.batch_id } }).then(
      (previewed) => current && setImpact(previewed.impact),
      (error: unknown) => current && setImpact({ refused: toApiCallError(error).message }),
    );
    return () => {
      current = false;
    };
  }, [client, batch.batch_id]);

  async function undo() {
    setError(null);
    const outcome = await run(`Undoing import ${batch.batch_id}`, 'import.undo', (jobId) =>
      client.call('import.undo', { job_id: jobId, batch_id: batch.batch_id, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
    );
    if (outcome.ok) {
      const r = outcome.value;
      const removed = r.removed.usage + (r.removed.usage_rollups ?? 0) + r.removed.hours + r.removed.agreements + r.removed.payments + r.removed.disputes;
      toast.success(
        [`${plural(removed, 'row')} removed.`, ...r.rerated.map(describeRerate)].join(' '),
        `Import ${r.batch_id} undone`,
      );
      onUndone();
    } else {
      setError(outcome.error.message);
    }
  }

  return (
    <Drawer
      title={`Undo import ${batch.batch_id}`}
      subtitle={batch.file}
      onClose={onClose}
      testId="undo-drawer"
      narrow
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={job !== null}>
            Keep it
          </button>
          <button type="button" className="btn btn-danger" onClick={() => void undo()} disabled={job !== null} data-testid="confirm-undo">
            Undo import
          </button>
        </>
      }
    >
      <div className="card-body" style={{ display: 'grid', gap: 'var(--space-4)' }}>
        <p>
          The {plural(batch.imported, NOUNS[batch.kind][0], NOUNS[batch.kind][1])} this file brought and its {plural(batch.rejected, 'rejected row')} leave
          the database. Draft invoices built from them are re-rated; the import stays in the
          history as undone, and the same file can be imported again.
        </p>
        <p className="muted">
          An import whose rows are on an approved or finalized invoice cannot be undone: those invoices are frozen. Correct them with a credit note
          instead.
        </p>
        <div data-testid="undo-preview">
          <h3 className="change-preview-subtitle">What undoing would change</h3>
          {impact === null ? (
            <p className="muted">Measuring what undoing would change…</p>
          ) : 'refused' in impact ? (
            <p className="muted">{impact.refused}</p>
          ) : (
            <ImpactSummary impact={impact} />
          )}
        </div>
        <label className="label" htmlFor={reasonId}>
          Reason (recorded in the audit trail)
        </label>
        <textarea id={reasonId} className="input textarea" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} placeholder="e.g. the export was for the wrong month" />
        {error ? (
          <div className="callout" role="alert" data-testid="undo-error">
            <div className="callout-body">
              <div className="callout-title">Not undone</div>
              <div className="callout-text">{error}</div>
            </div>
          </div>
        ) : null}
        {job ? <JobProgress job={job} /> : null}
      </div>
    </Drawer>
  );
}
