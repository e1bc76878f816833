/**
 * Approving drafts, invoices and credit notes alike. Approval freezes an
 * invoice for re-rating, and only approved documents are finalized by the
 * export. A document with an open error anomaly is refused unless an override
 * reason is given, and the override is audited on its own. An invoice on hold
 * is refused until released (credit notes cannot be held).
 */
import type { Sqlite } from '../../../db/open';
import { ConflictError, NotFoundError } from '../errors';
import { appendAudit } from '../audit/audit-log';
import { assertSecondPerson } from '../controls/four-eyes';
import { assertPeriodOpen } from '../controls/period-locks';
import { holdReason } from './holds';

export interface ApproveOutcome {
  invoice_id: string;
  status: 'approved';
  overridden: boolean;
}

export function approveInvoices(sqlite: Sqlite, invoiceIds: string[], actor: string, overrideReason?: string): ApproveOutcome[] {
  const reason = overrideReason?.trim() || undefined;
  const load = sqlite.prepare('SELECT status, on_hold, document_type, period FROM invoices WHERE id = ?');
  const openErrors = sqlite
    .prepare("SELECT count(*) FROM anomalies WHERE invoice_id = ? AND active AND status = 'open' AND severity = 'error'")
    .pluck();
  const approve = sqlite.prepare("UPDATE invoices SET status = 'approved', approved_at = ?, approved_by = ? WHERE id = ? AND status = 'draft'");
  return sqlite.transaction(() =>
    invoiceIds.map((id) => {
      const row = load.get(id) as { status: string; on_hold: number; document_type: string; period: string } | undefined;
      if (row === undefined) throw new NotFoundError(`There is no invoice ${id}.`);
      const what = row.document_type === 'credit_note' ? 'Credit note' : 'Invoice';
      if (row.status !== 'draft') throw new ConflictError(`${what} ${id} is already ${row.status}.`);
      assertPeriodOpen(sqlite, row.period, `${what.toLowerCase()} ${id} cannot be approved`);
      assertSecondPerson(sqlite, id, actor);
      if (row.on_hold === 1) {
        const why = holdReason(sqlite, id)?.replace(/\s+/g, ' ').trim().replace(/[.!?]+$/, '');
        throw new ConflictError(`Invoice ${id} is on hold${why ? `: ${why}` : ''}; release it first.`);
      }
      const errors = openErrors.get(id) as number;
      if (errors > 0 && !reason) {
        throw new ConflictError(`${what} ${id} has ${errors} open error anomal${errors === 1 ? 'y' : 'ies'}; resolve them or approve with an override reason.`);
      }
      approve.run(new Date().toISOString(), actor, id);
      if (errors > 0) appendAudit(sqlite, { actor, action: 'override', entityType: 'invoice', entityId: id, reason, details: { open_errors: errors } });
      appendAudit(sqlite, { actor, action: 'approve', entityType: 'invoice', entityId: id });
      return { invoice_id: id, status: 'approved' as const, overridden: errors > 0 };
    }),
  )();
}
