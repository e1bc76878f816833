/** The app shell: brand, sidebar, top bar, the routed page and the notices. */
import { useCallback, useEffect } from 'react';
import { SECTION_TITLES, Sidebar, sectionOf } from './components/Sidebar';
import { TopBar, type Crumb } from './components/TopBar';
import { hrefFor, isPeriodRoute, navigate, useHashRoute, type Route } from './hooks/useHashRoute';
import { AnomaliesPage } from './pages/AnomaliesPage';
import { DashboardPage } from './pages/DashboardPage';
import { ExportPage } from './pages/ExportPage';
import { ImportPage } from './pages/ImportPage';
import { InvoiceDetailPage } from './pages/InvoiceDetailPage';
import { InvoicesPage } from './pages/InvoicesPage';
import { LeaguePage } from './pages/LeaguePage';
import { ReconciliationPage } from './pages/ReconciliationPage';
import { SettingsPage } from './pages/SettingsPage';
import { useAppState } from './state/app-state';

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'dashboard':
      return <DashboardPage />;
    case 'invoices':
      return <InvoicesPage filter={route.filter ?? {}} />;
    case 'invoice':
      return <InvoiceDetailPage key={route.invoiceId} invoiceId={route.invoiceId} lineKey={route.lineKey} anomalyId={route.anomalyId ?? null} />;
    case 'anomalies':
      return <AnomaliesPage filter={route.filter ?? {}} />;
    case 'league':
      return <LeaguePage />;
    case 'reconciliation':
      return <ReconciliationPage />;
    case 'export':
      return <ExportPage />;
    case 'import':
      return <ImportPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function App() {
  const route = useHashRoute();
  const { period, setPeriod, status } = useAppState();

  // A period named in the address wins (deep links, back/forward) when the data has it.
  const routePeriod = isPeriodRoute(route) ? route.period : null;
  const routePeriodKnown = routePeriod !== null && (status?.periods.includes(routePeriod) ?? false);
  useEffect(() => {
    if (routePeriod && routePeriodKnown && routePeriod !== period) setPeriod(routePeriod);
  }, [routePeriod, routePeriodKnown, period, setPeriod]);

  // Keep the address in step with the period shown on period pages.
  useEffect(() => {
    if (!period || !isPeriodRoute(route)) return;
    if (route.period !== period && !routePeriodKnown) navigate({ ...route, period }, { replace: true });
  }, [route, period, routePeriodKnown]);

  const onPeriodChange = useCallback(
    (next: string) => {
      setPeriod(next);
      if (isPeriodRoute(route)) navigate({ ...route, period: next }, { replace: true });
      else if (route.name === 'invoice') navigate({ name: 'invoices', period: next });
    },
    [route, setPeriod],
  );

  const section = sectionOf(route);
  const group = section === 'import' || section === 'settings' ? 'Data' : 'Review';
  const title = route.name === 'invoice' ? 'Invoice' : SECTION_TITLES[section];
  const crumbs: Crumb[] =
    route.name === 'invoice'
      ? [{ label: group }, { label: SECTION_TITLES.invoices, href: hrefFor({ name: 'invoices', period }) }, { label: route.invoiceId }]
      : [{ label: group }, { label: SECTION_TITLES[section] }];
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
