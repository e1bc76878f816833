/**
 * One polite live region for the whole app: what a screen reader should hear
 * once (a job's phase, a confirmation), however often the screen redraws. A
 * region has to be in the page before its text changes to be read, so it is
 * created on the first call and written a moment later.
 */

let region: HTMLElement | null = null;
let pending: number | undefined;
/** whether a text is waiting to be written, and the last text the region was given */
let waiting = false;
let written = '';

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
  waiting = true;
  pending = window.setTimeout(() => {
    target.textContent = text;
    written = text;
    waiting = false;
  }, 120);
}

/**
 * A job's phase: said like announce, except when the job goes back to the phase it was last heard
 * in before the one in between was said (a step that flickers by, like the move from one period's
 * detection to the next). Then the step is dropped and the phase is not said a second time.
 */
export function announcePhase(text: string): void {
  if (waiting && text === written) {
    window.clearTimeout(pending);
    waiting = false;
    return;
  }
  announce(text);
}
