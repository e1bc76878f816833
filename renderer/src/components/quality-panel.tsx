/**
 * Prescreening of one import: what will go wrong at billing time, seen when the
 * data arrives (rows rejected by field, usage and hours no agreement can bill,
 * accounts without any agreement).
 */
import type { DataQuality } from '../../../shared/api';
import { useApi } from '../data/use-api';
import { formatCount, groupDigits, humanize, plural } from '../lib/format';

function Findings({ q }: { q: DataQuality }) {
  const items: string[] = [];
  for (const f of q.rejected_by_field) items.push(`${plural(f.rows, 'row')} rejected for ${f.field ? humanize(f.field).toLowerCase() : 'the row as a whole'}`);
  for (const u of q.unbilled_usage) items.push(`${plural(u.records, 'usage record')} of ${humanize(u.metric).toLowerCase()} (${groupDigits(u.quantity)}) for ${plural(u.accounts, 'account')} that no agreement prices`);
  if (q.unbilled_hours.entries) items.push(`${plural(q.unbilled_hours.entries, 'billable time entry', 'billable time entries')} (${groupDigits(q.unbilled_hours.hours)} h) that no charge can bill`);
  if (q.accounts_without_agreement.length) {
    const names = q.accounts_without_agreement.slice(0, 5).map((a) => a.account_id);
    const more = q.accounts_without_agreement.length - names.length;
    items.push(`${plural(q.accounts_without_agreement.length, 'account')} without any agreement: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  }
  if (items.length === 0) return <p className="muted small">Nothing to flag: every row was accepted and can be billed.</p>;
  return (
    <ul className="plain-list quality-list">
      {items.map((text) => (
        <li key={text}>{text}</li>
      ))}
    </ul>
  );
}

function BatchQuality({ batchId, file }: { batchId: number; file: string }) {
  const query = useApi('quality.summary', { batch_id: batchId });
  const q = query.data;
  return (
    <div className="quality-item" data-testid="quality-item">
      <div className="quality-file">
        <span className="mono">{file}</span>
        {q ? (
          <span className="muted small">
            {' '}
            · {formatCount(q.imported)} imported, {formatCount(q.duplicates)} duplicates, {formatCount(q.rejected)} rejected
          </span>
        ) : null}
      </div>
      {query.error ? <p className="muted small">{query.error.message}</p> : q ? <Findings q={q} /> : <p className="muted small">Checking…</p>}
    </div>
  );
}

export function QualityPanel({ files }: { files: { batch_id: number | null; file: string }[] }) {
  const batches = files.filter((f): f is { batch_id: number; file: string } => f.batch_id !== null);
  if (batches.length === 0) return null;
  return (
    <section className="card" aria-label="Prescreening" data-testid="quality-panel">
      <div className="card-header">
        <h2 className="card-title">Prescreening of the last import</h2>
        <span className="card-subtitle">problems caught when the data arrives, not when the customer complains</span>
      </div>
      <div className="card-body quality-body">
        {batches.map((b) => (
          <BatchQuality key={b.batch_id} batchId={b.batch_id} file={b.file} />
        ))}
      </div>
    </section>
  );
}
