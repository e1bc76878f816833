/** Loads one API result for the current arguments; stale answers are ignored. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiCallError, type ArgsOf, type MethodName, type ResultOf } from '../api-client';
import { useAppState } from '../state/app-state';

export interface Query<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

export function useApiQuery<M extends MethodName>(method: M, args: ArgsOf<M> | null): Query<ResultOf<M>> {
  const { client } = useAppState();
  const key = args === null ? null : JSON.stringify(args);
  const [state, setState] = useState<{ key: string | null; data: ResultOf<M> | null; error: string | null; loading: boolean }>({
    key: null,
    data: null,
    error: null,
    loading: args !== null,
  });
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (key === null) {
      setState({ key, data: null, error: null, loading: false });
      return;
    }
    const ticket = ++latest.current;
    setState((s) => ({ key, data: s.key === key ? s.data : null, error: null, loading: true }));
    client.call(method, JSON.parse(key) as ArgsOf<M>).then(
      (data) => ticket === latest.current && setState({ key, data, error: null, loading: false }),
      (error: unknown) => ticket === latest.current && setState({ key, data: null, error: toApiCallError(error).message, loading: false }),
    );
  }, [client, method, key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, loading: !current || state.loading, reload };
}
