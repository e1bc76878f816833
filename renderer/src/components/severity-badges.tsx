/** Anomaly counts of one invoice as small badges coloured by severity, read as words ("2 errors, 1 warning"). */
import { SEVERITIES, type Severity } from '../../../shared/domain';

export type SeverityCounts = Record<Severity, number>;

const NAME: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['note', 'notes'],
};

export function severityText(counts: SeverityCounts): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${NAME[s][counts[s] === 1 ? 0 : 1]}`);
  return parts.length ? parts.join(', ') : 'No anomalies';
}

export function SeverityBadges({ counts }: { counts: SeverityCounts }) {
  const present = SEVERITIES.filter((s) => counts[s] > 0);
  if (present.length === 0) {
    return (
      <span className="badge-none">
        <span aria-hidden="true">—</span>
        <span className="sr-only">No anomalies</span>
      </span>
    );
  }
  return (
    <span className="badges" title={severityText(counts)}>
      <span className="sr-only">{severityText(counts)}</span>
      {present.map((s) => (
        <span key={s} className={`badge badge-${s}`} aria-hidden="true">
          <span className={`dot dot-${s}`} style={{ width: 6, height: 6 }} />
          {counts[s]}
        </span>
      ))}
    </span>
  );
}
