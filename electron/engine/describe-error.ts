/**
 * Turns any failure into the one sentence a person sees. Stacks go to the
 * host's log, never to the user.
 */
import { ZodError } from 'zod';
import type { ApiError } from '../../shared/api';
import { DatabaseOpenError } from '../../db/open';
import { describeFileError } from './make-folder';
import { CancelledError, ConflictError, ImportConflictError, ImportFileError, JobFailedError, NotFoundError, OutputLocationError } from './errors';

function sentence(text: string): string {
  const line = (text.split('\n')[0] ?? '').trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

export function describeError(error: unknown): ApiError {
  if (error instanceof JobFailedError) return error.apiError;
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : '';
    return { code: 'invalid', error: sentence(`Invalid request: ${where}${issue?.message ?? 'malformed arguments'}`) };
  }
  if (error instanceof CancelledError) return { code: 'cancelled', error: error.message };
  if (error instanceof NotFoundError) return { code: 'not_found', error: sentence(error.message) };
  if (error instanceof ConflictError || error instanceof ImportConflictError) return { code: 'conflict', error: sentence(error.message) };
  // A file the person chose that cannot be imported is their input's problem (4xx), not the engine's.
  if (error instanceof ImportFileError) return { code: 'invalid', error: sentence(error.message) };
  if (error instanceof DatabaseOpenError) return { code: 'failed', error: sentence(error.message) };
  // A folder or file the person chose that cannot be written is theirs to change.
  if (error instanceof OutputLocationError) return { code: 'invalid', error: sentence(error.message) };
  const fileProblem = describeFileError(error);
  if (fileProblem) return { code: 'failed', error: fileProblem };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'failed', error: sentence(`The operation failed: ${message}`) };
}
