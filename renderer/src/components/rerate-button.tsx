/** Replaces the period's drafts with a fresh rating (approved and finalized invoices are never touched). */
import { Icon } from './icon';

export function RerateButton({ onClick, disabled, title = 'Replace the drafts with a fresh rating' }: { onClick: () => void; disabled: boolean; title?: string }) {
  return (
    <button type="button" className="btn" onClick={onClick} disabled={disabled} title={title} data-testid="rerate-button">
      <Icon name="refresh" size={14} /> Re-rate
    </button>
  );
}
