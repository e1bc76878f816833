/**
 * How a row is recognised when it is imported again (data-formats.md): by its
 * id column when it has one (no hashing at all, which is the fast path for a
 * million-row usage file), else by a content hash of the row.
 *
 * The hash is over the row's source columns sorted by name, exactly as the
 * first version computed it: changing it would make every row without an id
 * that is already in a database import a second time. Time entries store it as
 * "hash:" + 64 hex digits; usage stores its first 16 bytes as a BLOB (issue 18:
 * 16 bytes instead of 69 characters, twice, per row; a 128-bit prefix of
 * SHA-256 makes an accidental collision among even 10^12 rows about 10^-15
 * likely), which migration 0012 derived from the old text keys the same way.
 */
import { createHash } from 'node:crypto';
import type { FieldValue } from './read-records';

export function idKey(id: string): string {
  return `id:${id}`;
}

function contentDigest(fields: Record<string, FieldValue>): Buffer {
  const sorted = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest();
}

export function contentKey(fields: Record<string, FieldValue>): string {
  return `hash:${contentDigest(fields).toString('hex')}`;
}

/** The usage form of the content key: the digest's first 16 bytes. */
export function usageContentKey(fields: Record<string, FieldValue>): Buffer {
  return contentDigest(fields).subarray(0, 16);
}
