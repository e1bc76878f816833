/**
 * What every page needs: the client, app.status (reloadable), and the period
 * under review (defaults to the newest period the data has).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppStatus, ImportFileResult } from '../../../shared/api';
import { getClient, type RendererClient } from '../api-client';
import { useToast } from './toasts';

interface AppState {
  client: RendererClient;
  status: AppStatus | null;
  statusError: string | null;
  refreshStatus(): Promise<AppStatus | null>;
  period: string | null;
  setPeriod(period: string): void;
  hasData: boolean;
  /** the per-file results of the last import of this session */
  lastImport: { at: Date; results: ImportFileResult[] } | null;
  setLastImport(results: ImportFileResult[]): void;
}

const AppStateContext = createContext<AppState | null>(null);

export function hasAnyData(status: AppStatus): boolean {
  const c = status.counts;
  return c.agreements + c.usage + c.hours + c.invoices + c.rejected > 0;
}

export function AppStateProvider({ children, initialPeriod }: { children: ReactNode; initialPeriod: string | null }) {
  const client = getClient();
  const toast = useToast();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [period, setPeriodState] = useState<string | null>(initialPeriod);

  const refreshStatus = useCallback(async () => {
    try {
      const next = await client.call('app.status', {});
      setStatus(next);
      setStatusError(null);
      setPeriodState((current) => (current && next.periods.includes(current) ? current : (next.periods[0] ?? null)));
      return next;
    } catch (error) {
      setStatusError(error instanceof Error ? error.message : String(error));
      toast.error(error, 'Could not load the app status');
      return null;
    }
  }, [client, toast]);

  useEffect(() => {
    void refreshStatus();
  }, [refreshStatus]);

  const setPeriod = useCallback((next: string) => setPeriodState(next), []);
  const [lastImport, setLastImportState] = useState<AppState['lastImport']>(null);
  const setLastImport = useCallback((results: ImportFileResult[]) => setLastImportState({ at: new Date(), results }), []);

  const value = useMemo<AppState>(
    () => ({
      client,
      status,
      statusError,
      refreshStatus,
      period,
      setPeriod,
      hasData: status ? hasAnyData(status) : false,
      lastImport,
      setLastImport,
    }),
    [client, status, statusError, refreshStatus, period, setPeriod, lastImport, setLastImport],
  );
  return <AppStateContext.Provider value={value}>{children}</AppStateContext.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState outside AppStateProvider');
  return state;
}
