/**
 * Creating an output folder (and its missing parents) one level at a time.
 *
 * Node's `mkdir(path, { recursive: true })` never returns when a parent exists
 * but refuses new entries with ENOENT, as /proc and /sys do: it retries the
 * parent (which exists), then the child again, forever. Walking up to the first
 * folder that exists and creating each missing level once fails in one step.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OutputLocationError } from './errors';


const REASONS: Record<string, string> = {
  ENOENT: 'that place does not accept new folders',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'part of the path is a file, not a folder',
  ENAMETOOLONG: 'the path is too long',
};

/**
 * One sentence for a failed file operation on a path the person named (an --out
 * file that cannot be written, say), or null when it is not one.
 */
export function describeFileError(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, path } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof path !== 'string') return null;
  const reason = code === 'ENOENT' ? 'there is no such file or folder' : code === 'EISDIR' ? 'it is a folder' : REASONS[code];
  return reason ? `${path} cannot be used: ${reason}.` : null;
}

export function makeFolder(path: string): void {
  const target = resolve(path);
  const missing: string[] = [];
  let current = target;
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (existsSync(current) && !statSync(current).isDirectory()) {
    throw new OutputLocationError(`The folder ${target} cannot be created: ${current} is a file, not a folder.`);
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST' && statSync(folder).isDirectory()) continue; // made by someone else meanwhile
      throw new OutputLocationError(`The folder ${target} cannot be created: ${REASONS[code] ?? (code || 'unknown reason')}.`);
    }
  }
}
