/** The app shell: brand, sidebar, top bar, the routed page and the notices. */
import { useCallback, useEffect } from 'react';
import { Sidebar, sectionOf } from './components/Sidebar';
import { TopBar, type Crumb } from './components/TopBar';
import { hrefFor, navigate, useHashRoute, type Route } from './hooks/useHashRoute';
import { AnomaliesPage } from './pages/AnomaliesPage';
import { ImportPage } from './pages/ImportPage';
import { InvoiceDetailPage } from './pages/InvoiceDetailPage';
import { InvoicesPage } from './pages/InvoicesPage';
import { SettingsPage } from './pages/SettingsPage';
import { useAppState } from './state/app-state';

const TITLES = { invoices: 'Invoices', import: 'Import', anomalies: 'Anomalies', settings: 'Settings' } as const;
const GROUP = { invoices: 'Review', anomalies: 'Review', import: 'Data', settings: 'Data' } as const;

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'invoices':
      return <InvoicesPage />;
    case 'invoice':
      return <InvoiceDetailPage key={route.invoiceId} invoiceId={route.invoiceId} lineId={route.lineId} />;
    case 'import':
      return <ImportPage />;
    case 'anomalies':
      return <AnomaliesPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function App() {
  const route = useHashRoute();
  const { period, setPeriod, status } = useAppState();

  // A period named in the address wins (deep links, back/forward) when the data has it.
  const routePeriod = route.name === 'invoices' || route.name === 'anomalies' ? route.period : null;
  useEffect(() => {
    if (routePeriod && status?.periods.includes(routePeriod) && routePeriod !== period) setPeriod(routePeriod);
  }, [routePeriod, status, period, setPeriod]);

  // Keep the address in step with the period shown on list pages.
  useEffect(() => {
    if (!period) return;
    if ((route.name === 'invoices' || route.name === 'anomalies') && route.period !== period && !(routePeriod && status?.periods.includes(routePeriod))) {
      navigate({ ...route, period }, { replace: true });
    }
  }, [route, period, routePeriod, status]);

  const onPeriodChange = useCallback(
    (next: string) => {
      setPeriod(next);
      if (route.name === 'invoices' || route.name === 'anomalies') navigate({ ...route, period: next }, { replace: true });
      else if (route.name === 'invoice') navigate({ name: 'invoices', period: next });
    },
    [route, setPeriod],
  );

  const section = sectionOf(route);
  const title = route.name === 'invoice' ? 'Invoice' : TITLES[section];
  const crumbs: Crumb[] =
    route.name === 'invoice'
      ? [{ label: GROUP[section] }, { label: TITLES[section], href: hrefFor({ name: 'invoices', period }) }, { label: route.invoiceId }]
      : [{ label: GROUP[section] }, { label: TITLES[section] }];
  useEffect(() => {
    document.title = `${title} · Billing Reviewer`;
  }, [title]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          BR
        </span>
        <span className="brand-name">Billing Reviewer</span>
      </div>
      <Sidebar route={route} />
      <TopBar crumbs={crumbs} onPeriodChange={onPeriodChange} />
      <main className="main" id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </div>
  );
}
