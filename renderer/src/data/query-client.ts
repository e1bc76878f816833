/**
 * The renderer's one cache of server state (TanStack Query). Every answer is
 * keyed by [method, args]; writes invalidate the methods they change (see
 * invalidation.ts), so no page reloads by hand.
 */
import { QueryClient } from '@tanstack/react-query';
import type { MethodName } from '../../../shared/api';
import { CHANGES, type WriteMethod } from './invalidation';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The error card has its own "Try again"; an automatic retry would only delay a one-sentence error.
        retry: false,
        // A grid the user is working in must not reload (and lose its scroll) because the window got focus.
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

/** Marks every cached answer of these methods stale; those on screen are fetched again at once. */
export function invalidateMethods(client: QueryClient, methods: readonly MethodName[]): Promise<void> {
  if (methods.length === 0) return Promise.resolve();
  const names = new Set<unknown>(methods);
  return client.invalidateQueries({ predicate: (query) => names.has(query.queryKey[0]) });
}

/** What has to be read again after `method` wrote. */
export function invalidateAfter(client: QueryClient, method: WriteMethod): Promise<void> {
  return invalidateMethods(client, CHANGES[method]);
}
