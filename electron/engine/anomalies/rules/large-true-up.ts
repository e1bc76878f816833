/**
 * large_true_up: a commitment true-up line (rating.md "Commitment over a
 * term") is more than `percent` % of the committed amount: the customer used
 * far less than committed, and a large one-off charge is a conversation to
 * have before the invoice goes out.
 */
import type { Agreement } from '../../../../shared/domain';
import { dec } from '../../../../shared/money';
import { formatAmount } from '../format';
import type { Rule } from '../types';
import { agreementRefs } from './helpers';

export const largeTrueUp: Rule = {
  id: 'large_true_up',
  defaultSeverity: 'warning',
  description: 'A commitment true-up is a large part of the committed amount.',
  thresholds: {
    percent: { default: '25', min: '0', max: '100', description: 'Fires when the true-up is more than this percentage of the committed amount.' },
  },
  detect(ctx) {
    const percent = ctx.threshold('percent');
    const rows = ctx.data.sqlite
      .prepare(
        `SELECT l.id AS line_id, l.amount, i.id AS invoice_id, i.currency, a.document FROM invoice_lines l
         JOIN invoices i ON i.id = l.invoice_id JOIN agreements a ON a.id = i.agreement_id
         WHERE i.period = ? AND i.document_type = 'invoice' AND l.kind = 'true_up' ORDER BY i.id`,
      )
      .all(ctx.period.id) as { line_id: number; amount: string; invoice_id: string; currency: string; document: string }[];
    return rows.flatMap((row) => {
      const agreement = JSON.parse(row.document) as Agreement;
      const committed = agreement.commitment ? dec(agreement.commitment.amount) : null;
      if (committed === null || committed.isZero()) return [];
      const share = dec(row.amount).div(committed).times(100);
      if (share.lte(percent)) return [];
      return [
        ctx.finding({
          subject: [agreement.agreement_id],
          message: `Agreement ${agreement.agreement_id} for ${agreement.account_id} is trued up by ${formatAmount(row.amount, row.currency)}, ${share.toDecimalPlaces(0).toFixed()}% of its ${formatAmount(agreement.commitment!.amount, row.currency)} commitment for ${agreement.commitment!.from} to ${agreement.commitment!.to}.`,
          accountId: agreement.account_id,
          agreementId: agreement.agreement_id,
          invoiceId: row.invoice_id,
          lineId: row.line_id,
          details: { true_up: row.amount, committed: agreement.commitment!.amount, percent_of_commitment: share.toDecimalPlaces(2).toFixed() },
          sources: agreementRefs([agreement.agreement_id]),
        }),
      ];
    });
  },
};
