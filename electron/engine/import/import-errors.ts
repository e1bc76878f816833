/**
 * The errors of the import engine. Each message is one sentence a person can
 * act on; the hosts print it as it is.
 */

/** A problem with the file as a whole (unreadable, not text, unknown kind): the job stops and nothing is kept. */
export class ImportFileError extends Error {}

/**
 * Thrown by the readers with the predicate of the sentence ("is not a text
 * file (…)"); importFile puts the file's name in front and turns it into an
 * ImportFileError, so readers never need to know what the file is called.
 */
export class FileProblem extends Error {}

/**
 * A refusal that follows from the data, e.g. undoing an import whose rows are
 * on an approved invoice. The API maps it like its own ConflictError.
 */
export class ImportConflictError extends Error {}
