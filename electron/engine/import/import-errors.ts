/**
 * The readers' own error (ImportFileError and ImportConflictError are in ../errors.ts). Each message is one sentence a person can
 * act on; the hosts print it as it is.
 */

/**
 * Thrown by the readers with the predicate of the sentence ("is not a text
 * file (…)"); importFile puts the file's name in front and turns it into an
 * ImportFileError, so readers never need to know what the file is called.
 */
export class FileProblem extends Error {}
