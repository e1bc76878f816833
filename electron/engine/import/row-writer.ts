/** What the per-kind writers share: the row they are given and what they answer. */
import type { FieldValue } from './read-records';

export interface RowInput {
  line: number;
  raw: string;
  /** canonical fields (after the profile, if any) */
  fields: Record<string, FieldValue>;
  /** the fields as the source file wrote them: what a row without an id is recognised by */
  sourceFields: Record<string, FieldValue>;
}

/** 'updated': a row already imported whose newer content replaced it (disputes); counted as imported. */
export type RowOutcome = 'imported' | 'duplicate' | 'updated';

/** Validates and stores one row; throws RowError when the row is invalid. */
export type RowWriter = (row: RowInput) => RowOutcome;

export function jsonOrNull(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}
