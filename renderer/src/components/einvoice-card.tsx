/**
 * The invoice's e-invoice (e-invoicing.md): the form its agreement asks for
 * (Factur-X, CII, UBL, or a plain PDF), whether it passes the EN 16931 rules
 * (or the one sentence why not, naming the rule and field or the missing
 * fields), and its XML to view and save. A finalized document shows the XML
 * kept when it was issued (the CII/UBL file, or the factur-x.xml inside the
 * issued PDF); before finalizing it is a preview with a placeholder number.
 * Saving is a download, as every other file the renderer hands over
 * (lib/download.ts): the browser's download, Electron's save dialog.
 */
import { memo, useState } from 'react';
import type { EInvoiceForm } from '../../../shared/domain';
import { useApi } from '../data/use-api';
import { downloadText } from '../lib/download';
import { FORM_NAMES } from '../lib/einvoice-forms';
import { groupDigits } from '../lib/format';
import { Drawer } from './drawer';
import { Icon } from './icon';

const FORM_WORDS: Record<EInvoiceForm, string> = {
  facturx: 'Factur-X: the PDF carries the CII XML (PDF/A-3, EN 16931)',
  cii: 'CII XML beside the PDF (EN 16931, or XRechnung for a Leitweg-ID)',
  ubl: 'UBL 2.1 XML beside the PDF (Peppol BIS Billing 3.0 with both Peppol ids, else EN 16931)',
};

export const EInvoiceCard = memo(function EInvoiceCard({ invoiceId, currency }: { invoiceId: string; currency: string }) {
  const query = useApi('invoices.eInvoice', { invoice_id: invoiceId });
  const [showXml, setShowXml] = useState(false);
  const e = query.data;
  if (!e) return null;
  const form = e.agreement_form;
  const save = () => {
    if (e.xml !== null && e.file_name !== null) downloadText(e.file_name, e.xml, 'application/xml;charset=utf-8');
  };
  const origin = e.preview
    ? 'A preview: the number is given at finalization, and the XML is kept then.'
    : e.stored
      ? form === 'facturx'
        ? 'The XML inside the issued Factur-X PDF, as it was sent.'
        : 'The XML kept when the document was issued, as it was sent.'
      : 'Built from the stored figures: it was issued as a plain PDF.';
  return (
    <section className="card" data-testid="einvoice-card" aria-labelledby={`einvoice-${invoiceId}`}>
      <div className="card-header">
        <h2 className="card-title" id={`einvoice-${invoiceId}`}>
          E-invoice
        </h2>
        <span className="card-subtitle" data-testid="einvoice-form">
          {form ? (e.refusal ? `${FORM_NAMES[form]} asked` : FORM_NAMES[form]) : 'Plain PDF'}
        </span>
      </div>
      <div className="card-body form-stack einvoice-body">
        {form === null ? (
          <p className="muted" data-testid="einvoice-plain">
            {e.preview ? 'Goes out as a plain PDF' : 'Issued as a plain PDF'}: the agreement asks for no e-invoice (its <span className="mono">e_invoice</span> is not set).
          </p>
        ) : (
          <>
            <p>{e.refusal ? `The agreement asks for ${FORM_WORDS[form]}.` : `${FORM_WORDS[form]}, as the agreement asks.`}</p>
            {e.refusal ? (
              <p className="field-error" role="alert" data-testid="einvoice-refusal">
                {e.refusal}
              </p>
            ) : (
              <>
                <dl className="einvoice-facts" data-testid="einvoice-status">
                  <dt>Rules passed</dt>
                  <dd>{e.rule_sets.join(', ')}</dd>
                  <dt>VAT category</dt>
                  <dd>{e.vat_category}</dd>
                  <dt>Grand total</dt>
                  <dd className="num">
                    {groupDigits(e.grand_total ?? '')} {currency}
                  </dd>
                  <dt>Amount due</dt>
                  <dd className="num">
                    {groupDigits(e.amount_due ?? '')} {currency}
                  </dd>
                </dl>
                {e.specification_note ? (
                  <p className="muted small" data-testid="einvoice-note">
                    {`Issued as ${e.specification_note}.`}
                  </p>
                ) : null}
                <p className="muted small" data-testid="einvoice-origin">
                  {origin}
                </p>
                <div className="field-row">
                  <button type="button" className="btn" onClick={() => setShowXml(true)} data-testid="einvoice-view">
                    <Icon name="file" size={14} /> View XML
                  </button>
                  <button type="button" className="btn" onClick={save} data-testid="einvoice-save">
                    <Icon name="download" size={14} /> Save XML
                  </button>
                </div>
              </>
            )}
          </>
        )}
      </div>
      {showXml && e.xml !== null ? (
        <Drawer
          title={`E-invoice XML · ${FORM_NAMES[e.format]}`}
          subtitle={`${e.file_name ?? ''} · ${origin}`}
          testId="einvoice-xml-drawer"
          onClose={() => setShowXml(false)}
          actions={
            <button type="button" className="btn" onClick={save} data-testid="einvoice-xml-save">
              <Icon name="download" size={14} /> Save XML
            </button>
          }
        >
          <pre className="einvoice-xml" tabIndex={0} role="region" aria-label={`XML of ${e.file_name ?? 'the e-invoice'}`} data-testid="einvoice-xml">
            {e.xml}
          </pre>
        </Drawer>
      ) : null}
    </section>
  );
});
