/** Loading and error placeholders shared by the pages. */
import type { ReactNode } from 'react';
import { Icon, type IconName } from './icon';

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function MessageState({ icon = 'list', title, children, action }: { icon?: IconName; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="state">
      <span className="state-icon">
        <Icon name={icon} size={28} />
      </span>
      <div className="state-title">{title}</div>
      {children ? <div>{children}</div> : null}
      {action}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <MessageState
      icon="anomalies"
      title="This could not be loaded"
      action={
        onRetry ? (
          <button type="button" className="btn" onClick={onRetry}>
            Try again
          </button>
        ) : undefined
      }
    >
      {message}
    </MessageState>
  );
}

/** A query's result, or the card that says it is loading or could not be loaded (with a retry). */
export function Loaded<T>({ query, children, label }: { query: { data: T | undefined; error: Error | null; refetch(): unknown }; children: (data: T) => ReactNode; label?: string }) {
  if (query.error) {
    return (
      <div className="card">
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  if (query.data === undefined) {
    return (
      <div className="card">
        <LoadingState {...(label ? { label } : {})} />
      </div>
    );
  }
  return <>{children(query.data)}</>;
}

/** The title block every page starts with. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 className="page-title">{title}</h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}
