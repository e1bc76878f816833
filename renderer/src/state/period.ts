/**
 * The period under review, read from the address (the one source of truth):
 * the route's period when the data has it, else the newest period; on an
 * invoice's page, the invoice's own period.
 */
import { useApi } from '../data/use-api';
import { isPeriodRoute, useHashRoute, type Route } from '../hooks/use-hash-route';
import { useAppState } from './app-state';

export function resolvePeriod(route: Route, periods: readonly string[] | null, invoicePeriod: string | null): string | null {
  if (!isPeriodRoute(route)) return invoicePeriod;
  if (periods === null) return route.period;
  return route.period !== null && periods.includes(route.period) ? route.period : (periods[0] ?? null);
}

export function usePeriod(): string | null {
  const route = useHashRoute();
  const { status } = useAppState();
  // The same query the invoice page reads, so it costs no second call.
  const invoice = useApi('invoices.get', route.name === 'invoice' ? { invoice_id: route.invoiceId } : null);
  return resolvePeriod(route, status?.periods ?? null, invoice.data?.invoice.period ?? null);
}
