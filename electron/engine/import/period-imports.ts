/**
 * The imports of a billing period, for the period's reconciliation. A
 * rejected row has no trustworthy date of its own (that is often why it was
 * rejected), so "the imports of period P" are the imports, not undone, that
 * either brought rows dated in P (usage timestamps, hours dates, agreements
 * active in P) or were imported between the start of P and the end of the
 * following month (when P's files arrive), so a file whose rows were all
 * rejected is not left out.
 *
 * (Rejected rows themselves are paged and exported as CSV by
 * review/rejections.ts.)
 */
import type { Sqlite } from '../../../db/open';
import { nextPeriod, parsePeriod } from '../../../shared/period';
import { atSql } from '../usage-time';

/** The ids of the period's imports, oldest first. */
export function importsOfPeriod(sqlite: Sqlite, period: string): number[] {
  const p = parsePeriod(period);
  const arrivalEnd = parsePeriod(nextPeriod(p.id)).endTs;
  return sqlite
    .prepare(
      `SELECT id FROM import_batches b WHERE b.status = 'complete' AND (
         (b.created_at >= @start AND b.created_at < @arrivalEnd)
         OR EXISTS (SELECT 1 FROM usage_rows u WHERE u.id BETWEEN b.first_row_id AND b.last_row_id AND u.batch_id = b.id AND u.at >= ${atSql('@start')} AND u.at < ${atSql('@end')})
         OR EXISTS (SELECT 1 FROM time_entries t WHERE t.batch_id = b.id AND t.date >= @first AND t.date <= @last)
         OR EXISTS (SELECT 1 FROM usage_rollups r WHERE r.batch_id = b.id AND r.day >= @first AND r.day <= @last)
         OR EXISTS (SELECT 1 FROM agreements a WHERE a.batch_id = b.id AND a.start_date <= @last AND (a.end_date IS NULL OR a.end_date >= @first))
       ) ORDER BY id`,
    )
    .pluck()
    .all({ start: p.startTs, end: p.endTs, arrivalEnd, first: p.first, last: p.last }) as number[];
}
