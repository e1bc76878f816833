/**
 * What removing an adjustment or a quantity override would change, measured
 * when its reason drawer opens (change-control.md), as the undo drawer does for
 * an import: the removal is run and rolled back with a stand-in reason (a
 * reason moves no figure), and the drawer's own Confirm applies it.
 */
import { useEffect, useState } from 'react';
import type { ChangeImpact, PreviewRequest } from '../../../shared/api';
import { toApiCallError } from '../api-client';
import { previewChange } from '../data/preview-change';
import { useAppState } from '../state/app-state';
import { ImpactSummary } from './change-preview';

export function RemovalPreview({ request, what }: { request: PreviewRequest; what: string }) {
  const { client } = useAppState();
  const [impact, setImpact] = useState<ChangeImpact | { refused: string } | null>(null);
  // The request by value: a new object with the same content is the same preview.
  const key = JSON.stringify(request);
  useEffect(() => {
    let current = true;
    previewChange(client, JSON.parse(key) as PreviewRequest).then(
      (previewed) => current && setImpact(previewed.impact),
      (error: unknown) => current && setImpact({ refused: toApiCallError(error).message }),
    );
    return () => {
      current = false;
    };
  }, [client, key]);
  return (
    <div data-testid="removal-preview">
      <h3 className="change-preview-subtitle">What {what} would change</h3>
      {impact === null ? <p className="muted">Measuring…</p> : 'refused' in impact ? <p className="muted">{impact.refused}</p> : <ImpactSummary impact={impact} />}
    </div>
  );
}
