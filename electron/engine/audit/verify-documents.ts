/**
 * Do the finalized documents still say what was issued? The database's
 * triggers keep a finalized invoice immutable, but a book whose triggers were
 * dropped (or a file edited byte by byte) can carry a changed total that a
 * re-export would then write into the register and journal. So each finalized
 * document is checked on its own terms and against what was recorded when it
 * was issued:
 * - its lines add up: Σ lines but the discount = subtotal, and
 *   total = subtotal − discount + tax, amount_due = total − deposit_applied;
 * - its issued PDF is there and hashes to the sha256 stored with it and on
 *   the invoice;
 * - the figures in the hash-chained audit entry of its finalization (written
 *   since this check exists: total, amount due, currency, PDF hash) match.
 */
import { createHash } from 'node:crypto';
import type { Sqlite } from '../../../db/open';
import { Decimal, dec, moneyString } from '../../../shared/money';

interface FinalizedRow {
  id: string;
  invoice_number: string | null;
  currency: string;
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
  deposit_applied: string;
  amount_due: string;
  pdf_sha256: string | null;
  document_type: 'invoice' | 'credit_note';
}

/** The first problem of each finalized document that fails, as "INV-2026-000001 (AG-1@2026-10): …". */
export function verifyFinalizedDocuments(sqlite: Sqlite): { documents: number; problems: string[] } {
  const rows = sqlite
    .prepare(
      `SELECT id, invoice_number, currency, subtotal, discount, tax, total, deposit_applied, amount_due, pdf_sha256, document_type
       FROM invoices WHERE status = 'finalized' ORDER BY invoice_number`,
    )
    .all() as FinalizedRow[];
  const lines = sqlite.prepare('SELECT kind, amount FROM invoice_lines WHERE invoice_id = ?');
  const document = sqlite.prepare('SELECT pdf, sha256 FROM invoice_documents WHERE invoice_id = ?');
  const issued = sqlite.prepare("SELECT details FROM audit_log WHERE action = 'finalize' AND entity_id = ? ORDER BY id DESC LIMIT 1").pluck();
  const problems: string[] = [];
  for (const row of rows) {
    const problem = checkDocument(row, lines.all(row.id) as { kind: string; amount: string }[], document.get(row.id) as { pdf: Buffer; sha256: string } | undefined, issued.get(row.id) as string | undefined);
    if (problem) problems.push(`${row.invoice_number ?? row.id} (${row.id}): ${problem}`);
  }
  return { documents: rows.length, problems };
}

function checkDocument(row: FinalizedRow, lines: { kind: string; amount: string }[], pdf: { pdf: Buffer; sha256: string } | undefined, issuedDetails: string | undefined): string | null {
  try {
    const sum = lines.filter((l) => l.kind !== 'discount').reduce((s, l) => s.plus(dec(l.amount)), new Decimal(0));
    if (!sum.equals(dec(row.subtotal))) return `its lines add up to ${moneyString(sum, row.currency)} but its subtotal says ${row.subtotal}`;
    const total = dec(row.subtotal).minus(dec(row.discount)).plus(dec(row.tax));
    if (!total.equals(dec(row.total))) return `subtotal − discount + tax is ${moneyString(total, row.currency)} but its total says ${row.total}`;
    const due = dec(row.total).minus(dec(row.deposit_applied));
    if (!due.equals(dec(row.amount_due))) return `total − deposit is ${moneyString(due, row.currency)} but its amount due says ${row.amount_due}`;
  } catch {
    return 'its amounts are not decimal numbers';
  }
  if (!pdf) return 'its issued PDF is missing';
  const hash = createHash('sha256').update(pdf.pdf).digest('hex');
  if (hash !== pdf.sha256 || hash !== row.pdf_sha256) return 'its issued PDF does not match the hash recorded when it was issued';
  if (issuedDetails) {
    const at = JSON.parse(issuedDetails) as Partial<Record<'total' | 'amount_due' | 'currency' | 'pdf_sha256', string>>;
    for (const field of ['total', 'amount_due', 'currency', 'pdf_sha256'] as const) {
      if (at[field] !== undefined && at[field] !== row[field]) return `its ${field.replace('_', ' ')} is ${row[field]} but was ${at[field]} when it was issued`;
    }
  }
  return null;
}
