/**
 * Manual adjustments: a credit (negative) or debit line with a reason, added
 * to a draft and priced into its totals by the engine on re-rating. Audited;
 * removing one needs a reason too. Adding is previewed first (its impact on the
 * invoice's totals and anomalies), then applied on Confirm.
 */
import { memo, useId, useState } from 'react';
import { adjustmentAmountProblem } from '../../../../shared/adjustment-amount';
import { useApi, useApiMutation } from '../../data/use-api';
import { useChangePreview } from '../../hooks/use-change-preview';
import { groupDigits } from '../../lib/format';
import { useToast } from '../../state/toasts';
import { ChangePreview } from '../change-preview';
import { Icon } from '../icon';
import { Money } from '../money';
import { ReasonDrawer } from '../reason-drawer';
import { RemovalPreview } from '../removal-preview';
import { PreviewFormActions } from './preview-form-actions';

export const AdjustmentsCard = memo(function AdjustmentsCard({ invoiceId, currency, editable }: { invoiceId: string; currency: string; editable: boolean }) {
  const toast = useToast();
  const list = useApi('adjustments.list', { invoice_id: invoiceId });
  const addAdjustment = useApiMutation('adjustments.add');
  const removeAdjustment = useApiMutation('adjustments.remove');
  const [adding, setAdding] = useState(false);
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const { impact, previewing, preview, clear } = useChangePreview();
  const ids = { d: useId(), a: useId(), r: useId() };
  // Editing the form drops the preview: what is confirmed is what was previewed.
  const edit = (set: (v: string) => void) => (value: string) => {
    clear();
    set(value);
  };
  const args = () => ({ invoice_id: invoiceId, description: description.trim(), amount: amount.trim(), reason: reason.trim() });

  async function showPreview() {
    setError(null);
    const refused = await preview({ method: 'adjustments.add', args: args() });
    if (refused) setError(refused);
  }
  // Said as soon as something is typed, in the engine's own words (it refuses with the same sentence).
  const amountProblem = amount.trim() === '' ? null : adjustmentAmountProblem(amount, currency);
  const valid = description.trim() !== '' && amount.trim() !== '' && amountProblem === null && reason.trim().length >= 3;

  async function add() {
    setBusy(true);
    setError(null);
    try {
      const r = await addAdjustment.mutateAsync(args());
      clear();
      toast.success(`The invoice total is now ${currency} ${groupDigits(r.total)}.`, 'Adjustment added');
      setAdding(false);
      setDescription('');
      setAmount('');
      setReason('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove(adjustmentId: number, why: string): Promise<string | null> {
    try {
      const r = await removeAdjustment.mutateAsync({ adjustment_id: adjustmentId, reason: why });
      toast.success(`The invoice total is now ${currency} ${groupDigits(r.total)}.`, 'Adjustment removed');
      setRemoving(null);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  const rows = list.data ?? [];
  return (
    <section className="card" aria-label="Adjustments" data-testid="adjustments">
      <div className="card-header">
        <h2 className="card-title">Adjustments</h2>
        {editable && !adding ? (
          <button type="button" className="btn btn-sm" onClick={() => setAdding(true)} data-testid="add-adjustment">
            <Icon name="plus" size={14} /> Add
          </button>
        ) : (
          <span className="card-subtitle">{rows.length ? rows.length : 'none'}</span>
        )}
      </div>
      {rows.length ? (
        <ul className="anomaly-list">
          {rows.map((a) => (
            <li key={a.id} className="anomaly-item adjustment-item">
              <div style={{ minWidth: 0 }}>
                <div>{a.description}</div>
                <div className="anomaly-rule">
                  {a.reason} · {a.created_by}
                </div>
              </div>
              <div className="adjustment-side">
                <span className={`num ${a.amount.startsWith('-') ? 'change-down' : ''}`}>
                  <Money amount={a.amount} currency={currency} />
                </span>
                {editable ? (
                  <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove adjustment ${a.description}`} onClick={() => setRemoving(a.id)}>
                    <Icon name="x" size={12} />
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : !adding ? (
        <div className="card-body muted small">{editable ? 'A credit or debit with a reason; it becomes an invoice line.' : 'None.'}</div>
      ) : null}
      {adding ? (
        <form
          className="card-body form-stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid && !busy && !previewing && !impact) void showPreview();
          }}
        >
          <label className="label" htmlFor={ids.d}>
            Description (printed on the invoice)
          </label>
          <input id={ids.d} className="input" value={description} maxLength={200} onChange={(e) => edit(setDescription)(e.target.value)} placeholder="Goodwill credit for the October outage" />
          <label className="label" htmlFor={ids.a}>
            Amount in {currency} (negative credits the customer)
          </label>
          <input
            id={ids.a}
            className="input num"
            inputMode="decimal"
            value={amount}
            onChange={(e) => edit(setAmount)(e.target.value)}
            placeholder="-150.00"
            aria-invalid={amountProblem !== null}
            aria-describedby={amountProblem ? `${ids.a}-problem` : undefined}
          />
          {amountProblem ? (
            <div id={`${ids.a}-problem`} className="field-error" data-testid="adjustment-amount-problem">
              {amountProblem}
            </div>
          ) : null}
          <label className="label" htmlFor={ids.r}>
            Reason (audit trail)
          </label>
          <textarea id={ids.r} className="input textarea" rows={2} value={reason} maxLength={2000} onChange={(e) => edit(setReason)(e.target.value)} />
          {error ? (
            <div className="field-error" role="alert">
              {error}
            </div>
          ) : null}
          <PreviewFormActions
            label="Preview adjustment"
            testId="save-adjustment"
            canSubmit={valid}
            busy={busy}
            previewing={previewing}
            previewShown={impact !== null}
            onCancel={() => {
              clear();
              setAdding(false);
            }}
          />
          {impact ? (
            <ChangePreview title="Add this adjustment?" impact={impact} confirmLabel={busy ? 'Re-rating…' : 'Add adjustment'} onConfirm={() => void add()} onCancel={clear} busy={busy} />
          ) : null}
        </form>
      ) : null}
      {removing !== null ? (
        <ReasonDrawer title="Remove adjustment" label="Reason (recorded in the audit trail)" confirm="Remove" danger onClose={() => setRemoving(null)} onConfirm={(why) => remove(removing, why)}>
          <RemovalPreview request={{ method: 'adjustments.remove', args: { adjustment_id: removing, reason: 'preview' } }} what="removing it" />
        </ReasonDrawer>
      ) : null}
    </section>
  );
});
