/**
 * Changing an anomaly rule's settings (`rules.update`, `billing rule`), then
 * re-evaluating findings with the new settings, in one transaction: the given
 * period when it is rated, and every other period that still has drafts, so no
 * draft under review shows findings of settings that no longer hold (drafts
 * never go stale, change-control.md). Approved and finalized periods keep the
 * findings they were decided on; the next rating of any period applies the change anyway.
 */
import type { Sqlite } from '../../../db/open';
import { detectAnomalies } from '../anomalies/detect';
import { updateRuleSettings, type RuleSettingsPatch } from '../anomalies/settings';
import { recordBillRun } from '../runs/record-bill-run';
import { command } from './command';

function periodsWithDrafts(sqlite: Sqlite): string[] {
  return sqlite.prepare("SELECT DISTINCT period FROM invoices WHERE status = 'draft' AND document_type = 'invoice' ORDER BY period").pluck().all() as string[];
}

export const updateRuleCommand = command({
  run: (sqlite, args: { ruleId: string; patch: RuleSettingsPatch; period?: string }, ctx) => {
    const rule = updateRuleSettings(sqlite, args.ruleId, args.patch, ctx.actor);
    const { period } = args;
    const rated = period !== undefined && sqlite.prepare('SELECT 1 FROM invoices WHERE period = ? LIMIT 1').get(period) !== undefined;
    const periods = [...new Set([...(rated ? [period] : []), ...periodsWithDrafts(sqlite)])].sort();
    const found = new Map(
      periods.map((p) => {
        const anomalies = detectAnomalies(sqlite, p, ctx).found;
        // The invoices' findings are part of what a run produced, so each re-evaluation is a run of its own.
        recordBillRun(sqlite, p, 'rule', ctx.actor);
        return [p, anomalies] as const;
      }),
    );
    /** every period re-evaluated, with its findings: the given one and those with drafts */
    const reevaluatedPeriods = periods.map((p) => ({ period: p, anomalies: found.get(p)! }));
    return { rule, reevaluated: rated ? { period, anomalies: found.get(period)! } : null, reevaluatedPeriods };
  },
});
