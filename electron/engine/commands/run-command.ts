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
import type { Command } from './command';
import { commands, type CommandName, type CommandResult, type RequestOf } from './registry';

export interface RunOptions {
  /** run the real change, return its result, roll it back (change-control.md) */
  preview?: boolean;
}

/** One turn of the event loop: a Ctrl-C (CLI) or other cancel that arrived during synchronous work is seen before the commit. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runCommand<N extends CommandName>(sqlite: Sqlite, request: RequestOf<N>, ctx: JobContext, options: RunOptions = {}): Promise<CommandResult<N>> {
  const definition = commands[request.name] as Command<unknown, unknown, unknown>;
  if (options.preview && definition.noPreview) throw new ConflictError(definition.noPreview);
  if (sqlite.inTransaction) throw new Error(`${request.name} was started inside another transaction`);
  sqlite.exec('BEGIN IMMEDIATE');
  let pending: unknown;
  let ran = false;
  try {
    pending = await definition.run(sqlite, request.args, ctx);
    ran = true;
    await turn();
    ctx.checkCancelled();
    if (options.preview) {
      sqlite.exec('ROLLBACK');
      return pending as CommandResult<N>;
    }
    sqlite.exec('COMMIT');
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    if (ran) definition.discard?.(pending);
    throw error;
  }
  return (definition.afterCommit ? await definition.afterCommit(sqlite, pending, ctx) : pending) as CommandResult<N>;
}
