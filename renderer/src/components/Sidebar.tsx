/** The left navigation. */
import type { Route } from '../hooks/useHashRoute';
import { hrefFor } from '../hooks/useHashRoute';
import { formatCount } from '../lib/format';
import { useAppState } from '../state/app-state';
import { Icon, type IconName } from './Icon';

type Section = 'invoices' | 'import' | 'anomalies' | 'settings';

export function sectionOf(route: Route): Section {
  return route.name === 'invoice' ? 'invoices' : route.name;
}

export function Sidebar({ route }: { route: Route }) {
  const { status, period } = useAppState();
  const current = sectionOf(route);
  const items: { id: Section; label: string; icon: IconName; href: string; count?: number }[] = [
    { id: 'invoices', label: 'Invoices', icon: 'invoices', href: hrefFor({ name: 'invoices', period }) },
    { id: 'anomalies', label: 'Anomalies', icon: 'anomalies', href: hrefFor({ name: 'anomalies', period }) },
    { id: 'import', label: 'Import', icon: 'import', href: hrefFor({ name: 'import' }) },
    { id: 'settings', label: 'Settings', icon: 'settings', href: hrefFor({ name: 'settings' }) },
  ];
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="sidebar-section">Review</div>
      {items.slice(0, 2).map((item) => (
        <NavLink key={item.id} {...item} current={current === item.id} />
      ))}
      <div className="sidebar-section">Data</div>
      {items.slice(2).map((item) => (
        <NavLink key={item.id} {...item} current={current === item.id} />
      ))}
      <div className="sidebar-footer">
        <span>
          <Icon name="database" size={12} /> Local database · offline
        </span>
        {status ? (
          <span className="db-path" title={status.dbPath}>
            {status.dbPath}
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

function NavLink({ label, icon, href, current, count }: { label: string; icon: IconName; href: string; current: boolean; count?: number }) {
  return (
    <a className="nav-link" href={href} aria-current={current ? 'page' : undefined}>
      <Icon name={icon} size={16} />
      {label}
      {count !== undefined ? <span className="nav-count">{formatCount(count)}</span> : null}
    </a>
  );
}
