/**
 * The whole check a finance team can rely on before trusting a book (and that
 * export and restore run before they act): the audit trail's hash chain, the
 * schema against what the migrations define, and every finalized document's
 * figures and issued PDF.
 */
import type { Sqlite } from '../../../db/open';
import { describeSchemaDifferences, schemaDifferences } from './schema-check';
import { verifyAuditLog } from './verify-audit';
import { verifyFinalizedDocuments } from './verify-documents';

export interface BookVerification {
  intact: boolean;
  auditEntries: number;
  documents: number;
  /** one sentence each: audit chain, schema, documents */
  problems: string[];
}

export function verifyBook(sqlite: Sqlite): BookVerification {
  const problems: string[] = [];
  const audit = verifyAuditLog(sqlite);
  if (!audit.intact) problems.push(`audit log broken: ${audit.problem}`);
  const schema = schemaDifferences(sqlite);
  if (schema.length) problems.push(`schema differs from this version's migrations: ${describeSchemaDifferences(schema)}`);
  const documents = verifyFinalizedDocuments(sqlite);
  problems.push(...documents.problems.map((p) => `finalized document ${p}`));
  return { intact: problems.length === 0, auditEntries: audit.entries, documents: documents.documents, problems };
}

/** "The book fails its integrity check (…); run billing audit verify." — for commands that refuse to act on it. */
export function bookProblemSentence(verification: BookVerification, action: string): string {
  return `${action} because the book fails its integrity check: ${firstProblem(verification)}; run "billing audit verify" for the details.`;
}

/** The first problem, and how many more there are. */
export function firstProblem(verification: BookVerification): string {
  const more = verification.problems.length - 1;
  return `${verification.problems[0] ?? ''}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`;
}
