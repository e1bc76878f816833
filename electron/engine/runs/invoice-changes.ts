/**
 * The invoice page's "What changed since the last run, and why" (`invoices.changes`):
 * the invoice's own entry in the diff of its period's last two runs, and its
 * lines next to last month's invoice of the same agreement, line by line.
 */
import type { Sqlite } from '../../../db/open';
import { previousPeriod } from '../../../shared/period';
import type { ResultOf } from '../../../shared/api';
import { NotFoundError } from '../errors';
import { invoiceIdFor } from '../rating/rate-period';
import { diffRuns } from './diff-runs';

type LineFigures = { quantity: string; amount: string };

function lineMap(sqlite: Sqlite, invoiceId: string): Map<string, LineFigures> {
  const rows = sqlite.prepare('SELECT code, quantity, amount FROM invoice_lines WHERE invoice_id = ? ORDER BY position').all(invoiceId) as ({ code: string } & LineFigures)[];
  const out = new Map<string, LineFigures>();
  for (const { code, quantity, amount } of rows) {
    let key = code;
    for (let n = 2; out.has(key); n++) key = `${code} (${n})`;
    out.set(key, { quantity, amount });
  }
  return out;
}

export function invoiceChanges(sqlite: Sqlite, invoiceId: string): ResultOf<'invoices.changes'> {
  const invoice = sqlite.prepare("SELECT agreement_id, period FROM invoices WHERE id = ? AND document_type = 'invoice'").get(invoiceId) as
    | { agreement_id: string; period: string }
    | undefined;
  if (!invoice) throw new NotFoundError(`There is no invoice ${invoiceId}.`);
  const sinceLastRun = diffRuns(sqlite, invoice.period, undefined, undefined, invoiceId);
  const version = sqlite
    .prepare('SELECT agreement_version FROM bill_run_invoices WHERE invoice_id = ? ORDER BY run_id DESC LIMIT 1')
    .pluck()
    .get(invoiceId) as number | null | undefined;

  const lastPeriod = previousPeriod(invoice.period);
  const lastId = invoiceIdFor(invoice.agreement_id, lastPeriod);
  const last = sqlite.prepare('SELECT total FROM invoices WHERE id = ?').pluck().get(lastId) as string | undefined;
  const before = last === undefined ? new Map<string, LineFigures>() : lineMap(sqlite, lastId);
  const now = lineMap(sqlite, invoiceId);
  const lines = [...new Set([...now.keys(), ...before.keys()])].map((code) => ({ code, before: before.get(code) ?? null, after: now.get(code) ?? null }));
  return {
    since_last_run: sinceLastRun,
    last_month: { invoice_id: last === undefined ? null : lastId, period: lastPeriod, total: last ?? null, lines },
    version: version ?? null,
  };
}
