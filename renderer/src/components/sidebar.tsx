/** The left navigation: review work first, data and settings below. */
import type { Route } from '../hooks/use-hash-route';
import { hrefFor } from '../hooks/use-hash-route';
import { formatCount } from '../lib/format';
import { useAppState } from '../state/app-state';
import { usePeriod } from '../state/period';
import { Icon, type IconName } from './icon';

export type Section = 'dashboard' | 'invoices' | 'anomalies' | 'league' | 'receivables' | 'reconciliation' | 'runs' | 'export' | 'import' | 'settings';

export function sectionOf(route: Route): Section {
  return route.name === 'invoice' ? 'invoices' : route.name;
}

export const SECTION_TITLES: Record<Section, string> = {
  dashboard: 'Dashboard',
  invoices: 'Invoices',
  anomalies: 'Anomalies',
  league: 'Owners',
  receivables: 'Receivables',
  reconciliation: 'Reconciliation',
  runs: 'Bill runs',
  export: 'Export',
  import: 'Import',
  settings: 'Settings',
};

export function Sidebar({ route }: { route: Route }) {
  const { status } = useAppState();
  const period = usePeriod();
  const current = sectionOf(route);
  const groups: { title: string; items: { id: Section; icon: IconName; href: string }[] }[] = [
    {
      title: 'Review',
      items: [
        { id: 'dashboard', icon: 'dashboard', href: hrefFor({ name: 'dashboard', period }) },
        { id: 'invoices', icon: 'invoices', href: hrefFor({ name: 'invoices', period }) },
        { id: 'anomalies', icon: 'anomalies', href: hrefFor({ name: 'anomalies', period }) },
        { id: 'league', icon: 'trophy', href: hrefFor({ name: 'league', period }) },
        { id: 'receivables', icon: 'clock', href: hrefFor({ name: 'receivables', period }) },
        { id: 'reconciliation', icon: 'scale', href: hrefFor({ name: 'reconciliation', period }) },
        { id: 'runs', icon: 'clock', href: hrefFor({ name: 'runs', period }) },
        { id: 'export', icon: 'send', href: hrefFor({ name: 'export', period }) },
      ],
    },
    {
      title: 'Data',
      items: [
        { id: 'import', icon: 'import', href: hrefFor({ name: 'import', period }) },
        { id: 'settings', icon: 'settings', href: hrefFor({ name: 'settings', period }) },
      ],
    },
  ];
  return (
    <nav className="sidebar" aria-label="Main">
      {groups.map((group) => (
        <div key={group.title} style={{ display: 'contents' }}>
          <div className="sidebar-section">{group.title}</div>
          {group.items.map((item) => (
            <a key={item.id} className="nav-link" href={item.href} aria-current={current === item.id ? 'page' : undefined} title={SECTION_TITLES[item.id]}>
              <Icon name={item.icon} size={16} />
              {/* below 1,200 px the sidebar folds to its icons; the label stays for screen readers (styles/responsive.css) */}
              <span className="nav-label">{SECTION_TITLES[item.id]}</span>
            </a>
          ))}
        </div>
      ))}
      <div className="sidebar-footer">
        <span>
          <Icon name="database" size={12} /> Local database · offline
        </span>
        {status ? (
          <span className="db-path" title={status.db_path}>
            {status.db_path}
          </span>
        ) : null}
        {status ? (
          <span>
            {formatCount(status.counts.agreements)} agreements · {formatCount(status.counts.invoices)} invoices
          </span>
        ) : null}
      </div>
    </nav>
  );
}
