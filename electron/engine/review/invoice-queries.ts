/**
 * Reading invoices back exactly as the engine stored them. Nothing here
 * computes money: the grid, the JSON and the PDF all show these stored figures.
 */
import { NotFoundError } from '../errors';
import type { Sqlite } from '../../../db/open';
import type { InvoiceDetail, InvoiceLineDetail, InvoiceSummary } from '../../../shared/api';
import type { InvoiceJson, InvoiceStatus, LineKind } from '../../../shared/domain';
import { previousPeriod } from '../../../shared/period';
import { datesWhenIssued, todayUtc } from './document-dates';
import { changeOf } from './change';
import { atSql } from '../usage-time';
import { invoiceTaxRate } from './tax-rate';

/** Joins a usage span (alias s) to the usage records (alias u) it billed. */
export const SPAN_ROWS = `JOIN usage_records u ON u.account_id = s.account_id AND u.metric = s.metric
  AND u.at >= ${atSql('s.ts_from')} AND u.at < ${atSql('s.ts_to')} AND u.id <= s.max_usage_id`;

/** The usage rollups a rollup span (alias s) billed, as alias r (rating/rollup-aggregates.ts). */
export const ROLLUP_SPAN_ROWS = `JOIN usage_rollups r ON r.account_id = s.account_id AND r.metric = s.metric
  AND r.day >= s.day_from AND r.day < s.day_to AND r.id <= s.max_rollup_id`;

interface InvoiceRow {
  id: string;
  invoice_number: string | null;
  status: InvoiceStatus;
  agreement_id: string;
  account_id: string;
  period: string;
  currency: string;
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
  deposit_applied: string;
  amount_due: string;
  rated_at: string;
  on_hold: number;
}

interface LineRow {
  id: number;
  kind: LineKind;
  code: string;
  description: string;
  quantity: string;
  unit_price: string;
  amount: string;
  charge_position: number | null;
  detail: string;
}

const INVOICE_COLUMNS = `i.id, i.invoice_number, i.status, i.agreement_id, i.account_id, i.period, i.currency, i.subtotal, i.discount,
  i.tax, i.total, i.deposit_applied, i.amount_due, i.rated_at, i.on_hold`;

/**
 * The period's invoices and credit notes with owner, open anomaly counts and the
 * change against the same agreement's invoice of the previous period. Set-based
 * (grouped subqueries joined once), so 20,000 invoices are one query.
 * A credit note has no previous total: it corrects an invoice, it is not a period's bill.
 */
export function listInvoices(sqlite: Sqlite, period: string): InvoiceSummary[] {
  const rows = sqlite
    .prepare(
      `WITH period_invoices AS (SELECT id FROM invoices WHERE period = @period),
       line_counts AS (
         SELECT l.invoice_id, count(*) AS n FROM invoice_lines l WHERE l.invoice_id IN (SELECT id FROM period_invoices) GROUP BY l.invoice_id),
       open_anomalies AS (
         SELECT n.invoice_id, sum(n.severity = 'error') AS errors, sum(n.severity = 'warning') AS warnings, sum(n.severity = 'info') AS infos
         FROM anomalies n WHERE n.invoice_id IN (SELECT id FROM period_invoices) AND n.active AND n.status = 'open' GROUP BY n.invoice_id)
       SELECT i.id, i.invoice_number, i.status, i.agreement_id, i.account_id, coalesce(acc.name, i.account_id), a.owner, i.period, i.currency,
         i.subtotal, i.discount, i.tax, i.total, i.deposit_applied, i.amount_due, coalesce(lc.n, 0),
         coalesce(o.errors, 0), coalesce(o.warnings, 0), coalesce(o.infos, 0), i.document_type, i.on_hold, p.total
       FROM invoices i JOIN agreements a ON a.id = i.agreement_id LEFT JOIN accounts acc ON acc.id = i.account_id
         LEFT JOIN line_counts lc ON lc.invoice_id = i.id
         LEFT JOIN open_anomalies o ON o.invoice_id = i.id
         LEFT JOIN invoices p ON i.document_type = 'invoice' AND p.agreement_id = i.agreement_id AND p.period = @previous AND p.document_type = 'invoice'
       WHERE i.period = @period ORDER BY i.account_id, i.agreement_id, i.id`,
    )
    // Arrays rather than row objects: building 20,000 wide objects in the driver costs several times the query.
    .raw()
    .all({ period, previous: previousPeriod(period) }) as ListRow[];
  return rows.map(
    ([invoice_id, invoice_number, status, agreement_id, account_id, account_name, owner, p, currency, subtotal, discount, tax, total, deposit_applied, amount_due,
      line_count, error, warning, info, document_type, onHold, previous_total]) => {
      const change = previous_total === null ? null : changeOf(total, previous_total, currency);
      return {
        invoice_id, invoice_number, status, agreement_id, account_id, account_name, owner, period: p, currency,
        subtotal, discount, tax, total, deposit_applied, amount_due, line_count,
        anomalies: { error, warning, info },
        document_type,
        on_hold: onHold === 1,
        previous_total,
        change: change?.change ?? null,
        change_percent: change?.change_percent ?? null,
      };
    },
  );
}

type ListRow = [
  string, string | null, InvoiceStatus, string, string, string, string | null, string, string,
  string, string, string, string, string, string, number,
  number, number, number, 'invoice' | 'credit_note', number, string | null,
];

function invoiceRow(sqlite: Sqlite, invoiceId: string): InvoiceRow {
  const row = sqlite.prepare(`SELECT ${INVOICE_COLUMNS} FROM invoices i WHERE i.id = ?`).get(invoiceId) as InvoiceRow | undefined;
  if (!row) throw new NotFoundError(`There is no invoice ${invoiceId}.`);
  return row;
}

function lineRows(sqlite: Sqlite, invoiceId: string): LineRow[] {
  return sqlite
    .prepare('SELECT id, kind, code, description, quantity, unit_price, amount, charge_position, detail FROM invoice_lines WHERE invoice_id = ? ORDER BY position')
    .all(invoiceId) as LineRow[];
}

/**
 * A line's key that survives re-rating (line ids do not: rating replaces the
 * rows), for links such as #/invoices/ID?line=KEY. A charge's lines are keyed
 * by the charge's position in the agreement and their order within it (tier
 * lines come lowest tier first); adjustments by their own id; the minimum,
 * true-up and discount lines are one each per invoice.
 */
export function lineKeys(lines: readonly Pick<LineRow, 'kind' | 'charge_position' | 'detail'>[]): string[] {
  const seen = new Map<number, number>();
  return lines.map((line, index) => {
    if (line.charge_position !== null) {
      const n = (seen.get(line.charge_position) ?? 0) + 1;
      seen.set(line.charge_position, n);
      return `c${line.charge_position}.${n}`;
    }
    if (line.kind === 'adjustment') {
      const id = (JSON.parse(line.detail) as { adjustment_id?: unknown }).adjustment_id;
      if (typeof id === 'number') return `adjustment-${id}`;
    }
    // one of each per invoice at most, so the kind is the key
    return line.kind === 'minimum' || line.kind === 'true_up' || line.kind === 'discount' ? line.kind : `p${index}`;
  });
}

/** The stable keys of some lines (by id), for findings that point at a line. */
export function lineKeysById(sqlite: Sqlite, lineIds: readonly number[]): Map<number, string> {
  const keys = new Map<number, string>();
  if (lineIds.length === 0) return keys;
  const invoices = sqlite
    .prepare('SELECT DISTINCT invoice_id FROM invoice_lines WHERE id IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(JSON.stringify(lineIds)) as string[];
  for (const invoiceId of invoices) {
    const lines = lineRows(sqlite, invoiceId);
    lineKeys(lines).forEach((key, index) => keys.set(lines[index]!.id, key));
  }
  return keys;
}

function invoiceAnomalies(sqlite: Sqlite, invoiceId: string): InvoiceJson['anomalies'] {
  return sqlite
    .prepare(
      `SELECT rule, severity, message, status FROM anomalies WHERE invoice_id = ? AND active
       ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, rule`,
    )
    .all(invoiceId) as InvoiceJson['anomalies'];
}

function toJson(row: InvoiceRow, lines: LineRow[], anomalies: InvoiceJson['anomalies']): InvoiceJson {
  return {
    invoice_id: row.id,
    invoice_number: row.invoice_number,
    status: row.status,
    agreement_id: row.agreement_id,
    account_id: row.account_id,
    period: row.period,
    currency: row.currency,
    lines: lines.map((l) => ({ kind: l.kind, code: l.code, description: l.description, quantity: l.quantity, unit_price: l.unit_price, amount: l.amount })),
    subtotal: row.subtotal,
    discount: row.discount,
    tax: row.tax,
    total: row.total,
    deposit_applied: row.deposit_applied,
    amount_due: row.amount_due,
    on_hold: row.on_hold === 1,
    anomalies,
  };
}

/** The invoice JSON of data-formats.md for one invoice. */
export function invoiceJson(sqlite: Sqlite, invoiceId: string): InvoiceJson {
  return toJson(invoiceRow(sqlite, invoiceId), lineRows(sqlite, invoiceId), invoiceAnomalies(sqlite, invoiceId));
}

export function periodInvoicesJson(sqlite: Sqlite, period: string): InvoiceJson[] {
  const ids = sqlite.prepare('SELECT id FROM invoices WHERE period = ? ORDER BY account_id, agreement_id, id').pluck().all(period) as string[];
  return ids.map((id) => invoiceJson(sqlite, id));
}

export function invoiceDetail(sqlite: Sqlite, invoiceId: string): InvoiceDetail {
  const row = invoiceRow(sqlite, invoiceId);
  const lines = lineRows(sqlite, invoiceId);
  // The agreement's facts and the invoice's dates and type, in one query.
  const facts = sqlite
    .prepare(
      `SELECT coalesce(acc.name, a.account_id) AS account_name, a.owner, a.bill_to, a.po_number, a.start_date, a.end_date,
              a.payment_terms_days, a.tax_rate, json_extract(a.document, '$.tax_id') AS tax_id, i.issue_date, i.due_date, i.document_type
       FROM invoices i JOIN agreements a ON a.id = i.agreement_id LEFT JOIN accounts acc ON acc.id = a.account_id WHERE i.id = ?`,
    )
    .get(invoiceId) as {
    account_name: string;
    owner: string | null;
    bill_to: string | null;
    po_number: string | null;
    start_date: string;
    end_date: string | null;
    payment_terms_days: number;
    tax_rate: string;
    tax_id: unknown;
    issue_date: string | null;
    due_date: string | null;
    document_type: 'invoice' | 'credit_note';
  };
  // A finalized document has its dates; any other shows the ones finalizing it today would give (as the export does).
  const dates =
    row.status === 'finalized' && facts.issue_date !== null
      ? { issue_date: facts.issue_date, due_date: facts.document_type === 'credit_note' ? null : facts.due_date }
      : datesWhenIssued(todayUtc(), facts.payment_terms_days, facts.document_type);
  const sourceCounts = sqlite
    .prepare(
      `SELECT s.charge_position AS position, 'usage' AS kind, count(*) AS n FROM usage_spans s ${SPAN_ROWS} WHERE s.invoice_id = @invoice GROUP BY s.charge_position
       UNION ALL
       SELECT charge_position, source_kind, count(*) FROM line_sources WHERE invoice_id = @invoice GROUP BY charge_position, source_kind`,
    )
    .all({ invoice: invoiceId }) as { position: number; kind: 'usage' | 'hours'; n: number }[];
  const counts = new Map(sourceCounts.map((c) => [c.position, c]));
  // Usage rollups a line billed (rating/rollup-aggregates.ts) count among its source rows, and say so.
  const rollupCounts = new Map(
    (
      sqlite
        .prepare(`SELECT s.charge_position AS position, count(*) AS n FROM usage_rollup_spans s ${ROLLUP_SPAN_ROWS} WHERE s.invoice_id = ? GROUP BY s.charge_position`)
        .all(invoiceId) as { position: number; n: number }[]
    ).map((c) => [c.position, c.n]),
  );
  const keys = lineKeys(lines);
  const detailLines: InvoiceLineDetail[] = lines.map((l, index) => {
    const sources = l.charge_position === null ? undefined : counts.get(l.charge_position);
    const rollups = l.charge_position === null ? undefined : rollupCounts.get(l.charge_position);
    return {
      line_id: l.id,
      line_key: keys[index]!,
      kind: l.kind,
      code: l.code,
      description: l.description,
      quantity: l.quantity,
      unit_price: l.unit_price,
      amount: l.amount,
      detail: JSON.parse(l.detail) as InvoiceLineDetail['detail'],
      source_count: (sources?.n ?? 0) + (rollups ?? 0),
      source_kind: sources?.kind ?? (rollups ? 'usage' : null),
      ...(rollups ? { rollup_count: rollups } : {}),
    };
  });
  return {
    invoice: toJson(row, lines, invoiceAnomalies(sqlite, invoiceId)),
    lines: detailLines,
    account_name: facts.account_name,
    owner: facts.owner,
    bill_to: facts.bill_to,
    po_number: facts.po_number,
    agreement_start: facts.start_date,
    agreement_end: facts.end_date,
    rated_at: row.rated_at,
    tax_id: typeof facts.tax_id === 'string' && facts.tax_id.trim() !== '' ? facts.tax_id : null,
    tax_rate: invoiceTaxRate(facts.tax_rate, row),
    document_type: facts.document_type,
    payment_terms_days: facts.payment_terms_days,
    issue_date: dates.issue_date,
    due_date: dates.due_date,
    dates_final: row.status === 'finalized',
  };
}
