/**
 * agreement_incomplete: an agreement lacks po_number, bill_to or owner
 * (warning), or its currency is not a valid ISO 4217 code (error, whatever the
 * configured severity: such an invoice cannot be sent, anomalies.md), or it
 * asks for an e-invoice (`e_invoice`) without the fields that needs, on the
 * agreement or in the seller settings (error: e-invoicing.md "New fields").
 */
import { isIsoCurrency } from '../../../../shared/currencies';
import { missingForEInvoice, missingWords } from '../../einvoice/requirements';
import { branding } from '../../settings/settings';
import { listWords } from '../format';
import type { Rule } from '../types';
import { agreementRefs } from './helpers';

const FIELDS = ['po_number', 'bill_to', 'owner'] as const;
const WORDS: Record<(typeof FIELDS)[number], string> = { po_number: 'PO number', bill_to: 'bill-to address', owner: 'owner' };
const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

export const agreementIncomplete: Rule = {
  id: 'agreement_incomplete',
  defaultSeverity: 'warning',
  description: 'An active agreement lacks a PO number, bill-to address or owner, or its currency is not an ISO 4217 code, or it asks for an e-invoice without the fields that needs (those two always an error).',
  thresholds: {},
  detect(ctx) {
    const agreements = ctx.data.agreements;
    let seller: ReturnType<typeof branding> | undefined;
    return agreements.active.flatMap((a) => {
      const fields = FIELDS.filter((f) => blank(a.doc[f]));
      const missing = fields.map((f) => WORDS[f]);
      const badCurrency = !isIsoCurrency(a.doc.currency);
      const form = a.doc.e_invoice ?? null;
      seller ??= form !== null ? branding(ctx.data.sqlite) : undefined;
      const einvoice = form !== null && seller !== undefined ? missingForEInvoice(a.doc, seller) : { agreement: [], seller: [] };
      const einvoiceMissing = einvoice.agreement.length + einvoice.seller.length > 0;
      if (missing.length === 0 && !badCurrency && !einvoiceMissing) return [];
      const parts: string[] = [];
      if (missing.length > 0) parts.push(`has ${listWords(missing.map((m) => `no ${m}`))}`);
      if (badCurrency) parts.push(`is in currency "${a.doc.currency}", which is not an ISO 4217 code (rated with 2 decimals until corrected)`);
      if (einvoiceMissing) parts.push(`asks for a ${form} e-invoice but lacks ${missingWords(einvoice)}`);
      return [
        ctx.finding({
          subject: [a.id],
          message: `Agreement ${a.id} for ${a.accountId} ${parts.join(' and ')}.`,
          accountId: a.accountId,
          ...agreements.link(a),
          details: {
            missing: fields,
            currency: a.doc.currency,
            currency_valid: !badCurrency,
            ...(einvoiceMissing ? { e_invoice: form, einvoice_missing: einvoice.agreement, seller_missing: einvoice.seller } : {}),
          },
          sources: agreementRefs([a.id]),
          ...(badCurrency || einvoiceMissing ? { minSeverity: 'error' as const } : {}),
        }),
      ];
    });
  },
};
