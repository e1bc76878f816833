/**
 * The invoice's e-invoice (e-invoicing.md): the form its agreement asks for,
 * whether it passes the EN 16931 rules (or the one sentence why not, naming
 * the rule and field or the missing fields), and its XML to view and save.
 * Before finalizing it is a preview built with a placeholder number.
 */
import { useState } from 'react';
import { useApi } from '../data/use-api';

const FORM_WORDS = { facturx: 'Factur-X (PDF/A-3 with CII XML)', cii: 'CII XML (EN 16931, or XRechnung for a Leitweg-ID)', ubl: 'UBL 2.1 (Peppol BIS Billing 3.0 with both Peppol ids, else EN 16931)' } as const;

export function EInvoiceCard({ invoiceId }: { invoiceId: string }) {
  const query = useApi('invoices.eInvoice', { invoice_id: invoiceId });
  const [showXml, setShowXml] = useState(false);
  const e = query.data;
  // Only agreements that ask for an e-invoice show the card: a plain-PDF customer's invoice needs none of its fields.
  if (!e?.agreement_form) return null;
  const save = () => {
    if (e.xml === null || e.file_name === null) return;
    const url = URL.createObjectURL(new Blob([e.xml], { type: 'application/xml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = e.file_name;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section className="card" data-testid="einvoice-card" aria-labelledby={`einvoice-${invoiceId}`}>
      <div className="card-header">
        <h2 className="card-title" id={`einvoice-${invoiceId}`}>E-invoice</h2>
      </div>
      <div className="card-body">
        <p style={{ marginTop: 0 }}>
          {`Issued as ${FORM_WORDS[e.agreement_form]}.`}
          {e.preview ? ' Preview: the number is given at finalization.' : ''}
        </p>
        {e.refusal ? (
          <p className="field-error" role="alert" data-testid="einvoice-refusal">
            {e.refusal}
          </p>
        ) : (
          <>
            <p data-testid="einvoice-status">
              Passes {e.rule_sets.join(', ')} with no fatal finding · VAT category {e.vat_category} · total {e.grand_total} · due {e.amount_due}
            </p>
            {e.specification_note ? <p className="muted small" data-testid="einvoice-note">{`Issued as ${e.specification_note}.`}</p> : null}
            <div className="field-row">
              <button type="button" className="btn" onClick={() => setShowXml(!showXml)} aria-expanded={showXml} data-testid="einvoice-view">
                {showXml ? 'Hide XML' : 'View XML'}
              </button>
              <button type="button" className="btn" onClick={save} data-testid="einvoice-save">
                Save XML
              </button>
            </div>
            {showXml ? (
              <pre className="mono" tabIndex={0} aria-label="E-invoice XML" style={{ maxHeight: 320, overflow: 'auto', fontSize: 'var(--text-xs)' }} data-testid="einvoice-xml">
                {e.xml}
              </pre>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}
