/**
 * Preview before apply for the invoice page's own changes (change-control.md):
 * an adjustment, a quantity override or its removal, a row excluded or included
 * again is first run through `changes.preview` (the real change, rolled back);
 * the form shows the impact and applies only on Confirm. Editing the form
 * drops the preview, so what is confirmed is always what was previewed.
 */
import { useCallback, useState } from 'react';
import type { ChangeImpact, PreviewRequest } from '../../../shared/api';
import { toApiCallError } from '../api-client';
import { previewChange } from '../data/preview-change';
import { useAppState } from '../state/app-state';

export function useChangePreview() {
  const { client } = useAppState();
  const [impact, setImpact] = useState<ChangeImpact | null>(null);
  const [previewing, setPreviewing] = useState(false);

  /** Measures the change; answers the refusal sentence when the engine refuses it (nothing to confirm then). */
  const preview = useCallback(
    async (request: PreviewRequest): Promise<string | null> => {
      setPreviewing(true);
      try {
        const previewed = await previewChange(client, request);
        setImpact(previewed.impact);
        return null;
      } catch (error) {
        setImpact(null);
        return toApiCallError(error).message;
      } finally {
        setPreviewing(false);
      }
    },
    [client],
  );
  const clear = useCallback(() => setImpact(null), []);
  return { impact, previewing, preview, clear };
}
