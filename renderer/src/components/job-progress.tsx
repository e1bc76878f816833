/**
 * The progress of a running job, with its Cancel button when the job can be
 * cancelled. A screen reader hears each phase once ("Rating: Rating
 * agreements"), not the percentage every time it moves; the outcome comes as a toast.
 */
import { useEffect } from 'react';
import type { JobState } from '../hooks/use-job';
import { announcePhase } from '../lib/announce';
import { formatCount } from '../lib/format';

export function JobProgress({ job, onCancel }: { job: JobState; onCancel?: () => void }) {
  const p = job.progress;
  const determinate = p !== null && p.total > 0;
  const pct = determinate ? Math.min(100, Math.max(0, (p.done / p.total) * 100)) : 0;
  const phase = job.cancelling ? 'Cancelling…' : (p?.phase ?? 'Starting…');
  useEffect(() => announcePhase(`${job.label}: ${phase}`), [job.label, phase]);
  return (
    <div className="job-panel" data-testid="job-progress">
      <div className="progress">
        <div className="progress-head">
          <span>
            <strong>{job.label}</strong>
            <span className="muted"> · {phase}</span>
          </span>
          {/* done/total are in the job's own unit (rows, bytes, agreements), so the share is what is shown */}
          <span className="num" title={determinate ? `${formatCount(p.done)} of ${formatCount(p.total)}` : undefined}>
            {determinate ? `${Math.floor(pct)}%` : ''}
          </span>
        </div>
        <div
          className={`progress-track${determinate ? '' : ' progress-indeterminate'}`}
          role="progressbar"
          aria-label={`${job.label} progress`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={determinate ? Math.floor(pct) : undefined}
        >
          <div className="progress-fill" style={{ width: `${pct}%` }} />
        </div>
      </div>
      {onCancel ? (
        <button type="button" className="btn btn-sm" onClick={onCancel} disabled={job.cancelling}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
