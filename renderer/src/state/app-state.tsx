/**
 * What every page needs: the client, app.status (a query: whatever changes the
 * loaded data invalidates it) and the results of the last import. The period
 * under review is not here: it lives in the address (state/period.ts).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppStatus, ImportFileResult } from '../../../shared/api';
import { getClient, type RendererClient } from '../api-client';
import { useApi } from '../data/use-api';
import { useToast } from './toasts';

interface AppState {
  client: RendererClient;
  status: AppStatus | null;
  statusError: string | null;
  hasData: boolean;
  /** the per-file results of the last import of this session */
  lastImport: { at: Date; results: ImportFileResult[] } | null;
  setLastImport: (results: ImportFileResult[]) => void;
}

const AppStateContext = createContext<AppState | null>(null);

export function hasAnyData(status: AppStatus): boolean {
  const c = status.counts;
  return c.agreements + c.usage + c.hours + c.invoices + c.rejected > 0;
}

export function AppStateProvider({ children }: { children: ReactNode }) {
  const client = getClient();
  const toast = useToast();
  const statusQuery = useApi('app.status', {});
  const status = statusQuery.data ?? null;
  const statusError = statusQuery.error?.message ?? null;
  useEffect(() => {
    if (statusError) toast.error(statusError, 'Could not load the app status');
  }, [statusError, toast]);

  const [lastImport, setLastImportState] = useState<AppState['lastImport']>(null);
  const setLastImport = useCallback((results: ImportFileResult[]) => setLastImportState({ at: new Date(), results }), []);

  const value = useMemo<AppState>(
    () => ({ client, status, statusError, hasData: status ? hasAnyData(status) : false, lastImport, setLastImport }),
    [client, status, statusError, lastImport, setLastImport],
  );
  return <AppStateContext.Provider value={value}>{children}</AppStateContext.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState outside AppStateProvider');
  return state;
}
