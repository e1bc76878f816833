import type { RerateImpact } from './api';

/** "Re-rated 2026-10: 3 of 40 drafts changed." — the one sentence every host shows after a change re-rated a period. */
export function describeRerate(impact: RerateImpact): string {
  const n = impact.changed.length;
  return `Re-rated ${impact.period}: ${n === 0 ? 'no draft changed' : `${n} of ${impact.drafts} draft${impact.drafts === 1 ? '' : 's'} changed`}.`;
}
