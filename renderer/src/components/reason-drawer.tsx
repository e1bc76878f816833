/** Asks for the one thing an audited action needs: a reason (override, hold, dismissal, adjustment removal …). */
import { useId, useRef, useState, type ReactNode } from 'react';
import { Drawer } from './drawer';

export function ReasonDrawer({
  title,
  subtitle,
  label,
  confirm,
  danger = false,
  minLength = 3,
  onConfirm,
  onClose,
  children,
  testId,
}: {
  title: string;
  subtitle?: ReactNode;
  label: string;
  confirm: string;
  danger?: boolean;
  minLength?: number;
  /** resolves to an error sentence to show, or null when done */
  onConfirm: (reason: string) => Promise<string | null>;
  onClose: () => void;
  children?: ReactNode;
  testId?: string;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const ok = reason.trim().length >= minLength;

  async function submit() {
    setBusy(true);
    setError(null);
    const problem = await onConfirm(reason.trim());
    setBusy(false);
    if (problem) setError(problem);
  }

  return (
    <Drawer
      title={title}
      subtitle={subtitle}
      onClose={onClose}
      narrow
      testId={testId}
      initialFocus={field}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={danger ? 'btn btn-danger' : 'btn btn-primary'} onClick={() => void submit()} disabled={!ok || busy} data-testid="reason-confirm">
            {busy ? 'Working…' : confirm}
          </button>
        </>
      }
    >
      <form
        className="card-body form-stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (ok && !busy) void submit();
        }}
      >
        {children}
        <label className="label" htmlFor={id}>
          {label}
        </label>
        <textarea id={id} className="input textarea" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} ref={field} data-testid="reason-input" />
        {error ? (
          <div className="callout" role="alert">
            <div className="callout-body">
              <div className="callout-text">{error}</div>
            </div>
          </div>
        ) : null}
      </form>
    </Drawer>
  );
}
