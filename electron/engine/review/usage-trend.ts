/**
 * The usage trend behind an invoice: for every metric its agreement bills (its
 * usage charges), the account's exact usage per period over the last N periods
 * up to the invoice's period, plus the agreement's invoice total per period.
 * Quantities are summed exactly (scaled integers in SQLite, decimal text for
 * the rare record that does not fit), whatever the charge's aggregation: this
 * is the volume the account used, not what was billed.
 */
import type { Sqlite } from '../../../db/open';
import type { UsageTrend } from '../../../shared/api';
import { plainString } from '../../../shared/money';
import { parsePeriod, previousPeriod } from '../../../shared/period';
import { groupedSums } from './exact-sum';
import { NotFoundError } from '../errors';
import { atSql } from '../usage-time';

/** The `count` periods ending at `last`, oldest first. */
export function periodsEndingAt(last: string, count: number): string[] {
  const out = [last];
  while (out.length < count) out.unshift(previousPeriod(out[0] as string));
  return out;
}

export function usageTrend(sqlite: Sqlite, invoiceId: string, count: number): UsageTrend {
  const invoice = sqlite.prepare('SELECT agreement_id, account_id, period FROM invoices WHERE id = ?').get(invoiceId) as
    | { agreement_id: string; account_id: string; period: string }
    | undefined;
  if (!invoice) throw new NotFoundError(`There is no invoice ${invoiceId}.`);
  const periods = periodsEndingAt(invoice.period, count);
  const metrics = sqlite
    .prepare("SELECT metric FROM charges WHERE agreement_id = ? AND type = 'usage' AND metric IS NOT NULL GROUP BY metric ORDER BY min(position)")
    .pluck()
    .all(invoice.agreement_id) as string[];
  const start = parsePeriod(periods[0] as string).startTs;
  const end = parsePeriod(invoice.period).endTs;
  const sums = new Map<string, string>();
  if (metrics.length > 0) {
    const params: Record<string, unknown> = { account: invoice.account_id, start, end };
    metrics.forEach((m, i) => (params[`m${i}`] = m));
    const groups = groupedSums(
      sqlite,
      `FROM usage_records u WHERE u.account_id = @account AND u.metric IN (${metrics.map((_, i) => `@m${i}`).join(', ')}) AND u.at >= ${atSql('@start')} AND u.at < ${atSql('@end')}`,
      ['u.metric', 'substr(u.ts, 1, 7)'],
      [{ scaled: 'u.quantity_scaled', text: 'u.quantity' }],
      params,
    );
    for (const g of groups) sums.set(`${g.key[0]}\u0000${g.key[1]}`, plainString(g.sums[0]!));
  }
  const totals = new Map(
    (
      sqlite
        .prepare(`SELECT period, total FROM invoices WHERE agreement_id = ? AND document_type = 'invoice' AND period >= ? AND period <= ?`)
        .all(invoice.agreement_id, periods[0], invoice.period) as { period: string; total: string }[]
    ).map((r) => [r.period, r.total]),
  );
  return {
    account_id: invoice.account_id,
    period: invoice.period,
    metrics: metrics.map((metric) => ({ metric, points: periods.map((period) => ({ period, quantity: sums.get(`${metric}\u0000${period}`) ?? '0' })) })),
    totals: periods.map((period) => ({ period, total: totals.get(period) ?? null })),
  };
}
