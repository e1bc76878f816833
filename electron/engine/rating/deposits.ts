/**
 * Deposits are derived, never kept as a running counter (rating.md): what is
 * left for an invoice is the deposit minus what other invoices already took.
 *
 * Order: a deposit is applied in period order, but an approved or finalized
 * invoice keeps what it applied whatever its period, so rating an earlier
 * period late can never spend the same money twice:
 *   remaining(P) = deposit − Σ applied by frozen invoices (any period)
 *                          − Σ applied by draft invoices of earlier periods.
 * After a period is rated, the later drafts of the same agreements are
 * re-derived in period order, so every stored figure stays consistent.
 */
import type { Sqlite } from '../../../db/open';
import { currencyMinorUnits } from '../../../shared/currencies';
import { Decimal, dec, moneyString } from '../../../shared/money';

export function depositRemaining(sqlite: Sqlite, agreementId: string, deposit: string, period: string): string {
  if (dec(deposit).isZero()) return '0';
  const taken = sqlite
    .prepare(
      `SELECT deposit_applied FROM invoices
       WHERE agreement_id = ? AND document_type = 'invoice' AND period <> ?
         AND (status <> 'draft' OR period < ?)`,
    )
    .pluck()
    .all(agreementId, period, period) as string[];
  const remaining = taken.reduce((left, applied) => left.minus(applied), dec(deposit));
  return Decimal.max(remaining, 0).toFixed();
}

/** Re-derives deposit_applied and amount_due of the agreements' drafts after `period`, in period order. */
export function reapplyLaterDeposits(sqlite: Sqlite, agreements: readonly { id: string; deposit: string; currency: string }[], period: string): void {
  const later = sqlite.prepare(
    "SELECT id, period, total FROM invoices WHERE agreement_id = ? AND status = 'draft' AND document_type = 'invoice' AND period > ? ORDER BY period",
  );
  const update = sqlite.prepare('UPDATE invoices SET deposit_applied = ?, amount_due = ? WHERE id = ?');
  for (const a of agreements) {
    if (dec(a.deposit).isZero()) continue;
    for (const invoice of later.all(a.id, period) as { id: string; period: string; total: string }[]) {
      // Same rule as the rating's totals: only whole minor units of a deposit are spent.
      const remaining = dec(depositRemaining(sqlite, a.id, a.deposit, invoice.period)).toDecimalPlaces(currencyMinorUnits(a.currency), Decimal.ROUND_DOWN);
      const applied = Decimal.min(remaining, Decimal.max(dec(invoice.total), 0));
      update.run(moneyString(applied, a.currency), moneyString(dec(invoice.total).minus(applied), a.currency), invoice.id);
    }
  }
}
