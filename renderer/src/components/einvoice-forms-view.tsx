/**
 * In which form the period's documents go out (the engine's export.forms,
 * e-invoicing.md): counts per form (PDF, Factur-X, CII + PDF, UBL + PDF, left
 * out), and each document whose agreement asks for an e-invoice, with the form
 * it gets and, where it does not get the one asked for, the sentence why (a
 * three-decimal currency, missing agreement or seller fields, a failed EN 16931
 * rule). `status` picks the documents: approved (what the export is about to
 * issue) or finalized (what was issued).
 */
import type { DocumentForm } from '../../../shared/api';
import { hrefFor } from '../hooks/use-hash-route';
import { plural } from '../lib/format';
import { FORM_NAMES } from '../lib/einvoice-forms';
import { ScrollTable } from './scroll-table';

const ORDER = ['pdf', 'facturx', 'cii', 'ubl'] as const;

const link = (d: DocumentForm) => hrefFor({ name: 'invoice', invoiceId: d.invoice_id, lineKey: null });
const goesOutAs = (d: DocumentForm) => (d.form ? FORM_NAMES[d.form] : 'Left out, not finalized');

/** `compact`: a list instead of a table, for a narrow drawer. */
export function EInvoiceFormsView({ forms, status, label, compact = false }: { forms: DocumentForm[]; status: DocumentForm['status']; label: string; compact?: boolean }) {
  const docs = forms.filter((f) => f.status === status);
  if (docs.length === 0) return null;
  const counts = ORDER.map((form) => ({ form, count: docs.filter((d) => d.form === form).length })).filter((c) => c.count > 0);
  const leftOut = docs.filter((d) => d.form === null).length;
  const asked = docs.filter((d) => d.agreement_form !== null || d.refusal !== null);
  const verb = status === 'approved' ? 'go out' : 'went out';
  const testId = status === 'approved' ? 'einvoice-forms-pending' : 'einvoice-forms-issued';
  return (
    <div className="form-stack" data-testid={testId}>
      <h3 className="card-title">{label}</h3>
      <ul className="form-counts" aria-label={`${label}: documents per form`}>
        {counts.map((c) => (
          <li key={c.form} className="form-count" data-testid={`form-count-${c.form}`}>
            <span>{FORM_NAMES[c.form]}</span>
            <strong>{c.count}</strong>
          </li>
        ))}
        {leftOut > 0 ? (
          <li className="form-count form-count-refused" data-testid="form-count-left-out">
            <span>Left out, not finalized</span>
            <strong>{leftOut}</strong>
          </li>
        ) : null}
      </ul>
      {asked.length === 0 ? (
        <p className="muted">{`No agreement of these ${plural(docs.length, 'document')} asks for an e-invoice: they ${verb} as PDFs.`}</p>
      ) : compact ? (
        <ul className="plain-list einvoice-form-list" aria-label={`${label}: e-invoices`}>
          {asked.map((d) => (
            <li key={d.invoice_id} data-testid="einvoice-form-row" data-invoice={d.invoice_id}>
              <a href={link(d)}>{d.account_name}</a> <span className="mono small">{d.invoice_number ?? d.invoice_id}</span>:{' '}
              <strong data-testid="einvoice-form-cell">{goesOutAs(d)}</strong>
              {d.refusal ? (
                <>
                  {d.agreement_form && d.form !== null ? `, not ${FORM_NAMES[d.agreement_form]}` : ''} — {d.refusal}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <ScrollTable label={`${label}: e-invoices`}>
          <table className="table" aria-label={`${label}: e-invoices`}>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Currency</th>
                <th scope="col">Agreement asks</th>
                <th scope="col">{status === 'approved' ? 'Goes out as' : 'Went out as'}</th>
                <th scope="col">Why not as asked</th>
              </tr>
            </thead>
            <tbody>
              {asked.map((d) => (
                <tr key={d.invoice_id} data-testid="einvoice-form-row" data-invoice={d.invoice_id}>
                  <td>
                    <a href={link(d)}>{d.account_name}</a>
                    <div className="mono small muted">
                      {d.invoice_number ?? d.invoice_id}
                      {d.document_type === 'credit_note' ? ' · credit note' : ''}
                    </div>
                  </td>
                  <td className="mono">{d.currency}</td>
                  <td>{d.agreement_form ? FORM_NAMES[d.agreement_form] : 'PDF'}</td>
                  <td data-testid="einvoice-form-cell">
                    <strong>{goesOutAs(d)}</strong>
                  </td>
                  <td className="einvoice-refusal-cell">{d.refusal ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </div>
  );
}
