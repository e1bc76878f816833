/**
 * One polite live region for the whole app: what a screen reader should hear
 * once (a job's phase, a confirmation), however often the screen redraws. A
 * region has to be in the page before its text changes to be read, so it is
 * created on the first call and written a moment later.
 */

let region: HTMLElement | null = null;
let pending: number | undefined;

function liveRegion(): HTMLElement {
  if (region?.isConnected) return region;
  region = document.createElement('div');
  region.className = 'sr-only';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.dataset.testid = 'announcer';
  document.body.append(region);
  return region;
}

/** Says `text` once: the same text twice in a row is said twice (the region is emptied first). */
export function announce(text: string): void {
  const target = liveRegion();
  target.textContent = '';
  window.clearTimeout(pending);
  pending = window.setTimeout(() => {
    target.textContent = text;
  }, 120);
}
