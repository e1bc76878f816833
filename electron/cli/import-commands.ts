/**
 * The import bookkeeping commands: the history of imports, their rejected rows
 * (printed or written as a formula-safe CSV) and undoing an import.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Opened } from '../../db/open';
import type { ImportCommandResult } from '../engine/commands/import-files';
import type { CommandArgs, CommandName, CommandResult } from '../engine/commands/registry';
import type { Previewed } from '../engine/commands/run-command';
import { printPreview } from './impact-text';
import { listImportBatches } from '../engine/import/import-batches';
import { describeRerate } from '../../shared/rerate-text';
import { rejectionsCsv, rejectionsPage, type RejectionFilter } from '../engine/review/rejections';
import { printJson, UsageError } from './output';

export interface CliDeps {
  /** for commands that only read (the book must exist; opened read-only) */
  readDatabase<T>(work: (opened: Opened, actor: string) => Promise<T> | T): Promise<T>;
  /** for commands that write: the engine command, inline (creates the book if there is none; Ctrl-C cancels) */
  run<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<CommandResult<N>>;
  /** `--preview`: the same command run and rolled back, with its impact */
  preview<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<Previewed<N>>;
}

function importId(value: string): number {
  const id = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(id) || id < 1) throw new UsageError(`"${value}" is not an import id; run "billing imports" to see them.`);
  return id;
}

/**
 * What `billing import` prints per file. --json keeps the contract's six keys
 * and adds `notes` (how the file was read: encoding, rows rejected for bad
 * bytes…), which the contract allows as an extra key.
 */
export function printImportResults({ files, refused, rerated }: Pick<ImportCommandResult, 'files' | 'refused' | 'rerated'>, json: boolean): void {
  if (json) return printJson(importResultsJson({ files, refused }));
  for (const r of files) {
    console.log(`${r.file} (${r.kind}): ${r.rows} rows — ${r.imported} imported, ${r.duplicates} skipped as duplicates, ${r.rejected} rejected (${r.durationMs} ms)`);
    for (const note of r.notes ?? []) console.log(`  note: ${note}`);
  }
  for (const impact of rerated) console.log(describeRerate(impact));
}

/** The per-file objects of `billing import --json` (also the "files" of its --preview --json). */
export function importResultsJson({ files, refused }: Pick<ImportCommandResult, 'files' | 'refused'>) {
  return [
    ...files.map(({ file, kind, rows, imported, duplicates, rejected, notes }) => ({ file, kind, rows, imported, duplicates, rejected, notes: notes ?? [] })),
    // A file refused as a whole is still one object per file, with no kind and its reason.
    ...refused.map(({ file, reason }) => ({ file, kind: null, rows: 0, imported: 0, duplicates: 0, rejected: 0, notes: [], error: reason })),
  ];
}

export function addImportCommands(program: Command, deps: CliDeps): void {
  program
    .command('imports')
    .description('list every import, newest first (id, file, kind, rows, imported, duplicates, rejected, status, notes)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const batches = await deps.readDatabase((opened) => listImportBatches(opened.sqlite));
      if (opts.json) return printJson(batches);
      for (const b of batches) {
        // Notes come last, so the columns before them stay where scripts expect them.
        const notes = b.notes.length ? `\t${b.notes.join('; ')}` : '';
        console.log(`${b.batchId}\t${b.importedAt}\t${b.kind}\t${b.file}\t${b.rows} rows: ${b.imported} imported, ${b.duplicates} duplicates, ${b.rejected} rejected\t${b.status}${notes}`);
      }
    });

  program
    .command('rejected')
    .description('show the rejected rows (file, line, field, reason, raw text) of one import or of all, or write them as CSV')
    .option('--import <id>', 'only this import', importId)
    .option('--search <text>', 'only rows whose reason, field or raw text contains this')
    .option('--field <name>', 'only rows rejected for this field')
    .option('--out <file>', 'write a formula-safe CSV instead of printing')
    .option('--json', 'print JSON')
    .action(async (opts: { import?: number; search?: string; field?: string; out?: string; json?: boolean }) => {
      const filter: RejectionFilter = {
        ...(opts.import !== undefined ? { batchId: opts.import } : {}),
        ...(opts.search !== undefined ? { search: opts.search } : {}),
        ...(opts.field !== undefined ? { field: opts.field } : {}),
      };
      if (opts.out) {
        const { csv, rows } = await deps.readDatabase((opened) => rejectionsCsv(opened.sqlite, filter));
        writeFileSync(resolve(opts.out), csv);
        console.log(`Wrote ${rows} rejected rows to ${opts.out}.`);
        return;
      }
      const page = await deps.readDatabase((opened) => rejectionsPage(opened.sqlite, filter, 0, 1000));
      if (opts.json) return printJson(page.rows);
      for (const r of page.rows) console.log(`${r.file}:${r.line}\t${r.field ?? '(row)'}\t${r.reason}`);
      if (page.total > page.rows.length) console.log(`… and ${page.total - page.rows.length} more; use --out to write them all.`);
    });

  program
    .command('undo')
    .description("undo an import: its rows are removed (audited) and the draft periods they were billed in are re-rated")
    .argument('<importId>', 'the id shown by "billing imports"', importId)
    .option('--reason <text>', 'why, recorded in the audit trail')
    .option('--preview', 'undo for real, show what would change (invoices, anomalies), then roll back: nothing is kept')
    .option('--json', 'with --preview: print the impact and what would be removed as JSON')
    .action(async (batchId: number, opts: { reason?: string; preview?: boolean; json?: boolean }) => {
      if (opts.json && !opts.preview) throw new UsageError('--json goes with --preview.');
      const args = { batchId, reason: opts.reason ?? null };
      const said = (result: CommandResult<'import.undo'>, previewing: boolean) => {
        const r = result.removed;
        const what = `${r.usage} usage records, ${r.usage_rollups ? `${r.usage_rollups} usage rollups, ` : ''}${r.hours} time entries, ${r.agreements} agreements, ${r.payments || r.disputes ? `${r.payments} payments, ${r.disputes} disputes, ` : ''}${r.rejected} rejected rows`;
        console.log(previewing ? `Undoing import ${result.batchId} (${result.file}) would remove ${what}.` : `Undid import ${result.batchId} (${result.file}): removed ${what}.`);
        for (const impact of result.rerated) console.log(describeRerate(impact));
      };
      if (opts.preview) {
        const { result, impact } = await deps.preview('import.undo', args);
        const { file, removed, deletedDrafts, rerated } = result;
        // The CLI's JSON keys are snake_case (change-control.md), whatever the engine result calls them.
        return printPreview(impact, opts.json ?? false, { batch_id: result.batchId, file, removed, deleted_drafts: deletedDrafts, rerated }, () => said(result, true));
      }
      said(await deps.run('import.undo', args), false);
    });
}
