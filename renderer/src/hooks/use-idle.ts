/**
 * True once the browser has been idle after the first paint: for work the page
 * does not need to show itself but a reviewer will ask for next (the source
 * rows' drawer builds its grid then, hidden, so opening a line does not wait
 * for it). The timeout bounds the wait on a page that never goes idle.
 */
import { useEffect, useState } from 'react';

export function useIdle(timeoutMs = 1500): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    const id = requestIdleCallback(() => setIdle(true), { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }, [timeoutMs]);
  return idle;
}
