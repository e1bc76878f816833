/**
 * Queries to owners on the command line: `billing query raise|answer|resolve`
 * (engine commands, audited) and `billing queries` (per owner with their age;
 * `--pack DIR` writes an owner's CSV and one .eml draft per open query).
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeFolder } from '../engine/make-folder';
import { listQueries, queriesCsv, queryEml, type OwnerQuery, type QuerySubject } from '../engine/receivables/owner-queries';
import type { CliDeps } from './import-commands';
import { printJson, UsageError } from './output';

function queryId(value: string): number {
  if (!/^\d{1,12}$/.test(value)) throw new UsageError(`"${value}" is not a query id (a whole number, see "billing queries").`);
  return Number(value);
}

function line(q: OwnerQuery): string {
  return `${q.query_id}\t${q.owner ?? '(no owner)'}\t${q.status}\t${q.age_days} days\t${q.subject_kind} ${q.subject_id}\t${q.question}`;
}

export function addQueryCommands(program: Command, deps: CliDeps): void {
  const query = program.command('query').description('queries to sales owners: raise one from an anomaly, agreement or dispute, answer it, resolve it (audited)');

  query
    .command('raise')
    .description("ask the owner of the agreement behind an anomaly, an agreement or a dispute")
    .option('--anomaly <id>', 'anomaly id (billing anomalies --period P --json)')
    .option('--agreement <id>', 'agreement id (an agreement problem)')
    .option('--dispute <id>', 'dispute id')
    .requiredOption('--question <text>', 'what finance asks')
    .option('--json', 'print JSON')
    .action(async (opts: { anomaly?: string; agreement?: string; dispute?: string; question: string; json?: boolean }) => {
      const given = (['anomaly', 'agreement', 'dispute'] as const).filter((k) => opts[k] !== undefined);
      if (given.length !== 1) throw new UsageError('Name exactly one of --anomaly ID, --agreement ID or --dispute ID.');
      const kind = given[0]!;
      const subject: QuerySubject = { kind, id: opts[kind]! };
      const q = await deps.run('queries.raise', { subject, question: opts.question });
      if (opts.json) return printJson(q);
      console.log(`Raised query ${q.query_id} to ${q.owner ?? '(no owner)'} about agreement ${q.agreement_id}.`);
    });

  for (const [name, verb] of [['answer', 'answered'], ['resolve', 'resolved']] as const) {
    query
      .command(name)
      .description(name === 'answer' ? "record the owner's answer to a query" : 'resolve a query with a note')
      .argument('<queryId>', 'query id', queryId)
      .requiredOption('--note <text>', name === 'answer' ? 'the answer' : 'how it was resolved')
      .option('--json', 'print JSON')
      .action(async (id: number, opts: { note: string; json?: boolean }) => {
        const q = await deps.run(name === 'answer' ? 'queries.answer' : 'queries.resolve', { queryId: id, note: opts.note });
        if (opts.json) return printJson(q);
        console.log(`Query ${q.query_id} ${verb}.`);
      });
  }

  program
    .command('queries')
    .description('queries to owners with their age in days; --pack DIR writes an owner’s open queries as CSV and .eml drafts')
    .option('--owner <name>', 'only this owner ("" for the queries of agreements without owner)')
    .option('--open', 'only queries not resolved yet')
    .option('--pack <dir>', 'with --owner: write queries.csv and one .eml draft per open query into DIR')
    .option('--json', 'print JSON')
    .action(async (opts: { owner?: string; open?: boolean; pack?: string; json?: boolean }) => {
      if (opts.pack !== undefined && opts.owner === undefined) throw new UsageError('--pack writes one owner’s pack: give --owner NAME.');
      const { rows, from } = await deps.readDatabase((opened, actor) => ({
        rows: listQueries(opened.sqlite, { ...(opts.owner !== undefined ? { owner: opts.owner } : {}), openOnly: opts.open === true || opts.pack !== undefined }),
        from: actor,
      }));
      if (opts.pack !== undefined) {
        const dir = resolve(opts.pack);
        makeFolder(dir);
        writeFileSync(join(dir, 'queries.csv'), queriesCsv(rows));
        for (const q of rows) writeFileSync(join(dir, `query-${q.query_id}.eml`), queryEml(q, from));
        console.log(`Wrote queries.csv and ${rows.length} .eml drafts to ${opts.pack}.`);
        return;
      }
      if (opts.json) return printJson(rows);
      for (const q of rows) console.log(line(q));
      if (rows.length === 0) console.log('No queries.');
    });
}
