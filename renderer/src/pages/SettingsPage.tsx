/** What this installation is working with: reviewer, database, host and loaded periods. */
import type { ReactNode } from 'react';
import { LoadingState } from '../components/PageStates';
import { formatCount, periodShort } from '../lib/format';
import { useAppState } from '../state/app-state';

export function SettingsPage() {
  const { status, client } = useAppState();
  if (!status) return <LoadingState />;
  const items: [string, ReactNode][] = [
    ['Reviewer', <><strong>{status.reviewer}</strong><div className="muted">Recorded on every reviewer action in the audit log. Set by the host (the operating-system user, or <span className="mono">--as NAME</span>).</div></>],
    ['Database', <span className="mono">{status.dbPath}</span>],
    ['Running in', client.host === 'electron' ? 'Desktop app' : 'Browser preview (loopback host, token-protected)'],
    ['Periods with data', status.periods.length ? status.periods.map(periodShort).join(', ') : '—'],
    ['Rated periods', status.ratedPeriods.length ? status.ratedPeriods.map(periodShort).join(', ') : 'none yet'],
    [
      'Loaded',
      `${formatCount(status.counts.agreements)} agreements · ${formatCount(status.counts.usage)} usage records · ${formatCount(status.counts.hours)} time entries · ${formatCount(status.counts.rejected)} rejected rows · ${formatCount(status.counts.invoices)} invoices`,
    ],
    ['Money', 'Exact decimals end to end, rounded once per line to the currency’s minor unit, half away from zero.'],
  ];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Settings</h1>
          <p className="page-subtitle">This installation and the data it holds.</p>
        </div>
      </header>
      <section className="card">
        <dl className="settings-list">
          {items.map(([k, v]) => (
            <div key={k} className="settings-item">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
