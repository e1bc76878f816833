/**
 * Locks, four eyes and corrections on the command line (change-control.md):
 * `billing period close|reopen|status`, `billing settings four-eyes`,
 * `billing exclude` / `billing include` (a source row), `billing line override`
 * (a metered line's quantity) and `billing corrections` (the period's list).
 * Every change is an engine command, audited under `--as`.
 */
import type { Command } from 'commander';
import { isPeriod } from '../../shared/period';
import { listCorrections } from '../engine/controls/corrections';
import { fourEyesRequired } from '../engine/controls/four-eyes';
import { periodLocks } from '../engine/controls/period-locks';
import type { CommandArgs, CommandResult } from '../engine/commands/registry';
import { printPreview } from './impact-text';
import type { CliDeps } from './import-commands';
import { printJson, UsageError } from './output';
import { NotFoundError } from '../engine/errors';
import { lineSourceRows } from '../engine/review/line-sources';

function periodArg(value: string): string {
  if (!isPeriod(value)) throw new UsageError(`"${value}" is not a billing period; expected YYYY-MM.`);
  return value;
}

/** A source row as `usage:ID` or `hours:ID` (the kind and id `billing anomalies sources` and the app's drawers show). */
function rowArg(value: string): { sourceKind: 'usage' | 'hours'; sourceId: number } {
  const m = /^(usage|hours):([1-9]\d{0,15})$/i.exec(value.trim());
  if (!m) throw new UsageError(`A row is written usage:ID or hours:ID (e.g. usage:1234), not "${value}".`);
  return { sourceKind: m[1]!.toLowerCase() as 'usage' | 'hours', sourceId: Number(m[2]) };
}

function nonNegative(value: string, option: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`${option} takes a whole number, not "${value}".`);
  return Number(value);
}

function rerated(impacts: { period: string; drafts: number; changed: string[] }[]): string {
  return impacts.map((r) => ` Re-rated ${r.period}: ${r.changed.length} of ${r.drafts} drafts changed${r.changed.length ? ` (${r.changed.slice(0, 5).join(', ')}${r.changed.length > 5 ? ', …' : ''})` : ''}.`).join('');
}

export function addControlCommands(program: Command, deps: CliDeps): void {
  const periodCommand = program.command('period').description('close or reopen a billing period (audited), or list the closed ones');
  periodCommand
    .command('close')
    .description('close a period: rating, adjustments, approvals, corrections and undoing its imports are refused until it is reopened')
    .argument('<period>', 'YYYY-MM', periodArg)
    .requiredOption('--reason <text>', 'why it is closed (recorded)')
    .action(async (period: string, opts: { reason: string }) => {
      const lock = await deps.run('period.close', { period, reason: opts.reason });
      console.log(`Closed ${lock.period} (by ${lock.closed_by}).`);
    });
  periodCommand
    .command('reopen')
    .description('reopen a closed period')
    .argument('<period>', 'YYYY-MM', periodArg)
    .requiredOption('--reason <text>', 'why it is reopened (recorded)')
    .action(async (period: string, opts: { reason: string }) => {
      const result = await deps.run('period.reopen', { period, reason: opts.reason });
      console.log(`Reopened ${result.period} (by ${result.reopened_by}).`);
    });
  periodCommand
    .command('status')
    .description('list the closed periods (who closed them, when and why)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const locks = await deps.readDatabase((opened) => periodLocks(opened.sqlite));
      if (opts.json) return printJson(locks);
      if (locks.length === 0) console.log('No period is closed.');
      for (const l of locks) console.log(`${l.period}\tclosed by ${l.closed_by} at ${l.closed_at}\t${l.reason}`);
    });

  const settings = program.commands.find((c) => c.name() === 'settings');
  if (!settings) throw new Error('the settings command must be registered before the control commands');
  settings
    .command('four-eyes')
    .description('print or switch the four-eyes rule: whoever last changed an invoice cannot approve it (audited)')
    .option('--on', 'require a second person to approve')
    .option('--off', 'let anyone approve')
    .option('--json', 'print JSON')
    .action(async (opts: { on?: boolean; off?: boolean; json?: boolean }) => {
      if (opts.on && opts.off) throw new UsageError('Choose --on or --off, not both.');
      const result = opts.on || opts.off ? await deps.run('settings.setFourEyes', { required: opts.on === true }) : { four_eyes: await deps.readDatabase((o) => fourEyesRequired(o.sqlite)) };
      if (opts.json) return printJson(result);
      console.log(`Four eyes is ${result.four_eyes ? 'on: whoever last changed an invoice cannot approve it' : 'off'}.`);
    });

  for (const [name, verb, past, description] of [
    ['exclude', 'Excluding', 'Excluded', 'exclude a source row from billing (audited); its period is re-rated without it'],
    ['include', 'Including', 'Included', 'put an excluded source row back into billing (audited); its period is re-rated with it'],
  ] as const) {
    const commandName = name === 'exclude' ? 'corrections.exclude' : 'corrections.include';
    const cmd = program.command(name).description(description).argument('<row>', 'usage:ID or hours:ID', rowArg);
    (name === 'exclude' ? cmd.requiredOption('--reason <text>', 'why the row must not be billed (recorded)') : cmd.option('--reason <text>', 'why (recorded)', ''))
      .option('--preview', `${name} for real, show what would change (invoices, anomalies), then roll back: nothing is kept`)
      .option('--json', 'with --preview: print the impact and the correction as JSON')
      .action(async (row: ReturnType<typeof rowArg>, opts: { reason: string; preview?: boolean; json?: boolean }) => {
        if (opts.json && !opts.preview) throw new UsageError('--json goes with --preview.');
        const args = { ...row, reason: opts.reason };
        const target = `${row.sourceKind}:${row.sourceId}`;
        const said = (result: CommandResult<typeof commandName>, previewing: boolean) =>
          console.log(
            previewing
              ? `${verb} ${target} ${name === 'exclude' ? 'from' : 'in'} billing would re-rate ${result.rerated.length ? result.rerated.map((r) => r.period).join(', ') : 'no period'}.`
              : `${past} ${target} ${name === 'exclude' ? `from billing (correction ${result.correction_id})` : 'in billing again'}.${rerated(result.rerated)}`,
          );
        if (opts.preview) {
          const { result, impact } = await deps.preview(commandName, args);
          const { source_kind, source_id, period, invoice_ids } = result;
          return printPreview(impact, opts.json ?? false, { correction: { kind: name === 'exclude' ? 'exclude_row' : 'include_row', source_kind, source_id, period, invoice_ids }, rerated: result.rerated }, () => said(result, true));
        }
        said(await deps.run(commandName, args), false);
      });
  }

  const lineCommand = program.command('line').description("one invoice line: its source rows, corrections of it");
  lineCommand
    .command('sources')
    .description("the source rows behind a line's amount: usage records, time entries or usage rollups (kind usage_rollup: one row per account, metric and day)")
    .argument('<invoiceId>', 'invoice id, e.g. AG-1001@2026-10')
    .argument('<code>', 'the line code, e.g. api_calls')
    .option('--offset <n>', 'first row to print', (v: string) => nonNegative(v, '--offset'), 0)
    .option('--limit <n>', 'rows to print, at most 1000', (v: string) => nonNegative(v, '--limit'), 100)
    .option('--json', 'print JSON: {"invoice_id", "code", "total", "rollups", "from_rollups", "rows"}')
    .action(async (invoiceId: string, code: string, opts: { offset: number; limit: number; json?: boolean }) => {
      if (opts.limit < 1 || opts.limit > 1000) throw new UsageError('--limit is between 1 and 1000.');
      const out = await deps.readDatabase((opened) => {
        const line = opened.sqlite.prepare('SELECT id FROM invoice_lines WHERE invoice_id = ? AND code = ? ORDER BY position LIMIT 1').pluck().get(invoiceId, code) as number | undefined;
        if (line === undefined) throw new NotFoundError(`Invoice ${invoiceId} has no line ${code}.`);
        return lineSourceRows(opened.sqlite, line, opts.offset, opts.limit);
      });
      const rollups = out.rows.filter((r) => r.source_kind === 'usage_rollup').length;
      if (opts.json) return printJson({ invoice_id: invoiceId, code, total: out.total, rollups, from_rollups: rollups > 0, rows: out.rows });
      console.log(`${out.total.toLocaleString('en')} source rows behind ${code} on ${invoiceId}${rollups > 0 ? ' (billed from usage rollups: one row per account, metric and day)' : ''}.`);
      for (const r of out.rows) {
        const figures = r.rollup ? `\tsum ${r.quantity}\tcount ${r.rollup.count}\tmax ${r.rollup.max}\tlast ${r.rollup.last_quantity} at ${r.rollup.last_ts}` : `\t${r.quantity}`;
        console.log(`${r.source_kind}:${r.id}\t${r.file}:${r.line}\t${r.account_id}\t${r.item}\t${r.when}${figures}\t${r.external_id ?? ''}`);
      }
    });
  lineCommand
    .command('override')
    .description("override the billable quantity of a usage or hours line (after included units; tiers still price it) (audited); --remove takes the override away")
    .argument('<invoiceId>', 'invoice id, e.g. AG-1001@2026-10')
    .argument('<code>', 'the line code, e.g. api_calls or professional_services:architect')
    .option('--quantity <decimal>', 'the billable quantity to bill instead of the measured one')
    .option('--remove', 'remove the override: the measured quantity bills again')
    .requiredOption('--reason <text>', 'why (recorded)')
    .option('--preview', 'override for real, show what would change (invoices, anomalies), then roll back: nothing is kept')
    .option('--json', 'with --preview: print the impact and the override as JSON')
    .action(async (invoiceId: string, code: string, opts: { quantity?: string; remove?: boolean; reason: string; preview?: boolean; json?: boolean }) => {
      if ((opts.quantity === undefined) === (opts.remove !== true)) throw new UsageError('Give either --quantity Q or --remove.');
      if (opts.json && !opts.preview) throw new UsageError('--json goes with --preview.');
      const said = (result: CommandResult<'corrections.overrideQuantity'>, previewing: boolean) => {
        const total = previewing ? `total would be ${result.total}` : `total now ${result.total}`;
        if (result.quantity === null) console.log(`${previewing ? 'Removing' : 'Removed'} the quantity override of ${code} on ${result.invoice_id}; ${total}.`);
        else console.log(`${previewing ? 'Overriding' : 'Overrode'} ${code} on ${result.invoice_id} to ${result.quantity}; ${total}.`);
      };
      const previewOrRun = async <N extends 'corrections.overrideQuantity' | 'corrections.removeOverride'>(name: N, args: CommandArgs<N>) => {
        if (!opts.preview) return said(await deps.run(name, args), false);
        const { result, impact } = await deps.preview(name, args);
        const { invoice_id, period, quantity, total } = result;
        printPreview(impact, opts.json ?? false, { override: { invoice_id, period, code: result.code, quantity, total } }, () => said(result, true));
      };
      if (opts.quantity !== undefined) await previewOrRun('corrections.overrideQuantity', { invoiceId, code, quantity: opts.quantity, reason: opts.reason });
      else await previewOrRun('corrections.removeOverride', { invoiceId, code, reason: opts.reason });
    });

  program
    .command('corrections')
    .description("list the period's corrections (excluded rows, quantity overrides), active and removed, oldest first")
    .requiredOption('--period <YYYY-MM>', 'billing period', periodArg)
    .option('--json', 'print JSON')
    .action(async (opts: { period: string; json?: boolean }) => {
      const list = await deps.readDatabase((opened) => listCorrections(opened.sqlite, opts.period));
      if (opts.json) return printJson(list);
      if (list.length === 0) console.log(`No corrections in ${opts.period}.`);
      for (const c of list) {
        const what = c.kind === 'exclude_row' ? `exclude ${c.source_kind}:${c.source_id}` : `override ${c.agreement_id}@${c.period} ${c.code} = ${c.quantity}`;
        const state = c.removed_at ? `removed by ${c.removed_by} at ${c.removed_at}` : 'active';
        console.log(`${c.id}\t${what}\t${c.actor} at ${c.at}\t${c.reason}\t${state}`);
      }
    });
}
