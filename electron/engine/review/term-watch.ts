/**
 * The dashboard's watch list for bill cycles (rating.md "Bill cycles, …"):
 * commitments whose window runs through the period and that, at the pace
 * billed so far, will end with a true-up; and prepaid blocks that, at the pace
 * consumed so far, run out before their window ends (or already have).
 * "Pace" is the window's rated months so far, averaged: a projection to talk
 * about with the account owner, not a bill.
 */
import type { Sqlite } from '../../../db/open';
import type { Agreement } from '../../../shared/domain';
import { dec, Decimal, moneyString } from '../../../shared/money';
import { parsePeriod } from '../../../shared/period';
import { COMMITMENT_COUNTED, trueUpMonth } from '../rating/true-up';

export interface CommitmentWatch {
  agreement_id: string;
  account_id: string;
  currency: string;
  committed: string;
  from: string;
  to: string;
  billed_so_far: string;
  /** the true-up the pace so far leads to */
  projected_true_up: string;
}

export interface PrepaidWatch {
  agreement_id: string;
  account_id: string;
  metric: string;
  units: string;
  from: string;
  to: string;
  used: string;
  left: string;
  /** months of the window after this period */
  months_left: number;
}

const months = (from: string, to: string) => {
  const a = parsePeriod(from);
  const b = parsePeriod(to);
  return (b.year - a.year) * 12 + b.month - a.month + 1;
};

export function termWatch(sqlite: Sqlite, period: string): { commitments: CommitmentWatch[]; prepaid: PrepaidWatch[] } {
  const docs = (sqlite.prepare("SELECT document FROM agreements WHERE document LIKE '%\"commitment\":{%' OR document LIKE '%\"prepaid\":[{%'").pluck().all() as string[]).map(
    (d) => JSON.parse(d) as Agreement,
  );
  const kinds = COMMITMENT_COUNTED.map((k) => `'${k}'`).join(', ');
  const billed = sqlite.prepare(
    `SELECT l.amount FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
     WHERE i.agreement_id = ? AND i.document_type = 'invoice' AND i.period >= ? AND i.period <= ? AND l.kind IN (${kinds})`,
  ).pluck();
  const rated = sqlite.prepare("SELECT count(*) FROM invoices WHERE agreement_id = ? AND document_type = 'invoice' AND period >= ? AND period <= ?").pluck();
  const consumed = sqlite.prepare(
    `SELECT c.units FROM prepaid_consumption c JOIN invoices i ON i.id = c.invoice_id
     WHERE i.agreement_id = ? AND c.block = ? AND i.period >= ? AND i.period <= ?`,
  ).pluck();

  const commitments: CommitmentWatch[] = [];
  const prepaid: PrepaidWatch[] = [];
  for (const a of docs) {
    const c = a.commitment;
    const last = trueUpMonth(a);
    if (c && last !== null && c.from <= period && period <= last) {
      const sum = (billed.all(a.agreement_id, c.from, period) as string[]).reduce((s, v) => s.plus(dec(v)), new Decimal(0));
      const done = rated.get(a.agreement_id, c.from, period) as number;
      const projected = done === 0 ? sum : sum.div(done).times(months(c.from, last));
      const shortfall = dec(c.amount).minus(projected);
      if (shortfall.gt(0)) {
        commitments.push({
          agreement_id: a.agreement_id, account_id: a.account_id, currency: a.currency, committed: c.amount, from: c.from, to: c.to,
          billed_so_far: moneyString(sum, a.currency), projected_true_up: moneyString(shortfall, a.currency),
        });
      }
    }
    (a.prepaid ?? []).forEach((block, index) => {
      if (period < block.from || period > block.to) return;
      const used = (consumed.all(a.agreement_id, index, block.from, period) as string[]).reduce((s, v) => s.plus(dec(v)), new Decimal(0));
      const left = Decimal.max(0, dec(block.units).minus(used));
      const monthsLeft = months(period, block.to) - 1;
      const pace = used.div(months(block.from, period));
      if (monthsLeft > 0 && pace.times(monthsLeft).gt(left)) {
        prepaid.push({
          agreement_id: a.agreement_id, account_id: a.account_id, metric: block.metric, units: block.units, from: block.from, to: block.to,
          used: used.toFixed(), left: left.toFixed(), months_left: monthsLeft,
        });
      }
    });
  }
  commitments.sort((x, y) => dec(y.projected_true_up).comparedTo(dec(x.projected_true_up)) || x.agreement_id.localeCompare(y.agreement_id));
  prepaid.sort((x, y) => dec(x.left).comparedTo(dec(y.left)) || x.agreement_id.localeCompare(y.agreement_id));
  return { commitments, prepaid };
}
