/**
 * "Skip to grid": the first stop in a page that is built around a grid, so a
 * keyboard reaches the grid's first row in one Tab (and Enter) from the top
 * bar instead of through every button, filter and chart above it.
 */
import type { MouseEvent } from 'react';

/** The first cell of the grid's first displayed row, once the grid has rendered it. */
function firstCell(): HTMLElement | null {
  return document.querySelector<HTMLElement>('#main .ag-body .ag-row[row-index="0"] .ag-cell');
}

export function SkipToGrid() {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    const cell = firstCell();
    if (!cell) return;
    cell.scrollIntoView({ block: 'nearest' });
    cell.focus();
  };
  return (
    <a className="skip-link skip-to-grid" href="#main" onClick={onClick} data-testid="skip-to-grid">
      Skip to grid
    </a>
  );
}
