/**
 * Prepaid units left and a commitment's billed-so-far are derived from the
 * window's earlier invoices (prepaid-balance.ts, commitment-history.ts), so a
 * change to one month of a window moves the drafts of its later months. These
 * are the later rated periods holding such a draft: rating a period re-rates
 * them after it, in period order, so no draft is left counting what an earlier
 * month no longer consumed or billed (rating.md: re-rating never consumes twice).
 */
import type { Sqlite } from '../../../db/open';
import type { Agreement } from '../../../shared/domain';
import { trueUpMonth } from './true-up';

/** Whether the agreement's draft for `later` depends on what the month `period` consumed or billed. */
export function followsInWindow(agreement: Pick<Agreement, 'prepaid' | 'commitment' | 'start_date' | 'end_date'>, period: string, later: string): boolean {
  if (later <= period) return false;
  if ((agreement.prepaid ?? []).some((b) => b.from <= period && later <= b.to)) return true;
  const c = agreement.commitment;
  return !!c && c.from <= period && trueUpMonth(agreement) === later;
}

/** The later periods (ascending) with a draft of an agreement whose prepaid or commitment window spans both. */
export function laterWindowPeriods(sqlite: Sqlite, period: string): string[] {
  const rows = sqlite
    .prepare(
      `SELECT i.period, a.document FROM invoices i JOIN agreements a ON a.id = i.agreement_id
       WHERE i.period > ? AND i.status = 'draft' AND i.document_type = 'invoice'
         AND (json_extract(a.document, '$.prepaid[0]') IS NOT NULL OR json_extract(a.document, '$.commitment') IS NOT NULL)`,
    )
    .all(period) as { period: string; document: string }[];
  const later = new Set<string>();
  for (const row of rows) if (!later.has(row.period) && followsInWindow(JSON.parse(row.document) as Agreement, period, row.period)) later.add(row.period);
  return [...later].sort();
}
