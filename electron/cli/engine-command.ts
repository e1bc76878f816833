/**
 * The CLI's writing commands run the engine commands inline (the same registry
 * and orchestration as the app's worker), on the book they opened. Ctrl-C
 * raises the cancel flag the engine polls: the transaction rolls back and the
 * process exits with 130 (output.ts). A second Ctrl-C exits at once; SQLite
 * drops the uncommitted transaction all the same.
 */
import type { Sqlite } from '../../db/open';
import { runCommand } from '../engine/commands/run-command';
import type { CommandArgs, CommandName, CommandResult } from '../engine/commands/registry';
import { createJobContext } from '../engine/job-context';
import { terminalProgress } from './output';

export async function runInterruptible<N extends CommandName>(sqlite: Sqlite, actor: string, name: N, args: CommandArgs<N>): Promise<CommandResult<N>> {
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
  };
  process.on('SIGINT', onInterrupt);
  const onProgress = terminalProgress();
  const ctx = createJobContext({ actor, ...(onProgress ? { onProgress } : {}), isCancelled: () => interrupted });
  try {
    return await runCommand(sqlite, { name, args }, ctx);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
