/**
 * How a row is recognised when it is imported again (data-formats.md): by its
 * id column when it has one ("id:<id>", no hashing at all, which is the fast
 * path for a million-row usage file), else by a content hash of the row.
 *
 * The hash is over the row's source columns sorted by name, exactly as the
 * first version computed it: changing it would make every row without an id
 * that is already in a database import a second time.
 */
import { createHash } from 'node:crypto';
import type { FieldValue } from './read-records';

export function idKey(id: string): string {
  return `id:${id}`;
}

export function contentKey(fields: Record<string, FieldValue>): string {
  const sorted = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return `hash:${createHash('sha256').update(JSON.stringify(sorted)).digest('hex')}`;
}
