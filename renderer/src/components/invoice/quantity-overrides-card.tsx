/**
 * Quantity overrides: a reviewer sets the billable quantity of a usage or
 * hours line, with a reason, instead of computing a credit by hand; the engine
 * re-rates the draft with it (tiers still price it). Each override is listed
 * with who set it and why, and can be removed with a reason. Audited.
 */
import { memo, useId, useState } from 'react';
import type { InvoiceLineDetail } from '../../../../shared/api';
import { useApi, useApiMutation } from '../../data/use-api';
import { useChangePreview } from '../../hooks/use-change-preview';
import { groupDigits } from '../../lib/format';
import { useToast } from '../../state/toasts';
import { ChangePreview } from '../change-preview';
import { Icon } from '../icon';
import { ReasonDrawer } from '../reason-drawer';
import { RemovalPreview } from '../removal-preview';
import { PreviewFormActions } from './preview-form-actions';

export const QuantityOverridesCard = memo(function QuantityOverridesCard({
  invoiceId,
  agreementId,
  period,
  currency,
  lines,
  editable,
}: {
  invoiceId: string;
  agreementId: string;
  period: string;
  currency: string;
  lines: InvoiceLineDetail[];
  editable: boolean;
}) {
  const toast = useToast();
  const corrections = useApi('corrections.list', { period });
  const override = useApiMutation('corrections.overrideQuantity');
  const removeOverride = useApiMutation('corrections.removeOverride');
  const metered = [...new Map(lines.filter((l) => l.kind === 'usage' || l.kind === 'hours').map((l) => [l.code, l])).values()];
  const [adding, setAdding] = useState(false);
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const { impact, previewing, preview, clear } = useChangePreview();
  const ids = { c: useId(), q: useId(), r: useId() };
  // Editing the form drops the preview: what is confirmed is what was previewed.
  const edit = (set: (v: string) => void) => (value: string) => {
    clear();
    set(value);
  };
  const active = (corrections.data ?? []).filter((c) => c.kind === 'override_quantity' && c.agreement_id === agreementId && c.removed_at === null);
  const chosen = code || metered[0]?.code || '';
  const valid = chosen !== '' && /^\d+(\.\d+)?$/.test(quantity.trim()) && reason.trim().length >= 3;

  const args = () => ({ invoice_id: invoiceId, code: chosen, quantity: quantity.trim(), reason: reason.trim() });

  async function showPreview() {
    setError(null);
    const refused = await preview({ method: 'corrections.overrideQuantity', args: args() });
    if (refused) setError(refused);
  }

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const r = await override.mutateAsync(args());
      clear();
      toast.success(`The invoice total is now ${currency} ${groupDigits(r.total)}.`, 'Quantity overridden');
      setAdding(false);
      setQuantity('');
      setReason('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove(lineCode: string, why: string): Promise<string | null> {
    try {
      const r = await removeOverride.mutateAsync({ invoice_id: invoiceId, code: lineCode, reason: why });
      toast.success(`The invoice total is now ${currency} ${groupDigits(r.total)}.`, 'Override removed');
      setRemoving(null);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  if (metered.length === 0 && active.length === 0) return null;
  return (
    <section className="card" aria-label="Quantity overrides" data-testid="quantity-overrides">
      <div className="card-header">
        <h2 className="card-title">Quantity overrides</h2>
        {editable && !adding && metered.length ? (
          <button type="button" className="btn btn-sm" onClick={() => setAdding(true)} data-testid="override-quantity">
            <Icon name="plus" size={14} /> Override quantity
          </button>
        ) : (
          <span className="card-subtitle">{active.length ? active.length : 'none'}</span>
        )}
      </div>
      {active.length ? (
        <ul className="anomaly-list">
          {active.map((c) => (
            <li key={c.id} className="anomaly-item adjustment-item">
              <div style={{ minWidth: 0 }}>
                <div>
                  <span className="mono">{c.code}</span> billed as {groupDigits(c.quantity ?? '')}
                </div>
                <div className="anomaly-rule">
                  {c.reason} · {c.actor}
                </div>
              </div>
              {editable && c.code ? (
                <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove the override of ${c.code}`} onClick={() => setRemoving(c.code)}>
                  <Icon name="x" size={12} />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : !adding ? (
        <div className="card-body muted small">{editable ? 'Bill a usage or hours line at a corrected quantity, with a reason.' : 'None.'}</div>
      ) : null}
      {adding ? (
        <form
          className="card-body form-stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid && !busy && !previewing && !impact) void showPreview();
          }}
        >
          <label className="label" htmlFor={ids.c}>
            Line
          </label>
          <select id={ids.c} className="select" value={chosen} onChange={(e) => edit(setCode)(e.target.value)} data-testid="override-line">
            {metered.map((l) => (
              <option key={l.code} value={l.code}>
                {l.description} · now {groupDigits(l.quantity)}
              </option>
            ))}
          </select>
          <label className="label" htmlFor={ids.q}>
            Billable quantity (after included units; tiers still price it)
          </label>
          <input id={ids.q} className="input num" inputMode="decimal" value={quantity} onChange={(e) => edit(setQuantity)(e.target.value)} placeholder="1000" data-testid="override-value" />
          <label className="label" htmlFor={ids.r}>
            Reason (audit trail)
          </label>
          <textarea id={ids.r} className="input textarea" rows={2} value={reason} maxLength={2000} onChange={(e) => edit(setReason)(e.target.value)} data-testid="override-reason" />
          {error ? (
            <div className="field-error" role="alert">
              {error}
            </div>
          ) : null}
          <PreviewFormActions
            label="Preview override"
            testId="save-override"
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
            <ChangePreview title={`Bill ${chosen} at ${groupDigits(quantity.trim())}?`} impact={impact} confirmLabel={busy ? 'Re-rating…' : 'Override quantity'} onConfirm={() => void save()} onCancel={clear} busy={busy} />
          ) : null}
        </form>
      ) : null}
      {removing !== null ? (
        <ReasonDrawer title={`Remove the override of ${removing}`} label="Reason (recorded in the audit trail)" confirm="Remove" danger onClose={() => setRemoving(null)} onConfirm={(why) => remove(removing, why)}>
          <RemovalPreview request={{ method: 'corrections.removeOverride', args: { invoice_id: invoiceId, code: removing, reason: 'preview' } }} what="removing the override" />
        </ReasonDrawer>
      ) : null}
    </section>
  );
});
