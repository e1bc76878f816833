/**
 * Hash routing without a router dependency. The address is the one place the
 * period under review lives: every page but an invoice's carries it
 * ("#/invoices?period=2026-10&severity=error"; an invoice belongs to its own
 * period), so a link, a bookmark or the back button lands on exactly the same
 * view, and Import or Settings keep the period the reviewer came from.
 */
import { useEffect, useState } from 'react';

export interface InvoiceFilter {
  status?: string;
  severity?: string;
  owner?: string;
  /** an account id (from a chart) */
  account?: string;
}

export interface AnomalyFilter {
  rule?: string;
  severity?: string;
  status?: string;
  owner?: string;
}

export type Route =
  | { name: 'dashboard'; period: string | null }
  | { name: 'invoices'; period: string | null; filter?: InvoiceFilter }
  | { name: 'invoice'; invoiceId: string; lineKey: string | null; /** opened from this anomaly: its rows are flagged in the line's sources */ anomalyId?: string | null }
  | { name: 'anomalies'; period: string | null; filter?: AnomalyFilter }
  | { name: 'league'; period: string | null }
  | { name: 'receivables'; period: string | null; /** the account drilled into */ account?: string | null; /** the day aged on (default: today) */ asOf?: string | null }
  | { name: 'reconciliation'; period: string | null }
  | { name: 'runs'; period: string | null }
  | { name: 'export'; period: string | null }
  | { name: 'import'; period: string | null }
  | { name: 'settings'; period: string | null };

export type PeriodRoute = Extract<Route, { period: string | null }>;

export function isPeriodRoute(route: Route): route is PeriodRoute {
  return 'period' in route;
}

const INVOICE_FILTER_KEYS = ['status', 'severity', 'owner', 'account'] as const;
const ANOMALY_FILTER_KEYS = ['rule', 'severity', 'status', 'owner'] as const;

function pick<K extends string>(query: URLSearchParams, keys: readonly K[]): Partial<Record<K, string>> | undefined {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = query.get(key);
    if (value) out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, '') || '/dashboard';
  const [pathPart = '', queryPart = ''] = text.split('?', 2);
  const segments = pathPart.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const query = new URLSearchParams(queryPart);
  const period = query.get('period');
  switch (segments[0]) {
    case 'invoices':
      if (segments[1]) {
        // Credit note ids contain a slash ("AG-1@2026-10/CN1"): the rest of the path is the id.
        return { name: 'invoice', invoiceId: segments.slice(1).join('/'), lineKey: query.get('line') || null, anomalyId: query.get('anomaly') || null };
      }
      return { name: 'invoices', period, filter: pick(query, INVOICE_FILTER_KEYS) };
    case 'anomalies':
      return { name: 'anomalies', period, filter: pick(query, ANOMALY_FILTER_KEYS) };
    case 'league':
      return { name: 'league', period };
    case 'receivables':
      return { name: 'receivables', period, account: query.get('account') || null, asOf: query.get('asOf') || null };
    case 'reconciliation':
      return { name: 'reconciliation', period };
    case 'runs':
      return { name: 'runs', period };
    case 'export':
      return { name: 'export', period };
    case 'import':
      return { name: 'import', period };
    case 'settings':
      return { name: 'settings', period };
    default:
      return { name: 'dashboard', period };
  }
}

function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'invoice':
      return withQuery(`#/invoices/${encodeURIComponent(route.invoiceId)}`, { line: route.lineKey, anomaly: route.anomalyId });
    case 'invoices':
      return withQuery('#/invoices', { period: route.period, ...route.filter });
    case 'anomalies':
      return withQuery('#/anomalies', { period: route.period, ...route.filter });
    case 'receivables':
      return withQuery('#/receivables', { period: route.period, asOf: route.asOf, account: route.account });
    default:
      return withQuery(`#/${route.name}`, { period: route.period });
  }
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = hrefFor(route);
  if (window.location.hash === href) return;
  if (options.replace) {
    window.history.replaceState(null, '', href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = href;
  }
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
