/**
 * A chart and its accessible twin. The chart is one tab stop, an image with a
 * name and a one-sentence description (its SVG parts are not focusable: a
 * keyboard would otherwise walk through every axis label). "Show as table"
 * swaps it for a table of the same figures, which a screen reader reads
 * cell by cell; when the chart's bars lead somewhere, each row leads to the
 * same place on click or Enter.
 */
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface ChartTableRow {
  /** what a click on the row's bar would pick (a period, a rule, an invoice id) */
  key: string;
  /** the row's cells, first the category, then the figures (as the tooltip shows them) */
  cells: string[];
}

export function ChartFigure({
  name,
  description,
  columns,
  rows,
  onPick,
  pickHint,
  height,
  testId,
  children,
}: {
  name: string;
  description: string;
  columns: string[];
  rows: ChartTableRow[];
  onPick?: (key: string) => void;
  /** what a click or Enter on a row does, read with the table's caption ("Enter on a row opens that month") */
  pickHint?: string;
  height: number;
  testId: string;
  /** the Recharts chart, with accessibilityLayer off (the box is the one focusable element) */
  children: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  const descriptionId = useId();
  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, key: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick?.(key);
    }
  };
  return (
    <figure className="chart-figure">
      <div className="chart-toolbar">
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setAsTable(!asTable)} data-testid={`${testId}-toggle`}>
          {asTable ? 'Show as chart' : 'Show as table'}
        </button>
      </div>
      {asTable ? (
        <div className="table-wrap chart-table-wrap">
          <table className="table chart-table" data-testid={`${testId}-table`}>
            <caption className="sr-only">{onPick && pickHint ? `${name}. ${pickHint}.` : name}</caption>
            <thead>
              <tr>
                {columns.map((c, i) => (
                  <th key={c} scope="col" className={i > 0 ? 'right' : undefined}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.key}
                  className={onPick ? 'chart-table-row' : undefined}
                  tabIndex={onPick ? 0 : undefined}
                  onClick={onPick ? () => onPick(row.key) : undefined}
                  onKeyDown={onPick ? (e) => onRowKey(e, row.key) : undefined}
                >
                  <th scope="row">{row.cells[0]}</th>
                  {row.cells.slice(1).map((cell, i) => (
                    <td key={columns[i + 1] ?? i} className="right num">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="chart-box" style={{ height }} role="img" tabIndex={0} aria-label={name} aria-describedby={descriptionId} data-testid={testId}>
          {children}
        </div>
      )}
      <p id={descriptionId} hidden>
        {description}
      </p>
    </figure>
  );
}
