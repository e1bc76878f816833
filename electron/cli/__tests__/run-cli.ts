/** Runs the real built `billing` command as a child process (tests only). */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'out', 'cli.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** a command still running then is killed and reported with code -1 */
  timeoutMs?: number;
  /** run as this user and group (a test running as root uses it to meet file permissions) */
  uid?: number;
  gid?: number;
}

export function billing(args: string[], cwd?: string, options: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function billingOk(args: string[], cwd?: string): string {
  const r = billing(args, cwd);
  if (r.code !== 0) throw new Error(`billing ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}
