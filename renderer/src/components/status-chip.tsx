import type { InvoiceStatus } from '../../../shared/domain';

const LABEL: Record<InvoiceStatus, string> = { draft: 'Draft', approved: 'Approved', finalized: 'Finalized' };

export function StatusChip({ status }: { status: InvoiceStatus }) {
  return (
    <span className={`chip chip-${status}`}>
      <span className={`dot dot-${status}`} aria-hidden="true" />
      {LABEL[status]}
    </span>
  );
}
