/** One look for every chart: axis text, grid and tooltip from the design tokens. */
import type { LineKind } from '../../../../shared/domain';

export const AXIS_TICK = { fontSize: 11, fill: 'var(--color-text-muted)' } as const;
export const TOOLTIP_STYLE = {
  background: 'var(--color-surface-raised)',
  border: '1px solid var(--color-border)',
  borderRadius: 6,
  fontSize: 12,
  color: 'var(--color-text)',
} as const;
export const SEVERITY_COLOR = { error: 'var(--color-error)', warning: 'var(--color-warning)', info: 'var(--color-info)' } as const;
export const KIND_COLOR: Record<LineKind, string> = {
  recurring: 'var(--chart-1)',
  usage: 'var(--chart-2)',
  hours: 'var(--chart-3)',
  one_time: 'var(--chart-4)',
  minimum: 'var(--color-text-faint)',
  true_up: 'var(--color-warning)',
  discount: 'var(--color-error)',
  adjustment: 'var(--color-info)',
};

/** A compact axis label for large amounts: 1.2M, 45k. The exact figure is in the tooltip. */
export function compactAmount(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return String(value);
}
