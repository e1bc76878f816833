/**
 * Changing an anomaly rule's settings (`rules.update`, `billing rule`), then
 * re-evaluating a rated period's findings with the new settings, in one
 * transaction. Only a rated period has findings to re-evaluate; the next
 * rating of any other applies the change anyway.
 */
import { detectAnomalies } from '../anomalies/detect';
import { updateRuleSettings, type RuleSettingsPatch } from '../anomalies/settings';
import { recordBillRun } from '../runs/record-bill-run';
import { command } from './command';

export const updateRuleCommand = command({
  run: (sqlite, args: { ruleId: string; patch: RuleSettingsPatch; period?: string }, ctx) => {
    const rule = updateRuleSettings(sqlite, args.ruleId, args.patch, ctx.actor);
    const { period } = args;
    const rated = period !== undefined && sqlite.prepare('SELECT 1 FROM invoices WHERE period = ? LIMIT 1').get(period) !== undefined;
    if (!rated) return { rule, reevaluated: null };
    const anomalies = detectAnomalies(sqlite, period, ctx).found;
    // The invoices' findings are part of what a run produced, so the re-evaluation is a run of its own.
    recordBillRun(sqlite, period, 'rule', ctx.actor);
    return { rule, reevaluated: { period, anomalies } };
  },
});
