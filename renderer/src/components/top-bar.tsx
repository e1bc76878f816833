/** Page title, the period picker and who is reviewing. */
import { initials } from '../lib/format';
import { useAppState } from '../state/app-state';
import { usePeriod } from '../state/period';
import { PeriodPicker } from './period-picker';

export interface Crumb {
  label: string;
  href?: string;
}

export function TopBar({ crumbs, onPeriodChange }: { crumbs: Crumb[]; onPeriodChange: (period: string) => void }) {
  const { status } = useAppState();
  const period = usePeriod();
  const rated = period !== null && (status?.rated_periods.includes(period) ?? false);
  return (
    <header className="topbar">
      <nav className="crumbs" aria-label="Breadcrumb">
        {crumbs.map((crumb, i) => {
          const last = i === crumbs.length - 1;
          return (
            <span key={`${crumb.label}-${i}`} style={{ display: 'contents' }}>
              {i > 0 ? (
                <span className="sep" aria-hidden="true">
                  /
                </span>
              ) : null}
              {last ? (
                <span className="crumb-current" aria-current="page">
                  {crumb.label}
                </span>
              ) : crumb.href ? (
                <a href={crumb.href}>{crumb.label}</a>
              ) : (
                <span className="crumb-muted">{crumb.label}</span>
              )}
            </span>
          );
        })}
      </nav>
      <div className="topbar-spacer" />
      {status && status.periods.length > 0 ? (
        <>
          <PeriodPicker periods={status.periods} rated={status.rated_periods} value={period} onChange={onPeriodChange} />
          <span className={`chip ${rated ? 'chip-approved' : 'chip-draft'}`} data-testid="period-state">
            <span className={`dot ${rated ? 'dot-approved' : 'dot-draft'}`} aria-hidden="true" />
            {rated ? 'Rated' : 'Not rated'}
          </span>
        </>
      ) : null}
      {status ? (
        <div className="reviewer" title="Reviewer recorded on every action">
          <span className="avatar" aria-hidden="true">
            {initials(status.reviewer)}
          </span>
          <span>
            <span className="sr-only">Reviewer: </span>
            {status.reviewer}
          </span>
        </div>
      ) : null}
    </header>
  );
}
