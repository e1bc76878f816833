/**
 * Running one engine command: BEGIN IMMEDIATE, the command's steps (engine
 * functions that open their own transaction nest as savepoints), then COMMIT,
 * or ROLLBACK on failure, on cancellation, or when it runs as a preview (the
 * real change is made, its result returned, and nothing is kept).
 *
 * The same function runs inline (CLI, tests) and in the host's worker thread
 * (command-worker.ts), so orchestration is written once.
 */
import type { Sqlite } from '../../../db/open';
import { ConflictError } from '../errors';
import type { JobContext } from '../job-context';
import { rollBack } from '../rollback-listeners';
import type { Command } from './command';
import { bookState, impactBetween, type ChangeImpact } from './measure-impact';
import { commands, type CommandName, type CommandResult, type RequestOf } from './registry';

export interface RunOptions {
  /** run the real change, return its result, roll it back (change-control.md) */
  preview?: boolean;
}

/** One turn of the event loop: a Ctrl-C (CLI) or other cancel that arrived during synchronous work is seen before the commit. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runCommand<N extends CommandName>(sqlite: Sqlite, request: RequestOf<N>, ctx: JobContext, options: RunOptions = {}): Promise<CommandResult<N>> {
  return (await execute(sqlite, request, ctx, options.preview ? 'preview' : 'apply')).result;
}

export interface Previewed<N extends CommandName> {
  result: CommandResult<N>;
  /** what committing would have changed, read from the book inside the transaction (measure-impact.ts) */
  impact: ChangeImpact;
}

/** The command as a preview (change-control.md): run, its impact measured, rolled back. */
export async function previewCommand<N extends CommandName>(sqlite: Sqlite, request: RequestOf<N>, ctx: JobContext): Promise<Previewed<N>> {
  const { result, impact } = await execute(sqlite, request, ctx, 'measure');
  return { result, impact: impact! };
}

async function execute<N extends CommandName>(
  sqlite: Sqlite,
  request: RequestOf<N>,
  ctx: JobContext,
  mode: 'apply' | 'preview' | 'measure',
): Promise<{ result: CommandResult<N>; impact?: ChangeImpact }> {
  const definition = commands[request.name] as Command<unknown, unknown, unknown>;
  const preview = mode !== 'apply';
  if (preview && definition.noPreview) throw new ConflictError(definition.noPreview);
  if (sqlite.inTransaction) throw new Error(`${request.name} was started inside another transaction`);
  sqlite.exec('BEGIN IMMEDIATE');
  let pending: unknown;
  let ran = false;
  try {
    const before = mode === 'measure' ? bookState(sqlite) : undefined;
    pending = await definition.run(sqlite, request.args, ctx);
    ran = true;
    await turn();
    ctx.checkCancelled();
    if (preview) {
      const impact = before ? impactBetween(before, bookState(sqlite)) : undefined;
      rollBack(sqlite);
      return { result: pending as CommandResult<N>, ...(impact ? { impact } : {}) };
    }
    sqlite.exec('COMMIT');
  } catch (error) {
    if (sqlite.inTransaction) rollBack(sqlite);
    if (ran) definition.discard?.(pending);
    throw error;
  }
  return { result: (definition.afterCommit ? await definition.afterCommit(sqlite, pending, ctx) : pending) as CommandResult<N> };
}
