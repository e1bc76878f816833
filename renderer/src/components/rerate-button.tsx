/** Replaces the period's drafts with a fresh rating (approved and finalized invoices are never touched). */
import { Icon } from './icon';

export function RerateButton({ onClick, disabled }: { onClick: () => void; disabled: boolean }) {
  return (
    <button type="button" className="btn" onClick={onClick} disabled={disabled} title="Replace the drafts with a fresh rating">
      <Icon name="refresh" size={14} /> Re-rate
    </button>
  );
}
