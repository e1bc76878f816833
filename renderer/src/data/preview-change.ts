/**
 * Preview before apply: runs a data-changing method through `changes.preview`
 * (the real change, rolled back) and answers its impact with the method's own
 * result, checked against that method's result schema.
 */
import { api, type ChangeImpact, type PreviewableMethod, type PreviewRequest, type ResultOf } from '../../../shared/api';
import type { RendererClient } from '../api-client';

export interface PreviewOf<M extends PreviewableMethod> {
  impact: ChangeImpact;
  result: ResultOf<M>;
}

export async function previewChange<M extends PreviewableMethod>(client: RendererClient, request: Extract<PreviewRequest, { method: M }>): Promise<PreviewOf<M>> {
  const { impact, result } = await client.call('changes.preview', request);
  return { impact, result: api[request.method].result.parse(result) as ResultOf<M> };
}
