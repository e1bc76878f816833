/** Validates one time entry (data-formats.md, kind: hours). */
import { HOURS_KINDS, type HoursKind } from '../../../shared/domain';
import { dec } from '../../../shared/money';
import { isValidDate } from '../../../shared/period';
import { checkIds, extraFields, optionalDecimal, optionalText, rejectTooOld, requiredBoolean, requiredDecimal, requiredText, RowError, truncate } from './fields';
import type { FieldValue } from './read-records';

export const HOURS_COLUMNS = new Set(['entry_id', 'date', 'account_id', 'person', 'kind', 'role', 'hours', 'billable', 'rate', 'project', 'notes']);
/**
 * Fields that identify or match: never a line break or control character in
 * them (fields.ts). role picks a rate and project is a reference; notes are
 * free text and may hold line breaks.
 */
export const HOURS_IDS = ['entry_id', 'account_id', 'person', 'role', 'project'] as const;

export interface HoursRow {
  entryId: string | null;
  date: string;
  accountId: string;
  person: string;
  kind: HoursKind;
  role: string | null;
  hours: string;
  billable: boolean;
  rate: string | null;
  project: string | null;
  notes: string | null;
  extra: Record<string, FieldValue> | null;
}

function isHoursKind(value: string): value is HoursKind {
  return (HOURS_KINDS as readonly string[]).includes(value);
}

/** `notAfter`: the latest acceptable day (YYYY-MM-DD), normally the day after the import: work cannot be done in the future. */
export function parseHoursRow(fields: Record<string, FieldValue>, checks: { notAfter?: string } = {}): HoursRow {
  checkIds(fields, HOURS_IDS);
  const date = requiredText(fields, 'date');
  if (!isValidDate(date)) throw new RowError('date', `date "${truncate(date)}" is not a real calendar date YYYY-MM-DD`);
  if (checks.notAfter !== undefined && date > checks.notAfter) throw new RowError('date', `date ${date} is in the future (more than 1 day after the import)`);
  rejectTooOld('date', date);
  const accountId = requiredText(fields, 'account_id');
  const person = requiredText(fields, 'person');
  const kind = requiredText(fields, 'kind');
  if (!isHoursKind(kind)) throw new RowError('kind', `kind "${truncate(kind)}" is not one of ${HOURS_KINDS.join(', ')}`);
  const hours = requiredDecimal(fields, 'hours');
  const h = dec(hours);
  if (h.lte(0) || h.gt(24)) throw new RowError('hours', `hours ${hours} must be greater than 0 and at most 24`);
  const rate = optionalDecimal(fields, 'rate');
  if (rate !== null && rate.startsWith('-')) throw new RowError('rate', `rate ${rate} is negative`);
  return {
    entryId: optionalText(fields, 'entry_id'),
    date,
    accountId,
    person,
    kind,
    role: optionalText(fields, 'role'),
    hours,
    billable: requiredBoolean(fields, 'billable'),
    rate,
    project: optionalText(fields, 'project'),
    notes: optionalText(fields, 'notes'),
    extra: extraFields(fields, HOURS_COLUMNS),
  };
}
