/**
 * A table that may scroll sideways (narrow drawers, wide figures): its wrapper is a
 * named region a keyboard can focus, so the hidden columns can be scrolled to
 * without a mouse (WCAG 2.1.1; axe's scrollable-region-focusable). The label must
 * be unique on the page: two regions with one name are one landmark to a screen reader.
 */
import type { ReactNode } from 'react';

export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
