/** Validates one agreement document (data-formats.md, kind: agreements). */
import { agreementSchema, type Agreement } from '../../../shared/domain';
import { RowError } from './fields';
import type { FieldValue } from './read-records';

export const AGREEMENT_MARKER_COLUMNS = ['agreement_id', 'charges'];

export function parseAgreementRow(fields: Record<string, FieldValue>): Agreement {
  const result = agreementSchema.safeParse(fields);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : null;
  throw new RowError(field, field ? `${field}: ${issue.message}` : issue.message);
}
