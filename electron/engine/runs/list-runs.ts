/** A period's bill runs, oldest first, with their invoice count and totals per currency (`billing runs`, `runs.list`). */
import type { Sqlite } from '../../../db/open';
import { moneyString, sumStrings } from '../../../shared/money';
import type { BillRun, RunTrigger } from '../../../shared/api';

export function listRuns(sqlite: Sqlite, period: string): BillRun[] {
  const runs = sqlite.prepare('SELECT id, trigger, actor, at FROM bill_runs WHERE period = ? ORDER BY id').all(period) as {
    id: number;
    trigger: RunTrigger;
    actor: string;
    at: string;
  }[];
  const figures = sqlite
    .prepare('SELECT f.run_id, f.currency, f.total FROM bill_run_invoices f JOIN bill_runs r ON r.id = f.run_id WHERE r.period = ?')
    .raw()
    .all(period) as [number, string, string][];
  const byRun = new Map<number, Map<string, string[]>>();
  for (const [runId, currency, total] of figures) {
    const perCurrency = byRun.get(runId) ?? new Map<string, string[]>();
    const totals = perCurrency.get(currency);
    if (totals) totals.push(total);
    else perCurrency.set(currency, [total]);
    byRun.set(runId, perCurrency);
  }
  return runs.map((r) => {
    const perCurrency = byRun.get(r.id) ?? new Map<string, string[]>();
    return {
      run_id: r.id,
      trigger: r.trigger,
      actor: r.actor,
      at: r.at,
      invoices: [...perCurrency.values()].reduce((n, totals) => n + totals.length, 0),
      totals: [...perCurrency.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, totals]) => ({ currency, amount: moneyString(sumStrings(totals), currency) })),
    };
  });
}
