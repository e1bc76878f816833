/**
 * How invoices look to customers: company name and address, logo, accent
 * colour, payment instructions, footer, tax label and tax id, and the number formats.
 * Validated and audited by the engine; the next PDF uses them (finalized PDFs
 * never change).
 */
import { useId, useRef, useState } from 'react';
import type { BrandingInfo, ResultOf } from '../../../shared/api';
import type { FileRef } from '../api-client';
import { useApi, useApiMutation } from '../data/use-api';
import { useAppState } from '../state/app-state';
import { useToast } from '../state/toasts';

type Form = Omit<BrandingInfo, 'has_logo'> & { invoice_format: string; credit_note_format: string };
type Saved = ResultOf<'settings.branding'>;

const formOf = ({ branding: b, numbering }: Saved): Form => ({
  company_name: b.company_name,
  company_address: b.company_address,
  accent_color: b.accent_color,
  payment_instructions: b.payment_instructions,
  footer: b.footer,
  tax_label: b.tax_label,
  tax_id: b.tax_id,
  seller_country: b.seller_country,
  seller_vat_id: b.seller_vat_id,
  iban: b.iban,
  bic: b.bic,
  seller_peppol_id: b.seller_peppol_id,
  seller_contact_name: b.seller_contact_name,
  seller_contact_phone: b.seller_contact_phone,
  seller_contact_email: b.seller_contact_email,
  ...numbering,
});

export function BrandingSettings() {
  const query = useApi('settings.branding', {});
  if (!query.data) return null;
  // What is stored changed (a save, an export that issued numbers): the form starts again from it.
  return <BrandingForm key={JSON.stringify(query.data)} saved={query.data} />;
}

function BrandingForm({ saved }: { saved: Saved }) {
  const { client } = useAppState();
  const toast = useToast();
  const update = useApiMutation('settings.updateBranding');
  const [form, setForm] = useState<Form>(() => formOf(saved));
  const [logo, setLogo] = useState<FileRef | null>(null);
  const [removeLogo, setRemoveLogo] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmNumbering, setConfirmNumbering] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const id = useId();

  // Formats changed after numbers of that kind were issued: the new numbers will not follow on, so the reviewer confirms it.
  const renumbered = [
    form.invoice_format !== saved.numbering.invoice_format && saved.issued_numbers.invoice > 0 ? `${saved.issued_numbers.invoice} invoice numbers` : null,
    form.credit_note_format !== saved.numbering.credit_note_format && saved.issued_numbers.credit_note > 0 ? `${saved.issued_numbers.credit_note} credit note numbers` : null,
  ].filter((x): x is string => x !== null);
  const field = (key: keyof Form, label: string, multiline = false, hint?: string) => (
    <div className="settings-item">
      <dt>
        <label htmlFor={`${id}-${key}`}>{label}</label>
      </dt>
      <dd>
        {multiline ? (
          <textarea id={`${id}-${key}`} className="input textarea" rows={3} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
        ) : (
          <input id={`${id}-${key}`} className="input input-wide" value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
        )}
        {hint ? <div className="muted small">{hint}</div> : null}
      </dd>
    </div>
  );

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const next = await update.mutateAsync({
        ...form,
        ...(logo ? { logo } : {}),
        ...(removeLogo ? { remove_logo: true } : {}),
        ...(renumbered.length && confirmNumbering ? { confirm_numbering_change: true } : {}),
      });
      setConfirmNumbering(false);
      setLogo(null);
      setRemoveLogo(false);
      toast.success(`Invoices from now on are issued by ${next.branding.company_name}.`, 'Branding saved');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function chooseLogo(files: File[]) {
    try {
      const [ref] = client.host === 'electron' && client.pickFiles ? await client.pickFiles('logo') : await client.uploadFiles(files);
      if (ref) {
        setLogo(ref);
        setRemoveLogo(false);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section className="card" aria-label="Invoice branding">
      <div className="card-header">
        <h2 className="card-title">Invoice branding and numbering</h2>
        <span className="card-subtitle">used by the next PDF; finalized invoices never change</span>
      </div>
      <dl className="settings-list">
        {field('company_name', 'Company name')}
        {field('company_address', 'Address', true)}
        <div className="settings-item">
          <dt>Logo</dt>
          <dd className="field-row">
            <span>{logo ? logo.name : removeLogo ? 'no logo' : saved.branding.has_logo ? 'a logo is set' : 'no logo'}</span>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => (client.host === 'electron' && client.pickFiles ? void chooseLogo([]) : fileInput.current?.click())}
            >
              Choose PNG or JPEG…
            </button>
            {saved.branding.has_logo && !removeLogo ? (
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => (setRemoveLogo(true), setLogo(null))}>
                Remove
              </button>
            ) : null}
            <input
              ref={fileInput}
              type="file"
              accept="image/png,image/jpeg"
              className="sr-only"
              tabIndex={-1}
              aria-label="Logo file"
              data-testid="logo-input"
              onChange={(e) => {
                const files = Array.from(e.target.files ?? []);
                e.target.value = '';
                if (files.length) void chooseLogo(files);
              }}
            />
          </dd>
        </div>
        <div className="settings-item">
          <dt>
            <label htmlFor={`${id}-accent`}>Accent colour</label>
          </dt>
          <dd className="field-row">
            <input id={`${id}-accent`} type="color" value={form.accent_color} onChange={(e) => setForm({ ...form, accent_color: e.target.value })} />
            <span className="mono">{form.accent_color}</span>
          </dd>
        </div>
        {field('payment_instructions', 'Payment instructions', true)}
        {field('footer', 'Footer')}
        {field('tax_label', 'Tax label', false, 'e.g. VAT, GST, Sales tax')}
        {field('tax_id', 'Your tax ID', false, 'your VAT / tax registration number, printed under your address; leave empty for none')}
        {field('seller_country', 'Your country', false, 'two-letter ISO code, e.g. DE; needed for e-invoices')}
        {field('seller_vat_id', 'Your VAT ID', false, 'with its country prefix, e.g. DE123456789; needed for e-invoices')}
        {field('iban', 'IBAN', false, 'the account customers pay to; an e-invoice names it as SEPA credit transfer')}
        {field('bic', 'BIC', false, 'e.g. NWBKGB2L')}
        {field('seller_peppol_id', 'Your Peppol ID', false, 'EAS scheme:identifier, e.g. 0088:4035811991021 or 9930:DE123456789; UBL e-invoices are Peppol BIS when set')}
        {field('seller_contact_name', 'E-invoice contact', false, 'a person or department; XRechnung needs contact, phone and email')}
        {field('seller_contact_phone', 'Contact phone')}
        {field('seller_contact_email', 'Contact email')}
        {field('invoice_format', 'Invoice numbers', false, '{YYYY} the issue year, {SEQ:6} the gapless sequence with 6 digits, e.g. INV-{YYYY}-{SEQ:6}')}
        {field('credit_note_format', 'Credit note numbers', false, 'its own gapless sequence, e.g. CN-{YYYY}-{SEQ:6}')}
      </dl>
      {renumbered.length ? (
        <div className="card-body" role="alert" data-testid="numbering-warning">
          <p className="field-error" style={{ marginTop: 0 }}>
            {renumbered.join(' and ')} were already issued with the current format. A new format starts a new sequence: the next numbers will not follow on from
            those.
          </p>
          <label className="field-row">
            <input type="checkbox" checked={confirmNumbering} onChange={(e) => setConfirmNumbering(e.target.checked)} data-testid="confirm-numbering" />
            <span>Change the number format anyway</span>
          </label>
        </div>
      ) : null}
      <div className="card-body field-row">
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={busy || (renumbered.length > 0 && !confirmNumbering)} data-testid="save-branding">
          {busy ? 'Saving…' : 'Save branding'}
        </button>
        {error ? (
          <span className="field-error" role="alert" style={{ marginTop: 0 }}>
            {error}
          </span>
        ) : null}
      </div>
    </section>
  );
}
