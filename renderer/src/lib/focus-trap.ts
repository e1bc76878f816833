/**
 * Keeping keyboard focus inside an open modal panel: Tab from the last
 * focusable element wraps to the first and Shift+Tab from the first to the
 * last, and focus that lands outside (a click behind the backdrop) is brought
 * back. Only the panel opened last traps, so a drawer opened from a drawer works.
 */

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'iframe',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The elements Tab can reach inside `root`, in document order. */
export function focusableIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest('[inert], [hidden]') && el.getClientRects().length > 0);
}

/**
 * Where Tab (or Shift+Tab) has to move from `active`, or null when the browser's
 * own move stays inside: from the last control to the first and back, and from
 * outside the panel into it. Inside a widget that moves focus itself (a grid's
 * cells), `active` is in the panel but not in the list: that move is left alone.
 */
export function wrapTarget(focusable: readonly HTMLElement[], active: Element | null, backwards: boolean, insidePanel: boolean): HTMLElement | null {
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return null;
  const index = active ? focusable.indexOf(active as HTMLElement) : -1;
  if (index === -1) return insidePanel ? null : backwards ? last : first;
  if (backwards && index === 0) return last;
  if (!backwards && index === focusable.length - 1) return first;
  return null;
}

const open: HTMLElement[] = [];

/** Traps focus in `panel` until the returned function is called. */
export function trapFocus(panel: HTMLElement): () => void {
  open.push(panel);
  const isTop = () => open[open.length - 1] === panel;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || !isTop()) return;
    const target = wrapTarget(focusableIn(panel), document.activeElement, event.shiftKey, panel.contains(document.activeElement));
    if (target) {
      event.preventDefault();
      target.focus();
    }
  };
  const onFocusIn = (event: FocusEvent) => {
    if (!isTop() || !(event.target instanceof Node) || panel.contains(event.target)) return;
    // Focus escaped (a click behind the backdrop, a toast): put it back on the panel's first control.
    (focusableIn(panel)[0] ?? panel).focus();
  };
  document.addEventListener('keydown', onKeyDown, true);
  document.addEventListener('focusin', onFocusIn);
  return () => {
    document.removeEventListener('keydown', onKeyDown, true);
    document.removeEventListener('focusin', onFocusIn);
    open.splice(open.indexOf(panel), 1);
  };
}
