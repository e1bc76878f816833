/**
 * A panel sliding in from the right, modal: Escape or the backdrop closes it; focus moves in, stays in (Tab wraps) and goes back to the opener on close.
 * `open={false}` keeps a closed panel mounted but hidden (out of layout and of the accessibility tree), so what it holds
 * (the source rows' grid) is built once and opening it costs only showing it.
 */
import { useEffect, useEffectEvent, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useScrollLock } from '../hooks/use-scroll-lock';
import { trapFocus } from '../lib/focus-trap';
import { Icon } from './icon';

export function Drawer({
  title,
  subtitle,
  actions,
  onClose,
  children,
  footer,
  testId,
  narrow = false,
  initialFocus,
  open,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  /** a form (a reason, a note) rather than a grid */
  narrow?: boolean;
  /** what gets focus on opening (the field to type in); the close button when absent */
  initialFocus?: RefObject<HTMLElement | null>;
  /**
   * Given, the panel is kept mounted and this says whether it shows; false: hidden and inert (no backdrop, no scroll
   * lock, no focus trap). Absent, the panel shows for as long as it is mounted.
   */
  open?: boolean;
}) {
  const kept = open !== undefined;
  const shown = open ?? true;
  const closeButton = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  useScrollLock(shown);
  // The parent's latest onClose, without re-running the effect below (which would move focus) whenever the parent re-renders.
  const close = useEffectEvent(() => onClose());
  const focusFirst = useEffectEvent(() => (initialFocus?.current ?? closeButton.current)?.focus());
  useEffect(() => {
    if (!shown) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    focusFirst();
    const release = panel.current ? trapFocus(panel.current) : () => undefined;

    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      release();
      // Back where the reviewer was, if that element is still on the page (an approved invoice's button may be gone).
      if (opener?.isConnected) opener.focus();
    };
  }, [shown]);

  // Rendered into <body>: outside the (possibly shifted) page, above the app chrome.
  return createPortal(
    <>
      {shown ? <div className={kept ? 'drawer-backdrop drawer-kept' : 'drawer-backdrop'} onClick={onClose} aria-hidden="true" /> : null}
      <section ref={panel} hidden={!shown} tabIndex={-1} className={['drawer', narrow ? 'drawer-narrow' : '', kept ? 'drawer-kept' : ''].filter(Boolean).join(' ')} role="dialog" aria-modal="true" aria-label={typeof title === 'string' ? title : undefined} data-testid={testId}>
        {/* divs, not header/footer: portaled into <body>, a <header> would read as a second page banner */}
        <div className="drawer-header">
          <div style={{ minWidth: 0 }}>
            <h2 className="drawer-title">{title}</h2>
            {subtitle ? <div className="drawer-subtitle">{subtitle}</div> : null}
          </div>
          <div className="page-actions">
            {actions}
            <button ref={closeButton} type="button" className="btn btn-ghost" aria-label="Close" onClick={onClose}>
              <Icon name="x" />
            </button>
          </div>
        </div>
        <div className="drawer-body">{children}</div>
        {footer ? <div className="drawer-footer">{footer}</div> : null}
      </section>
    </>,
    document.body,
  );
}
