/**
 * Anomaly rule settings and data-quality prescreening on the command line:
 * `billing rules`, `billing rule ID …` (audited, re-evaluates a rated period)
 * and `billing quality`.
 */
import { Option, type Command } from 'commander';
import { ZodError } from 'zod';
import { SEVERITIES, type Severity } from '../../shared/domain';
import { isPeriod } from '../../shared/period';
import { dataQualitySummary } from '../engine/anomalies/data-quality';
import { listRules, type RuleSettingsPatch } from '../engine/anomalies/settings';
import type { CliDeps } from './import-commands';
import { printPreview } from './impact-text';
import { printJson, UsageError } from './output';
import type { CommandResult } from '../engine/commands/registry';

function periodArg(value: string): string {
  if (!isPeriod(value)) throw new UsageError(`"${value}" is not a billing period; expected YYYY-MM.`);
  return value;
}

/** --threshold name=value, repeatable; "default" returns the threshold to its default. */
function thresholdArg(value: string, previous: Record<string, string | null> = {}): Record<string, string | null> {
  const m = /^([a-z_][a-z0-9_]*)=(.+)$/i.exec(value.trim());
  if (!m) throw new UsageError(`--threshold takes name=value (e.g. ratio=3), not "${value}".`);
  return { ...previous, [m[1]!]: m[2] === 'default' ? null : m[2]! };
}

/** A threshold the engine refused, as the usage error it is on the command line. */
function thresholdUsage(ruleId: string, error: unknown): unknown {
  const issue = error instanceof ZodError ? error.issues[0] : undefined;
  if (!issue || issue.path[0] !== 'thresholds') return error;
  if (issue.code === 'unrecognized_keys') return new UsageError(`${ruleId} has no threshold ${issue.keys.map((k) => `"${k}"`).join(', ')}; "billing rules" lists its thresholds.`);
  const name = issue.path.slice(1).join('.');
  const text = name ? `--threshold ${name} ${issue.message}` : issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  return new UsageError(/[.!?]$/.test(text) ? text : `${text}.`);
}

export function addRuleCommands(program: Command, deps: CliDeps): void {
  program
    .command('rules')
    .description('list the anomaly rules with their severity, whether they are on, and their thresholds')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rules = await deps.readDatabase((opened) => listRules(opened.sqlite));
      if (opts.json) return printJson(rules);
      for (const r of rules) {
        const thresholds = r.thresholds.map((t) => `${t.name}=${t.value}${t.value === t.default ? '' : ` (default ${t.default})`}`).join(', ');
        console.log(`${r.enabled ? 'on ' : 'off'}\t${r.severity}\t${r.id}\t${thresholds}`);
      }
    });

  program
    .command('rule')
    .description("change one anomaly rule's settings (audited); with --period, re-evaluate that rated period at once")
    .argument('<ruleId>', 'rule id, e.g. usage_spike (see "billing rules")')
    .option('--on', 'switch the rule on')
    .option('--off', 'switch the rule off')
    .addOption(new Option('--severity <severity>', 'severity of its findings ("default" for the rule’s own)').choices([...SEVERITIES, 'default']))
    .option('--threshold <name=value>', 'set a threshold (repeatable; value "default" restores it)', thresholdArg)
    .option('--period <YYYY-MM>', 'period to re-evaluate after the change', periodArg)
    .option('--preview', 'change the rule for real, show which anomalies would open and close, then roll back: nothing is kept')
    .option('--json', 'with --preview: print the impact and the rule as JSON')
    .action(async (ruleId: string, opts: { on?: boolean; off?: boolean; severity?: Severity | 'default'; threshold?: Record<string, string | null>; period?: string; preview?: boolean; json?: boolean }) => {
      if (opts.on && opts.off) throw new UsageError('Choose --on or --off, not both.');
      if (opts.json && !opts.preview) throw new UsageError('--json goes with --preview.');
      const patch: RuleSettingsPatch = {
        ...(opts.on ? { enabled: true } : opts.off ? { enabled: false } : {}),
        ...(opts.severity ? { severity: opts.severity === 'default' ? null : opts.severity } : {}),
        ...(opts.threshold ? { thresholds: opts.threshold } : {}),
      };
      if (Object.keys(patch).length === 0) throw new UsageError('Nothing to change: give --on, --off, --severity or --threshold.');
      const args = { ruleId, patch, ...(opts.period !== undefined ? { period: opts.period } : {}) };
      const refusal = (error: unknown) => {
        throw thresholdUsage(ruleId, error);
      };
      const said = ({ rule, reevaluated, reevaluatedPeriods }: CommandResult<'rules.update'>, previewing: boolean) => {
        const found = reevaluated?.anomalies ?? null;
        const thresholds = rule.thresholds.map((t) => `${t.name}=${t.value}`).join(', ');
        console.log(`${rule.id} ${previewing ? 'would be' : 'is'} ${rule.enabled ? 'on' : 'off'}, severity ${rule.severity}${thresholds ? `, ${thresholds}` : ''}.`);
        if (found !== null) console.log(`${previewing ? 'Re-evaluating' : 'Re-evaluated'} ${opts.period}: ${found} anomalies.`);
        else if (opts.period) console.log(`${opts.period} is not rated yet; the change applies when it is.`);
        // Periods with drafts are re-evaluated too, so no draft shows findings of settings that no longer hold.
        for (const p of reevaluatedPeriods.filter((r) => r.period !== opts.period)) console.log(`${previewing ? 'Re-evaluating' : 'Re-evaluated'} ${p.period} (it has drafts): ${p.anomalies} anomalies.`);
      };
      if (opts.preview) {
        const { result, impact } = await deps.preview('rules.update', args).catch(refusal);
        return printPreview(impact, opts.json ?? false, { rule: result.rule, reevaluated: result.reevaluated }, () => said(result, true));
      }
      said(await deps.run('rules.update', args).catch(refusal), false);
    });

  program
    .command('quality')
    .description('data-quality summary of a period or an import: rejected rows, duplicates, unbilled usage and hours, accounts without agreements')
    .option('--period <YYYY-MM>', 'billing period', periodArg)
    .option('--import <id>', 'one import (see "billing imports")', (v) => {
      if (!/^\d+$/.test(v)) throw new UsageError(`"${v}" is not an import id.`);
      return Number(v);
    })
    .option('--json', 'print JSON')
    .action(async (opts: { period?: string; import?: number; json?: boolean }) => {
      if ((opts.period === undefined) === (opts.import === undefined)) throw new UsageError('Give exactly one of --period or --import.');
      const scope = opts.period !== undefined ? { period: opts.period } : { batchId: opts.import! };
      const q = await deps.readDatabase((opened) => dataQualitySummary(opened.sqlite, scope));
      if (opts.json) return printJson(q);
      console.log(`${q.rows} rows in ${q.batches.length} imports: ${q.imported} imported, ${q.duplicates} duplicates, ${q.rejected} rejected.`);
      for (const f of q.rejected_by_field) console.log(`  rejected for ${f.field ?? 'the row as a whole'}: ${f.rows}`);
      for (const u of q.unbilled_usage) console.log(`  unbilled ${u.metric}: ${u.records} records, quantity ${u.quantity}, ${u.accounts} accounts`);
      console.log(`  unbilled hours: ${q.unbilled_hours.entries} entries, ${q.unbilled_hours.hours} h`);
      for (const a of q.accounts_without_agreement) console.log(`  no agreement: ${a.account_id} (${a.usage_records} usage records, ${a.time_entries} time entries)`);
    });
}
