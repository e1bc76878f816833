/** A panel sliding in from the right, modal: Escape or the backdrop closes it, focus moves in and back. */
import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useScrollLock } from '../hooks/useScrollLock';
import { Icon } from './Icon';

export function Drawer({
  title,
  subtitle,
  actions,
  onClose,
  children,
  footer,
  testId,
  narrow = false,
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
}) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useScrollLock();
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeButton.current?.focus();

    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, [onClose]);

  // Rendered into <body>: outside the (possibly shifted) page, above the app chrome.
  return createPortal(
    <>
      <div className="drawer-backdrop" onClick={onClose} aria-hidden="true" />
      <section className={narrow ? 'drawer drawer-narrow' : 'drawer'} role="dialog" aria-modal="true" aria-label={typeof title === 'string' ? title : undefined} data-testid={testId}>
        <header className="drawer-header">
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
        </header>
        <div className="drawer-body">{children}</div>
        {footer ? <footer className="drawer-footer">{footer}</footer> : null}
      </section>
    </>,
    document.body,
  );
}
