/**
 * `billing anomalies sources ID`: every source row behind one finding, sorted
 * and paged like the app's drawer, as text, JSON or a formula-safe CSV (to
 * stdout or --out FILE; the CSV has every row, uncapped, streamed).
 *
 * An extension of the binding command set (README, CLI section). The
 * `anomalies` command's own options (--period, --json) are parsed by it
 * wherever they appear, so --json is read with the parent's options.
 */
import { Option, type Command } from 'commander';
import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sourceSortColumns, type SourceSortColumn } from '../../shared/api';
import { anomalySources, anomalySourcesCsvLines } from '../engine/anomalies/sources';
import { makeFolder } from '../engine/make-folder';
import type { CliDeps } from './import-commands';
import { printJson, UsageError } from './output';

interface SourcesOptions {
  offset: number;
  limit: number;
  sort: SourceSortColumn;
  desc?: boolean;
  json?: boolean;
  csv?: boolean;
  out?: string;
}

function wholeNumber(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${name} takes a whole number from ${min} to ${max.toLocaleString('en')}, not "${value}".`);
    return n;
  };
}

/** Writes the lines to a file (created with its folder) or stdout; returns how many rows (lines after the header) went out. */
function writeLines(lines: Iterable<string>, out: string | undefined): number {
  const fd = out ? (makeFolder(dirname(resolve(out))), openSync(resolve(out), 'w')) : 1;
  let count = -1;
  try {
    // Batched writes: one syscall per few hundred rows, not per row.
    let batch: string[] = [];
    for (const line of lines) {
      batch.push(line);
      count++;
      if (batch.length === 500) {
        writeSync(fd, batch.join(''));
        batch = [];
      }
    }
    if (batch.length) writeSync(fd, batch.join(''));
  } finally {
    if (out) closeSync(fd);
  }
  return count;
}

export function addAnomalySourceCommands(anomalies: Command, deps: CliDeps): void {
  anomalies
    .command('sources')
    .description('the source rows behind one anomaly (file and line each came from), sorted and paged, or all of them as CSV')
    .argument('<anomalyId>', 'anomaly id (see "billing anomalies --period P --json")')
    .option('--offset <n>', 'skip this many rows', wholeNumber('--offset', 0, Number.MAX_SAFE_INTEGER), 0)
    .option('--limit <n>', 'rows to print', wholeNumber('--limit', 1, 1000), 100)
    .addOption(new Option('--sort <column>', 'sort by this column').choices(sourceSortColumns).default('when'))
    .option('--desc', 'sort descending')
    .option('--json', 'print JSON (total, rows, agreements)')
    .option('--csv', 'every row as a formula-safe CSV (ignores --offset and --limit)')
    .option('--out <file>', 'with --csv: write the CSV to this file instead of stdout')
    .action(async (anomalyId: string, _opts: SourcesOptions, command: Command) => {
      const opts = command.optsWithGlobals<SourcesOptions>();
      if (opts.out && !opts.csv) throw new UsageError('--out writes the CSV; add --csv.');
      if (opts.csv && opts.json) throw new UsageError('Choose --csv or --json, not both.');
      const order = { sort: opts.sort, desc: opts.desc ?? false };
      if (opts.csv) {
        const rows = await deps.readDatabase((opened) => writeLines(anomalySourcesCsvLines(opened.sqlite, anomalyId, order), opts.out));
        if (opts.out) console.log(`Wrote ${rows.toLocaleString('en')} source ${rows === 1 ? 'row' : 'rows'} to ${opts.out}.`);
        return;
      }
      const page = await deps.readDatabase((opened) => anomalySources(opened.sqlite, anomalyId, opts.offset, opts.limit, order));
      if (opts.json) return printJson(page);
      for (const a of page.agreements) console.log(`agreement\t${a.agreement_id}\t${a.account_id}\t${a.start_date}\t${a.end_date ?? ''}\t${a.file}:${a.line}`);
      for (const r of page.rows) console.log(`${r.source_kind}\t${r.id}\t${r.file}:${r.line}\t${r.account_id}\t${r.item}\t${r.quantity}\t${r.when}\t${r.external_id ?? ''}${r.person ? `\t${r.person}` : ''}`);
      const from = page.rows.length ? opts.offset + 1 : 0;
      console.log(`Rows ${from.toLocaleString('en')}–${(opts.offset + page.rows.length).toLocaleString('en')} of ${page.total.toLocaleString('en')}.`);
    });
}
