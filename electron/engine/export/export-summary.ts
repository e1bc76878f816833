/**
 * The bill-run summary: what exporting a period will finalize, computed
 * before anything changes. `billing export` prints it with its result,
 * `billing export --preview` prints it alone, and the export page shows it
 * and asks for confirmation; all three read this one function.
 *
 * It counts and totals the approved documents per currency (invoices and
 * credit notes apart), names the approved documents whose error anomalies are
 * still open (approved with an override, and the override's reason), counts
 * the drafts the export leaves alone, and lists the documents that cannot be
 * finalized (a currency that is not ISO 4217): while any is listed, the export
 * refuses the whole period and changes nothing.
 */
import type { Sqlite } from '../../../db/open';
import type { ExportSummary } from '../../../shared/api';
import { isIsoCurrency } from '../../../shared/currencies';
import { Decimal, dec, moneyString } from '../../../shared/money';
import { parsePeriod } from '../../../shared/period';

type DocumentType = 'invoice' | 'credit_note';

interface DocumentRow {
  id: string;
  document_type: DocumentType;
  status: 'draft' | 'approved' | 'finalized';
  on_hold: number;
  currency: string;
  total: string;
  amount_due: string;
  account_name: string;
  approved_by: string | null;
}

const word = (type: DocumentType) => (type === 'credit_note' ? 'Credit note' : 'Invoice');

/** Why a document cannot be finalized, as one sentence; null when it can be. */
export function finalizeBlocker(doc: { id: string; document_type: DocumentType; currency: string }): string | null {
  if (isIsoCurrency(doc.currency)) return null;
  return `${word(doc.document_type)} ${doc.id} is in "${doc.currency}", which is not an ISO 4217 currency code, so it cannot be finalized.`;
}

function perCurrency(docs: DocumentRow[]): ExportSummary['invoices'] {
  const groups = new Map<string, { count: number; total: Decimal; amountDue: Decimal }>();
  for (const d of docs) {
    const g = groups.get(d.currency) ?? { count: 0, total: new Decimal(0), amountDue: new Decimal(0) };
    g.count += 1;
    g.total = g.total.plus(dec(d.total));
    g.amountDue = g.amountDue.plus(dec(d.amount_due));
    groups.set(d.currency, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, g]) => ({ currency, count: g.count, total: moneyString(g.total, currency), amount_due: moneyString(g.amountDue, currency) }));
}

export function exportSummary(sqlite: Sqlite, periodId: string): ExportSummary {
  const period = parsePeriod(periodId).id;
  const docs = sqlite
    .prepare(
      `SELECT i.id, i.document_type, i.status, i.on_hold, i.currency, i.total, i.amount_due, coalesce(c.name, i.account_id) AS account_name, i.approved_by
       FROM invoices i LEFT JOIN accounts c ON c.id = i.account_id
       WHERE i.period = ?
       ORDER BY CASE i.document_type WHEN 'invoice' THEN 0 ELSE 1 END, i.account_id, i.agreement_id, i.id`,
    )
    .all(period) as DocumentRow[];
  const openErrors = new Map(
    (
      sqlite
        .prepare("SELECT invoice_id, count(*) FROM anomalies WHERE period = ? AND active AND status = 'open' AND severity = 'error' AND invoice_id IS NOT NULL GROUP BY invoice_id")
        .raw()
        .all(period) as [string, number][]
    ).map(([id, n]) => [id, n]),
  );
  const overrideReason = sqlite
    .prepare("SELECT reason FROM audit_log WHERE entity_type = 'invoice' AND entity_id = ? AND action = 'override' ORDER BY id DESC LIMIT 1")
    .pluck();

  const approved = docs.filter((d) => d.status === 'approved');
  const drafts = docs.filter((d) => d.status === 'draft');
  return {
    period,
    invoices: perCurrency(approved.filter((d) => d.document_type === 'invoice')),
    credit_notes: perCurrency(approved.filter((d) => d.document_type === 'credit_note')),
    to_finalize: approved.length,
    already_finalized: docs.filter((d) => d.status === 'finalized').length,
    drafts_left: {
      invoices: drafts.filter((d) => d.document_type === 'invoice').length,
      on_hold: drafts.filter((d) => d.document_type === 'invoice' && d.on_hold === 1).length,
      credit_notes: drafts.filter((d) => d.document_type === 'credit_note').map((d) => d.id),
    },
    overridden: approved.flatMap((d) => {
      const errors = openErrors.get(d.id) ?? 0;
      if (errors === 0) return [];
      const reason = (overrideReason.get(d.id) as string | null | undefined) ?? null;
      return [{ invoice_id: d.id, document_type: d.document_type, account_name: d.account_name, open_errors: errors, approved_by: d.approved_by, reason }];
    }),
    blocked: approved.flatMap((d) => {
      const reason = finalizeBlocker(d);
      return reason ? [{ invoice_id: d.id, document_type: d.document_type, currency: d.currency, reason }] : [];
    }),
  };
}
