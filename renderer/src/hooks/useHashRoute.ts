/**
 * Hash routing without a router dependency: "#/invoices?period=2026-10",
 * "#/invoices/<id>?line=12", "#/import", "#/anomalies", "#/settings".
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'invoices'; period: string | null }
  | { name: 'invoice'; invoiceId: string; lineId: number | null }
  | { name: 'import' }
  | { name: 'anomalies'; period: string | null }
  | { name: 'settings' };

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, '') || '/invoices';
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
        const line = Number(query.get('line'));
        return { name: 'invoice', invoiceId: segments[1], lineId: Number.isInteger(line) && line > 0 ? line : null };
      }
      return { name: 'invoices', period };
    case 'import':
      return { name: 'import' };
    case 'anomalies':
      return { name: 'anomalies', period };
    case 'settings':
      return { name: 'settings' };
    default:
      return { name: 'invoices', period };
  }
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'invoices':
      return route.period ? `#/invoices?period=${route.period}` : '#/invoices';
    case 'invoice':
      return `#/invoices/${encodeURIComponent(route.invoiceId)}${route.lineId ? `?line=${route.lineId}` : ''}`;
    case 'import':
      return '#/import';
    case 'anomalies':
      return route.period ? `#/anomalies?period=${route.period}` : '#/anomalies';
    case 'settings':
      return '#/settings';
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
