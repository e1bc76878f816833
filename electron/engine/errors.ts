/**
 * The refusals and failures the engine throws on purpose, each with one sentence
 * a person can act on. A leaf: every engine folder may throw these, and the hosts
 * map them to an API error (describe-error.ts) without importing the engine.
 */
import type { ApiError } from '../../shared/api';

/** A refusal that follows from the data, e.g. approving an invoice with an open error. */
export class ConflictError extends Error {}

/** The invoice, import, anomaly or rule asked for does not exist. */
export class NotFoundError extends Error {}

/** Thrown by a job's cancellation check so the surrounding transaction rolls back. */
export class CancelledError extends Error {
  constructor() {
    super('The job was cancelled; nothing was changed.');
  }
}

/** A job that failed in a worker thread, carrying the worker's already-described error. */
export class JobFailedError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.error);
  }
}

/** A problem with an import file as a whole (unreadable, not text, unknown kind): the job stops and nothing is kept. */
export class ImportFileError extends Error {}

/**
 * A refusal that follows from the data, e.g. undoing an import whose rows are
 * on an approved invoice. The API maps it like ConflictError.
 */
export class ImportConflictError extends Error {}

/** A folder the person chose that cannot be used; the message is the whole story. */
export class OutputLocationError extends Error {}
