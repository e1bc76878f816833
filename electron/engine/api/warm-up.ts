/**
 * The reads of the app's first screen, run once as a host starts. While the window loads and
 * compiles the renderer (0.5–0.7 s cold), SQLite's page cache and V8's code for these paths warm
 * up, so the reviewer's first requests do not pay for them. On the 1M-row bench book the host's
 * first app.status took 213–824 ms and the second 7–11 ms; the first invoices.list 146–313 ms and
 * the second 63–92 ms. Only reads, through the same dispatcher the renderer calls; whatever fails
 * here fails again in the first real request, which reports it, so the outcome is not kept.
 */
import type { AppStatus } from '../../../shared/api';
import { dispatch, type Handlers } from './handlers';

export async function warmUp(handlers: Handlers): Promise<void> {
  const status = await dispatch(handlers, 'app.status', {});
  if (!status.ok) return;
  // The period the renderer opens on (state/period.ts): the latest with data, when it has invoices.
  const { periods, rated_periods: rated } = status.result as AppStatus;
  const period = periods[0];
  if (period !== undefined && rated.includes(period)) await dispatch(handlers, 'invoices.list', { period });
}
