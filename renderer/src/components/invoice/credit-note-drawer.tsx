/**
 * Credit a finalized invoice in full, some of its lines, or an amount of one
 * line; the note is a draft to approve, and gets its own number at the next
 * export. Lines with nothing left to credit cannot be ticked.
 */
import { useId, useState } from 'react';
import { useApi, useApiMutation } from '../../data/use-api';
import { groupDigits } from '../../lib/format';
import { ReasonDrawer } from '../reason-drawer';

const isZero = (amount: string) => !/[1-9]/.test(amount);

export function CreditNoteDrawer({ invoiceId, onClose, onCreated }: { invoiceId: string; onClose: () => void; onCreated: (creditNoteId: string) => void }) {
  const lines = useApi('creditNotes.lines', { invoice_id: invoiceId });
  const createNote = useApiMutation('creditNotes.create');
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [amount, setAmount] = useState('');
  const amountId = useId();
  const all = lines.data?.lines ?? [];
  const currency = lines.data?.currency ?? '';
  const open = all.filter((l) => !(l.credited_by !== null && isZero(l.remaining)));
  const anythingCredited = all.some((l) => l.credited_by !== null);
  const single = picked.size === 1 ? (all.find((l) => picked.has(l.line_id)) ?? null) : null;
  // An amount is offered for one ticked charge; a credit line (negative) is only credited whole.
  const amountOffered = single !== null && !single.remaining.startsWith('-') && !isZero(single.remaining);

  async function create(reason: string): Promise<string | null> {
    try {
      const part = amountOffered ? amount.trim() : '';
      // The whole invoice: nothing ticked (or every line), as long as nothing of it was credited before.
      const whole = !anythingCredited && (picked.size === 0 || picked.size === open.length) && part === '';
      const r = await createNote.mutateAsync({
        invoice_id: invoiceId,
        reason,
        ...(whole ? {} : { line_ids: picked.size ? [...picked] : open.map((l) => l.line_id) }),
        ...(part ? { amount: part } : {}),
      });
      onCreated(r.credit_note_id);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  return (
    <ReasonDrawer title="Credit note" subtitle={invoiceId} label="Reason (printed on the credit note and kept in the audit trail)" confirm="Create credit note" onClose={onClose} onConfirm={create} testId="credit-note-drawer">
      <p className="muted">
        {anythingCredited
          ? 'Part of this invoice is credited already: tick the lines to credit; a line credited in part is credited for what is left of it.'
          : 'Leave every line unticked to credit the whole invoice, or tick the lines to credit.'}{' '}
        Tick one line to credit only an amount of it. The credit note is a draft until it is approved.
      </p>
      <ul className="plain-list check-list">
        {all.map((l) => {
          const done = l.credited_by !== null && isZero(l.remaining);
          const partly = l.credited_by !== null && !done;
          return (
            <li key={l.line_id}>
              <label className="field-row">
                <input
                  type="checkbox"
                  disabled={done}
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
                  {currency} {groupDigits(partly ? l.remaining : l.amount)}
                </span>
                {done ? <span className="muted small">credited by {l.credited_by}</span> : null}
                {partly ? (
                  <span className="muted small">
                    left of {groupDigits(l.amount)} ({groupDigits(l.credited)} credited by {l.credited_by})
                  </span>
                ) : null}
              </label>
            </li>
          );
        })}
      </ul>
      {amountOffered && single ? (
        <div className="form-stack" data-testid="credit-amount">
          <label className="label" htmlFor={amountId}>
            Amount of “{single.description}” to credit, in {currency} (leave empty for all {groupDigits(single.remaining)} left)
          </label>
          <input
            id={amountId}
            className="input num"
            inputMode="decimal"
            placeholder={single.remaining}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            data-testid="credit-amount-input"
          />
          <span className="muted small">Discount and tax are credited in proportion; never more than what is left of the line.</span>
        </div>
      ) : null}
    </ReasonDrawer>
  );
}
