/**
 * An axis label that is also the way into what it labels, for the mouse. It is
 * not focusable and has no role: the chart is one image to assistive
 * technology (charts/chart-figure.tsx), and its "Show as table" rows are the
 * keyboard's way to the same place.
 */

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
    return (
      <text x={Number(props.x ?? 0)} y={Number(props.y ?? 0)} dy={options.dy ?? 4} textAnchor={options.anchor ?? 'end'} className="chart-tick-link" onClick={() => onPick(value)}>
        {options.title ? <title>{options.title(value)}</title> : null}
        {options.label ? options.label(value) : value}
      </text>
    );
  };
}
