/** The app shell: brand, sidebar, top bar, the routed page and the notices. */
import { useCallback, useEffect } from 'react';
import { SECTION_TITLES, Sidebar, sectionOf } from './components/sidebar';
import { SkipToGrid } from './components/skip-to-grid';
import { TopBar, type Crumb } from './components/top-bar';
import { hrefFor, isPeriodRoute, navigate, useHashRoute, type AnomalyFilter, type InvoiceFilter, type Route } from './hooks/use-hash-route';
import { AnomaliesPage } from './pages/anomalies-page';
import { DashboardPage } from './pages/dashboard-page';
import { ExportPage } from './pages/export-page';
import { ImportPage } from './pages/import-page';
import { InvoiceDetailPage } from './pages/invoice-detail-page';
import { InvoicesPage } from './pages/invoices-page';
import { LeaguePage } from './pages/league-page';
import { ReceivablesPage } from './pages/receivables-page';
import { ReconciliationPage } from './pages/reconciliation-page';
import { RunsPage } from './pages/runs-page';
import { SettingsPage } from './pages/settings-page';
import { usePeriod } from './state/period';

// One empty filter for every render, so a page without filters does not see a new one each time (its grid would re-filter).
const NO_INVOICE_FILTER: InvoiceFilter = {};
const NO_ANOMALY_FILTER: AnomalyFilter = {};
/** the pages built around a grid, which open with a "Skip to grid" link */
const GRID_PAGES: ReadonlySet<Route['name']> = new Set(['invoices', 'anomalies', 'import']);

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'dashboard':
      return <DashboardPage />;
    case 'invoices':
      return <InvoicesPage filter={route.filter ?? NO_INVOICE_FILTER} />;
    case 'invoice':
      return <InvoiceDetailPage key={route.invoiceId} invoiceId={route.invoiceId} lineKey={route.lineKey} anomalyId={route.anomalyId ?? null} />;
    case 'anomalies':
      return <AnomaliesPage filter={route.filter ?? NO_ANOMALY_FILTER} />;
    case 'league':
      return <LeaguePage />;
    case 'receivables':
      return <ReceivablesPage account={route.account ?? null} asOf={route.asOf ?? null} />;
    case 'reconciliation':
      return <ReconciliationPage />;
    case 'runs':
      return <RunsPage />;
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
  const period = usePeriod();

  // A period page whose address names no period, or one the data does not have, shows the newest: the address says so.
  useEffect(() => {
    if (period && isPeriodRoute(route) && route.period !== period) navigate({ ...route, period }, { replace: true });
  }, [route, period]);

  const onPeriodChange = useCallback(
    (next: string) => {
      if (isPeriodRoute(route)) navigate({ ...route, period: next }, { replace: true });
      else navigate({ name: 'invoices', period: next });
    },
    [route],
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
      {/* The name is the document title's too (read on load); hidden here so no text sits outside the landmarks. */}
      <div className="brand" aria-hidden="true">
        <span className="brand-mark" aria-hidden="true">
          BR
        </span>
        <span className="brand-name">Billing Reviewer</span>
      </div>
      <Sidebar route={route} />
      <TopBar crumbs={crumbs} onPeriodChange={onPeriodChange} />
      <main className="main" id="main" tabIndex={-1}>
        {GRID_PAGES.has(route.name) ? <SkipToGrid /> : null}
        <Page route={route} />
      </main>
    </div>
  );
}
