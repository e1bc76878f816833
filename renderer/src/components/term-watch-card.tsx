/**
 * Bill cycles on the dashboard: commitments heading for a true-up and prepaid
 * blocks running out before their window ends, at the pace so far (the engine's
 * review/term-watch.ts). Each row opens the agreement's invoice of the period.
 * Shown only when there is something to watch.
 */
import type { DashboardSummary } from '../../../shared/api';
import { navigate } from '../hooks/use-hash-route';
import { groupDigits } from '../lib/format';

const invoiceOf = (agreementId: string, period: string) => `${agreementId}@${period}`;

export function TermWatchCard({ watch, period }: { watch: DashboardSummary['term_watch']; period: string }) {
  if (watch.commitments.length === 0 && watch.prepaid.length === 0) return null;
  const open = (agreementId: string) => navigate({ name: 'invoice', invoiceId: invoiceOf(agreementId, period), lineKey: null });
  return (
    <section className="card" aria-label="Commitments and prepaid units to watch" data-testid="term-watch">
      <div className="card-header">
        <h2 className="card-title">Commitments and prepaid units to watch</h2>
        <span className="card-subtitle">at the pace billed so far · click to open the invoice</span>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Agreement</th>
            <th>Window</th>
            <th>Watch</th>
            <th className="num">So far</th>
            <th className="num">At this pace</th>
          </tr>
        </thead>
        <tbody>
          {watch.commitments.map((c) => (
            <tr key={`c-${c.agreement_id}`} className="row-link" onClick={() => open(c.agreement_id)}>
              <td>
                {c.agreement_id} · {c.account_id}
              </td>
              <td>
                {c.from} to {c.to}
              </td>
              <td>
                Commitment of {c.currency} {groupDigits(c.committed)}
              </td>
              <td className="num">
                {c.currency} {groupDigits(c.billed_so_far)} billed
              </td>
              <td className="num">
                true-up {c.currency} {groupDigits(c.projected_true_up)}
              </td>
            </tr>
          ))}
          {watch.prepaid.map((p) => (
            <tr key={`p-${p.agreement_id}-${p.metric}-${p.from}`} className="row-link" onClick={() => open(p.agreement_id)}>
              <td>
                {p.agreement_id} · {p.account_id}
              </td>
              <td>
                {p.from} to {p.to}
              </td>
              <td>
                {groupDigits(p.units)} prepaid {p.metric}
              </td>
              <td className="num">
                {groupDigits(p.used)} used, {groupDigits(p.left)} left
              </td>
              <td className="num">{p.left === '0' ? `used up, ${p.months_left} months to go` : `runs out before ${p.to}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
