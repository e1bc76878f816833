/**
 * While a modal panel is open the page behind it stays exactly where it was but
 * cannot scroll: the shell is clipped to the viewport and the content is shifted
 * by the old scroll offset, which is restored on close. (The document is then
 * only as tall as the window, so a full-page capture shows just the modal state.)
 */
import { useEffect } from 'react';

export function useScrollLock(active = true): void {
  useEffect(() => {
    if (!active) return;
    const shell = document.querySelector<HTMLElement>('.shell');
    const main = document.querySelector<HTMLElement>('.main');
    if (!shell || !main || shell.classList.contains('is-locked')) return;
    const y = window.scrollY;
    shell.classList.add('is-locked');
    main.style.transform = y ? `translateY(-${y}px)` : '';
    return () => {
      shell.classList.remove('is-locked');
      main.style.transform = '';
      window.scrollTo(0, y);
    };
  }, [active]);
}
