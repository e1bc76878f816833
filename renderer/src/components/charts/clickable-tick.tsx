/**
 * An axis label that is also the way into what it labels: clickable, and a
 * keyboard-reachable link for people who do not use a mouse (bars in an SVG
 * are not focusable).
 */
import type { KeyboardEvent } from 'react';

interface TickProps {
  x?: number | string;
  y?: number | string;
  /** the category the tick labels: a period, a rule, an invoice id */
  payload?: { value?: string | number };
  textAnchor?: string;
}

export function clickableTick(onPick: (value: string) => void, options: { anchor?: 'end' | 'middle'; dy?: number; label?: (value: string) => string; title?: (value: string) => string } = {}) {
  return function Tick(props: TickProps) {
    const value = String(props.payload?.value ?? '');
    const onKey = (e: KeyboardEvent<SVGTextElement>) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onPick(value);
      }
    };
    return (
      <text
        x={Number(props.x ?? 0)}
        y={Number(props.y ?? 0)}
        dy={options.dy ?? 4}
        textAnchor={options.anchor ?? 'end'}
        className="chart-tick-link"
        role="link"
        tabIndex={0}
        aria-label={options.title ? options.title(value) : value}
        onClick={() => onPick(value)}
        onKeyDown={onKey}
      >
        {options.label ? options.label(value) : value}
      </text>
    );
  };
}
