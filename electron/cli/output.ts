/** How the CLI talks: results on stdout, one-line reasons on stderr, exit codes. */
import { describeError } from '../engine/describe-error';
import { CancelledError } from '../engine/errors';

export class UsageError extends Error {}

/** Exit codes: 2 for a usage error, 130 for a command cancelled with Ctrl-C (the shell's code for SIGINT), 1 otherwise. */
export function fail(error: unknown): never {
  const message = error instanceof UsageError ? error.message : describeError(error).error;
  process.stderr.write(`billing: ${message}\n`);
  process.exit(error instanceof UsageError ? 2 : error instanceof CancelledError ? 130 : 1);
}

/**
 * A usage error from commander ("error: missing required argument 'x'\n(Did you
 * mean …?)") as our one line: `billing: Missing required argument 'x' (did you
 * mean …?); run "billing --help" for usage.`
 */
export function usageLine(commanderMessage: string): string {
  const text = commanderMessage.replace(/^error:\s*/i, '').replace(/\s*\n\s*/g, ' ').trim().replace(/\(Did you/g, '(did you');
  const sentence = text.charAt(0).toUpperCase() + text.slice(1).replace(/\.$/, '');
  return `billing: ${sentence}; run "billing --help" for usage.\n`;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Progress on stderr, only for a person at a terminal; or, with
 * BILLING_PROGRESS=lines, one `progress <phase>: <done>/<total>` line per report
 * for scripts (and the crash tests) to follow.
 */
export function terminalProgress(): ((phase: string, done: number, total: number) => void) | undefined {
  if (process.env.BILLING_PROGRESS === 'lines') return (phase, done, total) => void process.stderr.write(`progress ${phase}: ${done}/${total}\n`);
  if (!process.stderr.isTTY) return undefined;
  return (phase, done, total) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
    process.stderr.write(`\r${phase}: ${pct}%   `);
    if (done >= total) process.stderr.write('\n');
  };
}
