/**
 * Bill runs on the command line (change-control.md): `billing runs` lists a
 * period's runs, `billing diff` compares two of them per invoice and line with
 * the causes, `billing agreement-versions` shows an agreement's version history.
 */
import type { Command } from 'commander';
import { isPeriod } from '../../shared/period';
import type { InvoiceRunDiff } from '../../shared/api';
import { agreementVersions } from '../engine/runs/agreement-versions';
import { diffRuns } from '../engine/runs/diff-runs';
import { listRuns } from '../engine/runs/list-runs';
import type { CliDeps } from './import-commands';
import { printJson, UsageError } from './output';

function periodArg(value: string): string {
  if (!isPeriod(value)) throw new UsageError(`"${value}" is not a billing period; expected YYYY-MM.`);
  return value;
}

function runArg(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new UsageError(`"${value}" is not a run id; \`billing runs --period YYYY-MM\` lists them.`);
  return Number(value);
}

const figures = (f: InvoiceRunDiff['before']) => (f ? `${f.total} ${f.currency} (${f.status})` : 'none');
const line = (f: { quantity: string; amount: string } | null) => (f ? `${f.quantity} = ${f.amount}` : 'none');

export function addRunCommands(program: Command, deps: Pick<CliDeps, 'readDatabase'>): void {
  program
    .command('runs')
    .description("list a period's bill runs, oldest first: trigger, who, when, invoices and totals")
    .requiredOption('--period <YYYY-MM>', 'billing period', periodArg)
    .option('--json', 'print JSON')
    .action(async (opts: { period: string; json?: boolean }) => {
      const runs = await deps.readDatabase((opened) => listRuns(opened.sqlite, opts.period));
      if (opts.json) return printJson(runs);
      if (runs.length === 0) return console.log(`${opts.period} has not been rated yet.`);
      for (const r of runs) {
        const totals = r.totals.map((t) => `${t.amount} ${t.currency}`).join(', ') || 'no totals';
        console.log(`run ${r.run_id}\t${r.at}\t${r.trigger}\tby ${r.actor}\t${r.invoices} ${r.invoices === 1 ? 'invoice' : 'invoices'}\t${totals}`);
      }
    });

  program
    .command('diff')
    .description('what changed per invoice and line between two bill runs of a period (default: the last two), and why')
    .requiredOption('--period <YYYY-MM>', 'billing period', periodArg)
    .option('--from <RUN>', 'the earlier run (default: the run before --to)', runArg)
    .option('--to <RUN>', 'the later run (default: the latest)', runArg)
    .option('--json', 'print JSON: one object per invoice that changed')
    .action(async (opts: { period: string; from?: number; to?: number; json?: boolean }) => {
      const diff = await deps.readDatabase((opened) => diffRuns(opened.sqlite, opts.period, opts.from, opts.to));
      if (opts.json) return printJson(diff.invoices);
      if (!diff.to) return console.log(`${opts.period} has not been rated yet.`);
      const from = diff.from ? `run ${diff.from.run_id}` : 'nothing';
      console.log(`${opts.period}: ${from} → run ${diff.to.run_id} (${diff.to.trigger} by ${diff.to.actor}): ${diff.invoices.length} ${diff.invoices.length === 1 ? 'invoice' : 'invoices'} changed`);
      for (const inv of diff.invoices) {
        console.log(`\n${inv.invoice_id}: ${figures(inv.before)} → ${figures(inv.after)}`);
        for (const l of inv.lines) console.log(`  ${l.code}: ${line(l.before)} → ${line(l.after)}`);
        for (const c of inv.causes) console.log(`  because ${c.text}`);
      }
    });

  program
    .command('agreement-versions')
    .description("an agreement's versions: which fields each import changed, when and by whom")
    .argument('<agreementId>', 'agreement id')
    .option('--json', 'print JSON')
    .action(async (agreementId: string, opts: { json?: boolean }) => {
      const versions = await deps.readDatabase((opened) => agreementVersions(opened.sqlite, agreementId));
      if (opts.json) return printJson(versions);
      for (const v of versions) {
        const state = [v.current ? 'current' : '', v.standing ? '' : 'import undone'].filter(Boolean).join(', ');
        console.log(`v${v.version}\t${v.at}\timport ${v.batch_id} (${v.file}) by ${v.imported_by}${state ? `\t[${state}]` : ''}`);
        for (const c of v.changes) console.log(`  ${c.field}: ${c.before ?? '(none)'} → ${c.after ?? '(none)'}`);
      }
    });
}
