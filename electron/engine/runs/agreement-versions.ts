/** An agreement's version history (`agreements.versions`, `billing agreement-versions`): which fields each import changed, when and by whom. */
import type { Sqlite } from '../../../db/open';
import type { AgreementVersion, FieldChange } from '../../../shared/api';
import { NotFoundError } from '../errors';

export function agreementVersions(sqlite: Sqlite, agreementId: string): AgreementVersion[] {
  const current = sqlite.prepare('SELECT batch_id FROM agreements WHERE id = ?').pluck().get(agreementId) as number | undefined;
  const rows = sqlite
    .prepare(
      `SELECT v.agreement_id, v.version, v.batch_id, b.file_name, b.imported_by, v.created_at, b.status, v.changes
       FROM agreement_versions v JOIN import_batches b ON b.id = v.batch_id WHERE v.agreement_id = ? ORDER BY v.version`,
    )
    .all(agreementId) as { agreement_id: string; version: number; batch_id: number; file_name: string; imported_by: string; created_at: string; status: string; changes: string }[];
  if (rows.length === 0) throw new NotFoundError(`There is no agreement ${agreementId}.`);
  // The current version is the latest one written by the import the agreement row now comes from.
  const currentVersion = Math.max(...rows.filter((r) => r.batch_id === current).map((r) => r.version));
  return rows.map((r) => ({
    agreement_id: r.agreement_id,
    version: r.version,
    batch_id: r.batch_id,
    file: r.file_name,
    imported_by: r.imported_by,
    at: r.created_at,
    standing: r.status === 'complete',
    current: r.version === currentVersion,
    changes: JSON.parse(r.changes) as FieldChange[],
  }));
}
