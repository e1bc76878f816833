/**
 * The CLI's writing commands run the engine commands inline (the same registry
 * and orchestration as the app's worker), on the book they opened. Ctrl-C
 * raises the cancel flag the engine polls: the transaction rolls back and the
 * process exits with 130 (output.ts). A second Ctrl-C exits at once; SQLite
 * drops the uncommitted transaction all the same.
 */
import type { Sqlite } from '../../db/open';
import { previewCommand, runCommand, type Previewed } from '../engine/commands/run-command';
import type { CommandArgs, CommandName, CommandResult } from '../engine/commands/registry';
import { createJobContext, type JobContext } from '../engine/job-context';
import { terminalProgress } from './output';

export function runInterruptible<N extends CommandName>(sqlite: Sqlite, actor: string, name: N, args: CommandArgs<N>): Promise<CommandResult<N>> {
  return interruptible(actor, (ctx) => runCommand(sqlite, { name, args }, ctx));
}

/** The same command as a preview (`--preview`): its result and impact, nothing kept. */
export function previewInterruptible<N extends CommandName>(sqlite: Sqlite, actor: string, name: N, args: CommandArgs<N>): Promise<Previewed<N>> {
  return interruptible(actor, (ctx) => previewCommand(sqlite, { name, args }, ctx));
}

async function interruptible<T>(actor: string, work: (ctx: JobContext) => Promise<T>): Promise<T> {
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
  };
  process.on('SIGINT', onInterrupt);
  const onProgress = terminalProgress();
  const ctx = createJobContext({ actor, ...(onProgress ? { onProgress } : {}), isCancelled: () => interrupted });
  try {
    return await work(ctx);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
