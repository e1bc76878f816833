/**
 * What an engine command is: one data-changing operation of the API, with
 * every step it needs, run by runCommand inside one transaction (run-command.ts).
 * `run` does the database work; a command that also writes files (export)
 * gives `afterCommit`, which places them once the transaction committed, and
 * `discard`, which removes what `run` left behind when it did not.
 */
import type { Sqlite } from '../../../db/open';
import type { JobContext } from '../job-context';

export interface Command<Args, Pending, Result = Pending> {
  run(sqlite: Sqlite, args: Args, ctx: JobContext): Pending | Promise<Pending>;
  afterCommit?(sqlite: Sqlite, pending: Pending, ctx: JobContext): Promise<Result>;
  discard?(pending: Pending): void;
  /** set when the command cannot run as a preview: the one sentence saying why */
  noPreview?: string;
}

/** Lets each file declare its command with the types inferred. */
export function command<Args, Pending, Result = Pending>(definition: Command<Args, Pending, Result>): Command<Args, Pending, Result> {
  return definition;
}
