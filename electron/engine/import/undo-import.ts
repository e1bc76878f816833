/**
 * Undoing an import: the batch's rows leave the database (usage, hours,
 * agreements with their charges and tiers, rejected rows) and the batch stays
 * in the history marked `undone`, so the same file can be imported again.
 *
 * Billing decides whether that is allowed:
 * - rows on an approved or finalized invoice (or credit note) cannot be
 *   removed: those invoices are frozen, and removing their sources would make
 *   them unexplainable. The undo is refused with one sentence naming them;
 * - draft invoices built from the rows are derived data: they are deleted,
 *   and every rated period the rows fell into (billed or not) is returned for
 *   the remove-import command to re-rate in the same transaction, so no draft or finding is left computed from rows
 *   that are gone (change-control.md, "Drafts never go stale");
 * - an agreement with reviewer adjustments is refused too: adjustments are
 *   reviewer work that would silently disappear with it;
 * - an agreement the import gave a new version returns to its previous
 *   version (write-agreements.ts) instead of leaving.
 *
 * "Billed on" uses the same provenance the review screens show: usage rows
 * through usage_spans (a range of rows per account and metric), time entries
 * through line_sources, agreements through invoices.agreement_id.
 */
import { usageRowsOfBatch } from './batch-rows';
import type { Sqlite } from '../../../db/open';
import type { ImportKind } from '../../../shared/api';
import { appendAudit } from '../audit/audit-log';
import type { JobContext } from '../job-context';
import { ImportConflictError, NotFoundError } from '../errors';
import { getImportBatch } from './import-batches';
import { ratedPeriodsOfBatch } from './rated-periods';
import { restorePreviousVersions } from './write-agreements';
import { restorePreviousDisputes } from './write-disputes';
import { atSql, tsOfAt } from '../usage-time';

export interface UndoImportResult {
  batchId: number;
  file: string;
  kind: ImportKind;
  removed: { usage: number; usage_rollups: number; hours: number; agreements: number; charges: number; rejected: number; payments: number; disputes: number };
  /** draft invoices deleted because they were built from the removed rows */
  deletedDrafts: string[];
  /** the rated periods the rows fell into, oldest first: the remove-import command re-rates them in the same transaction */
  periods: string[];
}

interface LinkedInvoice {
  id: string;
  status: 'draft' | 'approved' | 'finalized';
  period: string;
  invoice_number: string | null;
  document_type: 'invoice' | 'credit_note';
}

function linkedToUsage(sqlite: Sqlite, batchId: number): LinkedInvoice[] {
  const range = sqlite.prepare(`SELECT min(at) AS lo, max(at) AS hi FROM usage_rows WHERE ${usageRowsOfBatch('@batch')}`).get({ batch: batchId }) as { lo: number | null; hi: number | null };
  if (range.lo === null || range.hi === null) return [];
  // Only spans that can overlap the batch's time range are probed; each probe is an index range scan.
  return sqlite
    .prepare(
      `SELECT DISTINCT i.id, i.status, i.period, i.invoice_number, i.document_type
       FROM usage_spans s JOIN invoices i ON i.id = s.invoice_id
       WHERE s.ts_to > @lo AND s.ts_from <= @hi
         AND EXISTS (SELECT 1 FROM usage_records u
                     WHERE u.account_id = s.account_id AND u.metric = s.metric AND u.at >= ${atSql('s.ts_from')} AND u.at < ${atSql('s.ts_to')}
                       AND u.id <= s.max_usage_id AND ${usageRowsOfBatch('@batch', 'u')})`,
    )
    .all({ lo: tsOfAt(range.lo), hi: tsOfAt(range.hi), batch: batchId }) as LinkedInvoice[];
}

/** Invoices whose rollup spans (rating/rollup-aggregates.ts) billed one of the batch's rollups. */
function linkedToRollups(sqlite: Sqlite, batchId: number): LinkedInvoice[] {
  return sqlite
    .prepare(
      `SELECT DISTINCT i.id, i.status, i.period, i.invoice_number, i.document_type
       FROM usage_rollups r
       JOIN usage_rollup_spans s ON s.account_id = r.account_id AND s.metric = r.metric AND r.day >= s.day_from AND r.day < s.day_to AND r.id <= s.max_rollup_id
       JOIN invoices i ON i.id = s.invoice_id
       WHERE r.batch_id = ?`,
    )
    .all(batchId) as LinkedInvoice[];
}

function linkedToHours(sqlite: Sqlite, batchId: number): LinkedInvoice[] {
  return sqlite
    .prepare(
      `SELECT DISTINCT i.id, i.status, i.period, i.invoice_number, i.document_type
       FROM time_entries t
       JOIN line_sources s ON s.source_kind = 'hours' AND s.source_id = t.id
       JOIN invoices i ON i.id = s.invoice_id
       WHERE t.batch_id = ?`,
    )
    .all(batchId) as LinkedInvoice[];
}

function linkedToAgreements(sqlite: Sqlite, batchId: number): LinkedInvoice[] {
  return sqlite
    .prepare(
      `SELECT i.id, i.status, i.period, i.invoice_number, i.document_type
       FROM invoices i WHERE i.agreement_id IN (SELECT id FROM agreements WHERE batch_id = ?)`,
    )
    .all(batchId) as LinkedInvoice[];
}

function describeInvoices(invoices: readonly LinkedInvoice[]): string {
  const named = invoices.slice(0, 3).map((i) => {
    const what = i.document_type === 'credit_note' ? 'credit note' : 'invoice';
    return `${i.status} ${what} ${i.invoice_number ?? i.id} (${i.period})`;
  });
  const more = invoices.length > 3 ? ` and ${invoices.length - 3} more` : '';
  return `${named.join(', ')}${more}`;
}

function tableExists(sqlite: Sqlite, name: string): boolean {
  return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Removes an import's rows and says which rated periods they fed; throws ImportConflictError (one sentence) when billing forbids it. */
export function undoImport(sqlite: Sqlite, batchId: number, ctx: JobContext, reason: string | null = null): UndoImportResult {
  const actor = ctx.actor;
  return sqlite
    .transaction((): UndoImportResult => {
      const batch = getImportBatch(sqlite, batchId);
      if (!batch) throw new NotFoundError(`There is no import ${batchId}.`);
      const name = `Import ${batchId} (${batch.file})`;
      if (batch.status === 'undone') throw new ImportConflictError(`${name} was already undone.`);

      // Payments and disputes feed no invoice: allocation and aging are recomputed from what is left.
      const linked =
        batch.kind === 'usage'
          ? linkedToUsage(sqlite, batchId)
          : batch.kind === 'usage_rollup'
            ? linkedToRollups(sqlite, batchId)
            : batch.kind === 'hours'
            ? linkedToHours(sqlite, batchId)
            : batch.kind === 'agreements'
              ? linkedToAgreements(sqlite, batchId)
              : [];
      const frozen = linked.filter((i) => i.status !== 'draft');
      if (frozen.length) {
        throw new ImportConflictError(
          `${name} cannot be undone because its ${batch.kind === 'agreements' ? 'agreements are' : 'rows are'} billed on ${describeInvoices(frozen)}; only imports whose invoices are still drafts can be undone.`,
        );
      }
      if (batch.kind === 'agreements') {
        const adjusted = sqlite
          .prepare('SELECT DISTINCT agreement_id FROM adjustments WHERE agreement_id IN (SELECT id FROM agreements WHERE batch_id = ?) ORDER BY agreement_id')
          .pluck()
          .all(batchId) as string[];
        if (adjusted.length) {
          throw new ImportConflictError(
            `${name} cannot be undone because reviewers adjusted ${adjusted.length === 1 ? 'agreement' : 'agreements'} ${adjusted.slice(0, 3).join(', ')}${adjusted.length > 3 ? ` and ${adjusted.length - 3} more` : ''}; remove those adjustments first.`,
          );
        }
      }

      const drafts = linked.filter((i) => i.status === 'draft');
      // Read before the rows go: the rated periods they fall into, billed or not (an unbilled row has findings to clear).
      const periods = [...new Set([...drafts.map((d) => d.period), ...ratedPeriodsOfBatch(sqlite, batchId, batch.kind)])].sort();
      const deleteInvoice = sqlite.prepare("DELETE FROM invoices WHERE id = ? AND status = 'draft'");
      for (const draft of drafts) deleteInvoice.run(draft.id);

      // Anomaly findings that point at the removed rows would point at nothing; re-rating finds them again if they still hold.
      if (tableExists(sqlite, 'anomaly_sources')) {
        if (batch.kind === 'usage') {
          sqlite.prepare(`DELETE FROM anomaly_sources WHERE source_kind = 'usage' AND source_id IN (SELECT CAST(id AS TEXT) FROM usage_records WHERE ${usageRowsOfBatch('@batch')})`).run({ batch: batchId });
        } else if (batch.kind === 'hours') {
          sqlite.prepare("DELETE FROM anomaly_sources WHERE source_kind = 'hours' AND source_id IN (SELECT CAST(id AS TEXT) FROM time_entries WHERE batch_id = ?)").run(batchId);
        } else if (batch.kind === 'agreements') {
          sqlite.prepare("DELETE FROM anomaly_sources WHERE source_kind = 'agreement' AND source_id IN (SELECT id FROM agreements WHERE batch_id = ?)").run(batchId);
        }
      }

      // An agreement this import gave a new version goes back to its previous version rather than away.
      const restored = batch.kind === 'agreements' ? restorePreviousVersions(sqlite, batchId) : [];
      const removed = { usage: 0, usage_rollups: 0, hours: 0, agreements: 0, charges: 0, rejected: 0, payments: 0, disputes: 0 };
      const restoredDisputes: string[] = [];
      removed.usage = sqlite.prepare(`DELETE FROM usage_rows WHERE ${usageRowsOfBatch('@batch')}`).run({ batch: batchId }).changes;
      removed.usage_rollups = sqlite.prepare('DELETE FROM usage_rollups WHERE batch_id = ?').run(batchId).changes;
      removed.hours = sqlite.prepare('DELETE FROM time_entries WHERE batch_id = ?').run(batchId).changes;
      // Tiers and charges explicitly, not only by ON DELETE CASCADE, so this holds whatever the connection's foreign_keys setting.
      sqlite.prepare('DELETE FROM charge_tiers WHERE charge_id IN (SELECT c.id FROM charges c JOIN agreements a ON a.id = c.agreement_id WHERE a.batch_id = ?)').run(batchId);
      removed.charges = sqlite.prepare('DELETE FROM charges WHERE agreement_id IN (SELECT id FROM agreements WHERE batch_id = ?)').run(batchId).changes;
      removed.agreements = sqlite.prepare('DELETE FROM agreements WHERE batch_id = ?').run(batchId).changes;
      if (tableExists(sqlite, 'payments')) {
        removed.payments = sqlite.prepare('DELETE FROM payments WHERE batch_id = ?').run(batchId).changes;
        // A dispute belongs to the batch that last wrote it: undoing that batch puts back the row it updated, or removes
        // the dispute it created (DECISIONS.md, Receivables).
        restoredDisputes.push(...restorePreviousDisputes(sqlite, batchId));
        removed.disputes = sqlite.prepare('DELETE FROM disputes WHERE batch_id = ?').run(batchId).changes;
      }
      removed.rejected = sqlite.prepare('DELETE FROM rejected_rows WHERE batch_id = ?').run(batchId).changes;
      sqlite.prepare("UPDATE import_batches SET status = 'undone' WHERE id = ?").run(batchId);

      const deletedDrafts = drafts.map((d) => d.id).sort();
      appendAudit(sqlite, {
        actor,
        action: 'import.undo',
        entityType: 'import_batch',
        entityId: String(batchId),
        reason,
        details: { file: batch.file, kind: batch.kind, removed, restored, ...(restoredDisputes.length ? { restoredDisputes } : {}), deletedDrafts, periods },
      });
      return { batchId, file: batch.file, kind: batch.kind, removed, deletedDrafts, periods };
    })
    .immediate();
}
