/** Validates one agreement document (data-formats.md, kind: agreements). */
import { agreementSchema, type Agreement } from '../../../shared/domain';
import { checkIds, RowError } from './fields';
import type { FieldValue } from './read-records';

export const AGREEMENT_MARKER_COLUMNS = ['agreement_id', 'charges'];

/**
 * Fields of an agreement and of its charges that identify or match (usage
 * metrics, rate roles, charge codes, the currency): never a line break or
 * control character in them (fields.ts). Names, addresses and descriptions
 * are free text.
 */
export const AGREEMENT_IDS = ['agreement_id', 'account_id', 'currency'] as const;
export const CHARGE_IDS = ['code', 'metric', 'role'] as const;

export function parseAgreementRow(fields: Record<string, FieldValue>): Agreement {
  checkIds(fields, AGREEMENT_IDS);
  const charges = fields.charges;
  if (Array.isArray(charges)) {
    charges.forEach((charge: unknown, i) => {
      if (charge !== null && typeof charge === 'object' && !Array.isArray(charge)) checkIds(charge as Record<string, FieldValue>, CHARGE_IDS, `charges.${i}.`);
    });
  }
  const result = agreementSchema.safeParse(fields);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : null;
  throw new RowError(field, field ? `${field}: ${issue.message}` : issue.message);
}
