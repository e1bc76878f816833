/**
 * What a command did to the book, as a preview reports it (change-control.md):
 * every invoice whose total or amount due changed, appeared or disappeared, and
 * the anomalies it opened and closed. Measured by comparing two states of the
 * book read on the command's own connection inside its transaction: one just
 * before the command's first step, one just after its last, before the
 * rollback. Because both are read from the database itself (not from what the
 * command says it did), the impact is exactly what committing would have kept.
 *
 * A state is a full snapshot of the few columns compared, not of the affected
 * periods only: a command may touch any period (an agreement import, a rule
 * change), and one indexed scan of (id, status, total, amount_due) per invoice
 * plus the active findings costs milliseconds even on a large book
 * (DECISIONS.md, "Preview before apply").
 */
import type { Sqlite } from '../../../db/open';
import type { AnomalySummary, ChangeImpact, InvoiceImpact } from '../../../shared/api';
import type { InvoiceStatus } from '../../../shared/domain';

export type { ChangeImpact, InvoiceImpact };

interface InvoiceState {
  status: InvoiceStatus;
  currency: string;
  /** total and amount_due joined: one string compare tells whether either moved */
  figures: string;
  total: string;
  amount_due: string;
}

export interface BookState {
  invoices: Map<string, InvoiceState>;
  /** the findings `billing anomalies --json` lists (active ones), by id, in its shape */
  anomalies: Map<string, AnomalySummary & { period: string }>;
}

export function bookState(sqlite: Sqlite): BookState {
  const invoices = new Map<string, InvoiceState>();
  const invoiceRows = sqlite.prepare('SELECT id, status, currency, total, amount_due FROM invoices').raw().iterate() as Iterable<[string, InvoiceStatus, string, string, string]>;
  for (const [id, status, currency, total, amount_due] of invoiceRows) invoices.set(id, { status, currency, figures: `${total} ${amount_due}`, total, amount_due });
  const anomalyRows = sqlite
    .prepare('SELECT id AS anomaly_id, period, rule, severity, message, status, account_id, agreement_id, invoice_id, person FROM anomalies WHERE active')
    .all() as (AnomalySummary & { period: string })[];
  return { invoices, anomalies: new Map(anomalyRows.map((a) => [a.anomaly_id, a])) };
}

const RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** The order `billing anomalies` lists a period's findings in, periods oldest first. */
function anomalyOrder(a: AnomalySummary & { period: string }, b: AnomalySummary & { period: string }): number {
  const text = (x: string | null) => x ?? '';
  return (
    a.period.localeCompare(b.period) ||
    (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3) ||
    a.rule.localeCompare(b.rule) ||
    text(a.account_id).localeCompare(text(b.account_id)) ||
    a.anomaly_id.localeCompare(b.anomaly_id)
  );
}

function listed(rows: (AnomalySummary & { period: string })[]): AnomalySummary[] {
  return rows.sort(anomalyOrder).map(({ anomaly_id, rule, severity, message, status, account_id, agreement_id, invoice_id, person }) => ({
    anomaly_id, rule, severity, message, status, account_id, agreement_id, invoice_id, person,
  }));
}

export function impactBetween(before: BookState, after: BookState): ChangeImpact {
  const invoices: InvoiceImpact[] = [];
  const figures = (s: InvoiceState | undefined) => (s ? { total: s.total, amount_due: s.amount_due } : null);
  for (const id of new Set([...before.invoices.keys(), ...after.invoices.keys()])) {
    const was = before.invoices.get(id);
    const is = after.invoices.get(id);
    if (was?.figures === is?.figures) continue;
    invoices.push({ invoice_id: id, status: (is ?? was)!.status, currency: (is ?? was)!.currency, before: figures(was), after: figures(is) });
  }
  invoices.sort((a, b) => a.invoice_id.localeCompare(b.invoice_id));
  const only = (a: BookState['anomalies'], b: BookState['anomalies']) => [...a.values()].filter((x) => !b.has(x.anomaly_id));
  return { invoices, anomalies_opened: listed(only(after.anomalies, before.anomalies)), anomalies_closed: listed(only(before.anomalies, after.anomalies)) };
}
