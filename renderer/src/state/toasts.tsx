/** Unobtrusive notices in the corner: errors as one sentence, confirmations briefly. */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { toApiCallError } from '../api-client';
import { Icon } from '../components/icon';
import { announce } from '../lib/announce';

type Tone = 'error' | 'success' | 'info';
interface Toast {
  id: number;
  tone: Tone;
  title: string;
  message: string;
}

interface ToastApi {
  error(error: unknown, title?: string): void;
  success(message: string, title?: string): void;
  info(message: string, title?: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);

  const push = useCallback(
    (tone: Tone, title: string, message: string) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-3), { id, tone, title, message }]);
      // An error is an alert (read at once, by its own role below); anything else is said once through the app's live region.
      if (tone !== 'error') announce(`${title}. ${message}`);
      window.setTimeout(() => dismiss(id), tone === 'error' ? 9000 : 3500);
    },
    [dismiss],
  );

  const api = useMemo<ToastApi>(
    () => ({
      error: (error, title = 'Something went wrong') => push('error', title, toApiCallError(error).message),
      success: (message, title = 'Done') => push('success', title, message),
      info: (message, title = 'Note') => push('info', title, message),
    }),
    [push],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="region" aria-label="Notifications">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : undefined}>
            <div className="toast-message">
              <div className="toast-title">{toast.title}</div>
              <div>{toast.message}</div>
            </div>
            <button type="button" className="btn btn-ghost btn-sm" aria-label="Dismiss notification" onClick={() => dismiss(toast.id)}>
              <Icon name="x" size={14} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast outside ToastProvider');
  return api;
}
