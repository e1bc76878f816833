/**
 * agreement_incomplete: an agreement lacks po_number, bill_to or owner
 * (warning), or its currency is not a valid ISO 4217 code (error, whatever the
 * configured severity: such an invoice cannot be sent, anomalies.md).
 */
import { isIsoCurrency } from '../../../../shared/currencies';
import { listWords } from '../format';
import type { Rule } from '../types';
import { agreementRefs } from './helpers';

const FIELDS = ['po_number', 'bill_to', 'owner'] as const;
const WORDS: Record<(typeof FIELDS)[number], string> = { po_number: 'PO number', bill_to: 'bill-to address', owner: 'owner' };
const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

export const agreementIncomplete: Rule = {
  id: 'agreement_incomplete',
  defaultSeverity: 'warning',
  description: 'An active agreement lacks a PO number, bill-to address or owner, or its currency is not an ISO 4217 code (always an error).',
  thresholds: {},
  detect(ctx) {
    const agreements = ctx.data.agreements;
    return agreements.active.flatMap((a) => {
      const fields = FIELDS.filter((f) => blank(a.doc[f]));
      const missing = fields.map((f) => WORDS[f]);
      const badCurrency = !isIsoCurrency(a.doc.currency);
      if (missing.length === 0 && !badCurrency) return [];
      const parts: string[] = [];
      if (missing.length > 0) parts.push(`has ${listWords(missing.map((m) => `no ${m}`))}`);
      if (badCurrency) parts.push(`is in currency "${a.doc.currency}", which is not an ISO 4217 code (rated with 2 decimals until corrected)`);
      return [
        ctx.finding({
          subject: [a.id],
          message: `Agreement ${a.id} for ${a.accountId} ${parts.join(' and ')}.`,
          accountId: a.accountId,
          ...agreements.link(a),
          details: { missing: fields, currency: a.doc.currency, currency_valid: !badCurrency },
          sources: agreementRefs([a.id]),
          ...(badCurrency ? { minSeverity: 'error' as const } : {}),
        }),
      ];
    });
  },
};
