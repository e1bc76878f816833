/** A period with data but no invoices yet: one clear action. */
import { periodLabel, plural } from '../lib/format';
import { Icon } from './icon';

export function RateCallout({
  period,
  busy,
  onRate,
  waiting,
}: {
  period: string;
  busy: boolean;
  onRate: () => void;
  /** usage records and time entries of the month that no invoice bills yet, when known */
  waiting?: { usage: number; hours: number } | null;
}) {
  return (
    <div className="callout callout-accent" data-testid="rate-callout">
      <div className="callout-icon">
        <Icon name="bolt" size={18} />
      </div>
      <div className="callout-body">
        <div className="callout-title">{periodLabel(period)} has not been rated yet</div>
        <div className="callout-text">
          {waiting ? `${plural(waiting.usage, 'usage record')} and ${plural(waiting.hours, 'billable time entry', 'billable time entries')} are waiting. ` : ''}
          Rating prices every agreement active in the month into draft invoices and runs the anomaly checks; approved and finalized
          invoices are never touched.
        </div>
      </div>
      <button type="button" className="btn btn-primary btn-lg" onClick={onRate} disabled={busy}>
        Rate {periodLabel(period)}
      </button>
    </div>
  );
}
