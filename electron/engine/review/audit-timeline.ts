/**
 * An invoice's audit timeline: every entry about the invoice itself (hold,
 * release, override, approve, finalize …), about its anomalies (acknowledge,
 * dismiss, reopen), about the adjustments of its agreement and period (added
 * or removed: matched on the invoice id in their details, so a removed one
 * still shows), the credit notes written against it, reviewers' corrections
 * (rows excluded or included, quantities overridden) and the closing and
 * reopening of its period. Oldest first, each
 * with one sentence a person reads.
 */
import { eq } from 'drizzle-orm';
import { dbOf } from '../../../db/db-of';
import type { Sqlite } from '../../../db/open';
import { invoices } from '../../../db/schema';
import type { AuditEntry } from '../../../shared/api';
import type { AuditLogRow } from '../audit/audit-log';
import { NotFoundError } from '../errors';


type Details = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
/** "reason" without a trailing full stop, so the sentence reads well after a colon. */
const said = (text: string | null) => (text ? `: ${text.replace(/\s+/g, ' ').trim()}` : '');

/** One plain line for an audit entry. */
export function auditSummary(row: Pick<AuditLogRow, 'action' | 'actor' | 'reason' | 'entity_id'>, details: Details | null): string {
  const d = details ?? {};
  const rule = str(d.rule) ?? 'finding';
  const adjustment = () => {
    const amount = str(d.amount);
    return `${str(d.description) ?? 'adjustment'}${amount ? ` (${str(d.currency) ? `${str(d.currency)} ` : ''}${amount})` : ''}`;
  };
  switch (row.action) {
    case 'approve':
      return `Approved by ${row.actor}`;
    case 'override':
      return `Override${said(row.reason) || ` by ${row.actor}`}`;
    case 'hold':
      return `Put on hold${said(row.reason)}`;
    case 'release':
      return `Released from hold${said(row.reason)}`;
    case 'finalize': {
      const number = str(d.invoice_number);
      return `Finalized${number ? ` as ${number}` : ''} by ${row.actor}`;
    }
    case 'acknowledge_anomaly':
      return `Anomaly ${rule} acknowledged${said(row.reason)}`;
    case 'dismiss_anomaly':
      return `Anomaly ${rule} dismissed${said(row.reason)}`;
    case 'reopen_anomaly':
      return `Anomaly ${rule} reopened${said(row.reason)}`;
    case 'adjust':
      return `Adjustment added: ${adjustment()}${said(row.reason)}`;
    case 'remove_adjustment':
      return `Adjustment removed: ${adjustment()}${said(row.reason)}`;
    case 'create_credit_note':
      return `Credit note ${row.entity_id ?? ''} created${said(row.reason)}`.replace('  ', ' ');
    case 'discard_credit_note':
      return `Credit note ${row.entity_id ?? ''} discarded${said(row.reason)}`.replace('  ', ' ');
    case 'exclude_row':
      return `${d.item ? `${str(d.item)} row` : 'Row'} ${row.entity_id ?? ''} (${str(d.quantity) ?? '?'}) excluded from billing by ${row.actor}${said(row.reason)}`;
    case 'include_row':
      return `${d.item ? `${str(d.item)} row` : 'Row'} ${row.entity_id ?? ''} included in billing again by ${row.actor}${said(row.reason)}`;
    case 'override_quantity':
      return `Quantity of ${str(d.code) ?? 'a line'} overridden to ${str(d.quantity) ?? '?'} by ${row.actor}${said(row.reason)}`;
    case 'remove_quantity_override':
      return `Quantity override of ${str(d.code) ?? 'a line'} removed by ${row.actor}${said(row.reason)}`;
    case 'close_period':
      return `Period ${row.entity_id ?? ''} closed by ${row.actor}${said(row.reason)}`;
    case 'reopen_period':
      return `Period ${row.entity_id ?? ''} reopened by ${row.actor}${said(row.reason)}`;
    default:
      return `${row.action.replace(/[_.]/g, ' ')} by ${row.actor}${said(row.reason)}`;
  }
}

export function invoiceAudit(sqlite: Sqlite, invoiceId: string): AuditEntry[] {
  const invoice = dbOf(sqlite).select({ id: invoices.id, period: invoices.period }).from(invoices).where(eq(invoices.id, invoiceId)).get();
  if (!invoice) throw new NotFoundError(`There is no invoice ${invoiceId}.`);
  const rows = sqlite
    .prepare(
      `SELECT id, at, actor, action, entity_type, entity_id, reason, details FROM audit_log
       WHERE (entity_type = 'invoice' AND entity_id = @invoice)
          OR (entity_type = 'anomaly' AND entity_id IN (SELECT id FROM anomalies WHERE invoice_id = @invoice))
          OR (entity_type = 'adjustment' AND json_extract(details, '$.invoice_id') = @invoice)
          OR (entity_type = 'invoice' AND action IN ('create_credit_note', 'discard_credit_note') AND json_extract(details, '$.credits_invoice_id') = @invoice)
          OR (entity_type IN ('usage_record', 'time_entry') AND action IN ('exclude_row', 'include_row')
              AND EXISTS (SELECT 1 FROM json_each(details, '$.invoice_ids') j WHERE j.value = @invoice))
          OR (entity_type = 'period' AND action IN ('close_period', 'reopen_period') AND entity_id = @period)
       ORDER BY id`,
    )
    .all({ invoice: invoiceId, period: invoice.period }) as AuditLogRow[];
  return rows.map((r) => {
    const details = r.details ? (JSON.parse(r.details) as Details) : null;
    return { ...r, details, summary: auditSummary(r, details) };
  });
}
