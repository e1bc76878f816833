/**
 * A period's lock (change-control.md): a visible "Closed" state with who
 * closed it and why, and close / reopen with a reason. Pages ask
 * `usePeriodLock` to disable what a closed period refuses, saying why.
 */
import { useState } from 'react';
import type { PeriodLockInfo } from '../../../shared/api';
import { useApi, useApiMutation } from '../data/use-api';
import { periodLabel } from '../lib/format';
import { useToast } from '../state/toasts';
import { Icon } from './icon';
import { ReasonDrawer } from './reason-drawer';

/** The period's lock, or null while it is open (and while loading). */
export function usePeriodLock(period: string | null): PeriodLockInfo | null {
  return useApi('period.lock', period ? { period } : null).data ?? null;
}

/** What a disabled control says when the period is closed. */
export function lockedTitle(lock: PeriodLockInfo): string {
  return `${periodLabel(lock.period)} is closed (by ${lock.closed_by}: ${lock.reason}); reopen it first`;
}

export function PeriodLockControl({ period }: { period: string }) {
  const toast = useToast();
  const lock = usePeriodLock(period);
  const close = useApiMutation('period.close');
  const reopen = useApiMutation('period.reopen');
  const [asking, setAsking] = useState(false);

  async function confirm(reason: string): Promise<string | null> {
    try {
      if (lock) await reopen.mutateAsync({ period, reason });
      else await close.mutateAsync({ period, reason });
      toast.success(lock ? 'Rating, adjustments, approvals and corrections are allowed again.' : 'Rating, adjustments, approvals and corrections are refused until it is reopened.', lock ? 'Period reopened' : 'Period closed');
      setAsking(false);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  return (
    <>
      {lock ? (
        <span className="chip chip-closed" data-testid="period-closed-chip" title={`Closed by ${lock.closed_by} on ${lock.closed_at.slice(0, 10)}: ${lock.reason}`}>
          <Icon name="pause" size={12} /> Closed · {lock.reason}
        </span>
      ) : null}
      <button type="button" className="btn" onClick={() => setAsking(true)} data-testid={lock ? 'reopen-period' : 'close-period'}>
        {lock ? 'Reopen period…' : 'Close period…'}
      </button>
      {asking ? (
        <ReasonDrawer
          title={`${lock ? 'Reopen' : 'Close'} ${periodLabel(period)}`}
          subtitle={lock ? `Closed by ${lock.closed_by}: ${lock.reason}` : undefined}
          label="Reason (recorded in the audit trail)"
          confirm={lock ? 'Reopen period' : 'Close period'}
          danger={!lock}
          testId="period-lock-drawer"
          onClose={() => setAsking(false)}
          onConfirm={confirm}
        >
          <p>
            {lock
              ? 'Reopening lets the period be rated, adjusted, corrected and approved again; rows that arrived while it was closed are billed at the next rating.'
              : 'A closed period keeps its invoices as they are: rating, adjustments, approvals, corrections and undoing the imports that fed it are refused. Late rows dated in it still import and show as unbilled.'}
          </p>
        </ReasonDrawer>
      ) : null}
    </>
  );
}
