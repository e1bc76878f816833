/**
 * Usage a charge over a quarter, half-year or year will bill at the end of
 * its term (rating.md "Usage over a term"): in the term's earlier months no
 * invoice bills it yet, and that is not unbilled usage. These are the day
 * ranges of the period whose owner's charge is such a charge not billed in
 * this period, shaped like stored usage spans so unbilled-usage.ts counts
 * them as covered (never as late).
 */
import type { UsageCharge } from '../../../../shared/domain';
import { addDays, type Period } from '../../../../shared/period';
import { usageBilledIn } from '../../rating/charges/usage-billed';
import type { AgreementData } from './agreements';

export function pendingTermSpans(agreements: AgreementData, accountId: string, metric: string, period: Period): { from: string; to: string; maxId: number }[] {
  return agreements.usageRangesOf(accountId, metric).flatMap((r) => {
    const charge = r.owner.doc.charges.find((c): c is UsageCharge => c.type === 'usage' && c.metric === metric);
    if (!charge || usageBilledIn(r.owner.doc, charge, period)) return [];
    return [{ from: `${r.from}T00:00:00.000Z`, to: `${addDays(r.to, 1)}T00:00:00.000Z`, maxId: Number.MAX_SAFE_INTEGER }];
  });
}
