/**
 * Typed access to the API through the query cache: `useApi(method, args)`
 * reads (key [method, args]; null args wait), `useApiMutation(method)` writes
 * and then invalidates what the method changes.
 */
import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { getClient, toApiCallError, type ApiCallError, type ArgsOf, type MethodName, type ResultOf } from '../api-client';
import { invalidateAfter, invalidateMethods } from './query-client';
import type { WriteMethod } from './invalidation';

export function apiKey<M extends MethodName>(method: M, args: ArgsOf<M>): readonly [M, ArgsOf<M>] {
  return [method, args];
}

async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  try {
    return await getClient().call(method, args);
  } catch (error) {
    throw toApiCallError(error);
  }
}

export function useApi<M extends MethodName>(method: M, args: ArgsOf<M> | null): UseQueryResult<ResultOf<M>, ApiCallError> {
  return useQuery<ResultOf<M>, ApiCallError>({
    queryKey: args === null ? [method, 'waiting'] : apiKey(method, args),
    queryFn: () => call(method, args as ArgsOf<M>),
    enabled: args !== null,
  });
}

export function useApiMutation<M extends WriteMethod>(method: M, options: { invalidates?: readonly MethodName[] } = {}): UseMutationResult<ResultOf<M>, ApiCallError, ArgsOf<M>> {
  const queryClient = useQueryClient();
  return useMutation<ResultOf<M>, ApiCallError, ArgsOf<M>>({
    mutationFn: (args) => call(method, args),
    // Not awaited: the caller goes on at once (closing a drawer, leaving a discarded credit note's page) while what changed is read again.
    onSuccess: () => {
      void (options.invalidates ? invalidateMethods(queryClient, options.invalidates) : invalidateAfter(queryClient, method));
    },
  });
}
