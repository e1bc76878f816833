/** Credit a finalized invoice in full or some of its lines; the note gets its own number at the next export. */
import { useState } from 'react';
import { useApiQuery } from '../../hooks/useApiQuery';
import { groupDigits } from '../../lib/format';
import { useAppState } from '../../state/app-state';
import { ReasonDrawer } from '../ReasonDrawer';

export function CreditNoteDrawer({ invoiceId, onClose, onCreated }: { invoiceId: string; onClose: () => void; onCreated: (creditNoteId: string) => void }) {
  const { client } = useAppState();
  const lines = useApiQuery('creditNotes.lines', { invoiceId });
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const open = (lines.data?.lines ?? []).filter((l) => l.credited_by === null);

  async function create(reason: string): Promise<string | null> {
    try {
      const all = picked.size === 0 || picked.size === open.length;
      const r = await client.call('creditNotes.create', { invoiceId, reason, ...(all ? {} : { lineIds: [...picked] }) });
      onCreated(r.credit_note_id);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  return (
    <ReasonDrawer title="Credit note" subtitle={invoiceId} label="Reason (printed on the credit note and kept in the audit trail)" confirm="Create credit note" onClose={onClose} onConfirm={create} testId="credit-note-drawer">
      <p className="muted">Leave every line unticked to credit the whole invoice, or tick the lines to credit.</p>
      <ul className="plain-list check-list">
        {(lines.data?.lines ?? []).map((l) => (
          <li key={l.line_id}>
            <label className="field-row">
              <input
                type="checkbox"
                disabled={l.credited_by !== null}
                checked={picked.has(l.line_id)}
                onChange={(e) => {
                  const next = new Set(picked);
                  if (e.target.checked) next.add(l.line_id);
                  else next.delete(l.line_id);
                  setPicked(next);
                }}
              />
              <span style={{ flex: 1 }}>{l.description}</span>
              <span className="num">
                {lines.data?.currency} {groupDigits(l.amount)}
              </span>
              {l.credited_by ? <span className="muted small">credited by {l.credited_by}</span> : null}
            </label>
          </li>
        ))}
      </ul>
    </ReasonDrawer>
  );
}
