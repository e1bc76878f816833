/**
 * Importing files: what an import reports, the import history, rejected rows,
 * import profiles, undoing an import, and loading the demo book.
 */
import { z } from 'zod';
import { fileRef, jobId, method } from './common';

export const IMPORT_KINDS = ['usage', 'hours', 'agreements', 'payments', 'disputes', 'usage_rollup'] as const;
export const importKind = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof importKind>;

export const importFileResult = z.object({
  file: z.string(),
  kind: importKind,
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  batch_id: z.number().int().nullable(),
  duration_ms: z.number(),
  /** what the import noticed about the file as a whole, e.g. "decoded as Windows-1252" */
  notes: z.array(z.string()).optional(),
});
export type ImportFileResult = z.infer<typeof importFileResult>;

/** A rated period that a change (import, undo) re-rated in the same transaction, and the drafts that moved. */
export const rerateImpact = z.object({ period: z.string(), drafts: z.number().int(), changed: z.array(z.string()) });
export type RerateImpact = z.infer<typeof rerateImpact>;

export const importBatch = z.object({
  batch_id: z.number().int(),
  file: z.string(),
  kind: importKind,
  profile: z.string().nullable(),
  file_size: z.number().int(),
  sha256: z.string(),
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  duration_ms: z.number(),
  status: z.enum(['complete', 'undone']),
  imported_by: z.string(),
  imported_at: z.string(),
  /** what the import noticed about the file as a whole (encoding, rows with bad bytes…), kept with the batch */
  notes: z.array(z.string()),
});
export type ImportBatch = z.infer<typeof importBatch>;

export const importProfileInfo = z.object({
  name: z.string(),
  label: z.string(),
  description: z.string().nullable(),
  kind: importKind.nullable(),
  built_in: z.boolean(),
});
export type ImportProfileInfo = z.infer<typeof importProfileInfo>;

export const rejectedRow = z.object({
  id: z.number().int(),
  batch_id: z.number().int(),
  file: z.string(),
  line: z.number().int(),
  field: z.string().nullable(),
  reason: z.string(),
  raw: z.string(),
});
export type RejectedRow = z.infer<typeof rejectedRow>;

/** Which rejected rows: one import's or every import's, narrowed by a search text and a field. */
const rejectionFilter = {
  batch_id: z.number().int().positive().optional(),
  search: z.string().max(200).optional(),
  field: z.string().max(100).optional(),
};

/** A built-in profile's name; a user's own profile arrives as a file (profile_file), never as a path. */
const profileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,99}$/, { message: 'expected the name of a built-in profile' });

export const importMethods = {
  'demo.load': method(
    z.object({ job_id: jobId }),
    z.object({ files: z.array(importFileResult), periods: z.array(z.string()) }),
    'generate the seeded demo book and import it',
  ),
  'import.files': method(
    z.object({ job_id: jobId, files: z.array(fileRef).min(1).max(100), kind: importKind.optional(), profile: profileName.optional(), profile_file: fileRef.optional() }),
    z.object({ files: z.array(importFileResult), refused: z.array(z.object({ file: z.string(), reason: z.string() })), rerated: z.array(rerateImpact) }),
    'import usage, hours or agreement files, optionally through a built-in profile or a profile file',
  ),
  'import.profiles': method(z.object({}), z.array(importProfileInfo), 'the built-in import profiles'),
  'import.history': method(z.object({}), z.array(importBatch), 'every import, newest first'),
  'import.rejected': method(
    z.object({ ...rejectionFilter, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) }),
    z.object({
      total: z.number().int(),
      rows: z.array(rejectedRow),
      /** how many of the selected rows each field rejected (null: the row as a whole) */
      fields: z.array(z.object({ field: z.string().nullable(), count: z.number().int() })),
    }),
    'rejected rows with file, line, field, reason and raw text, paged',
  ),
  'import.rejectedCsv': method(
    z.object(rejectionFilter),
    z.object({ file_name: z.string(), csv: z.string(), rows: z.number().int() }),
    'the selected rejected rows as a formula-safe CSV',
  ),
  'import.undo': method(
    z.object({ job_id: jobId, batch_id: z.number().int().positive(), reason: z.string().trim().max(2000).optional() }),
    z.object({
      batch_id: z.number().int(),
      file: z.string(),
      removed: z.object({ usage: z.number().int(), usage_rollups: z.number().int().optional(), hours: z.number().int(), agreements: z.number().int(), charges: z.number().int(), rejected: z.number().int(), payments: z.number().int(), disputes: z.number().int() }),
      deleted_drafts: z.array(z.string()),
      rerated: z.array(rerateImpact),
    }),
    "remove an import's rows (audited) and re-rate the draft periods they were billed in",
  ),
} as const;
