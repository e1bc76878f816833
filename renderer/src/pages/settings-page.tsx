/** The reviewer, the anomaly rules, and what this installation is working with. */
import type { ReactNode } from 'react';
import { LoadingState } from '../components/page-states';
import { BrandingSettings } from '../components/branding-settings';
import { FourEyesSetting } from '../components/four-eyes-setting';
import { LedgerAccountsSettings } from '../components/ledger-accounts-settings';
import { ReviewerSetting } from '../components/reviewer-setting';
import { RuleSettings } from '../components/rule-settings';
import { ThemeSetting } from '../components/theme-setting';
import { formatCount, periodShort } from '../lib/format';
import { useAppState } from '../state/app-state';

export function SettingsPage() {
  const { status, client } = useAppState();
  if (!status) return <LoadingState />;
  const items: [string, ReactNode][] = [
    [
      'Reviewer',
      <>
        <ReviewerSetting />
        <div className="muted" style={{ marginTop: 'var(--space-2)' }}>
          Recorded with every approval, adjustment, review note and import in the audit trail. Defaults to the operating-system user ({status.host_reviewer}); the command line names
          whoever runs it (<span className="mono">--as NAME</span>).
        </div>
      </>,
    ],
    [
      'Four eyes',
      <>
        <FourEyesSetting />
        <div className="muted" style={{ marginTop: 'var(--space-2)' }}>
          With a second person required, whoever last changed an invoice (rated its period by hand, adjusted it, excluded one of its rows, overrode a quantity or reviewed one of
          its anomalies) cannot approve it; the reviewer name above says who you are.
        </div>
      </>,
    ],
    ['Appearance', <ThemeSetting />],
    ['Database', <span className="mono">{status.db_path}</span>],
    ['Running in', client.host === 'electron' ? 'Desktop app' : 'Browser preview (loopback host, token-protected)'],
    ['Periods with data', status.periods.length ? status.periods.map(periodShort).join(', ') : '—'],
    ['Rated periods', status.rated_periods.length ? status.rated_periods.map(periodShort).join(', ') : 'none yet'],
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
          <p className="page-subtitle">Who reviews, how anomalies are judged, and the data this installation holds.</p>
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
      <BrandingSettings />
      <LedgerAccountsSettings />
      <RuleSettings />
    </div>
  );
}
