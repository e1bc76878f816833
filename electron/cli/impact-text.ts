/**
 * What `--preview` prints (change-control.md): with --json, `{"impact": …}`
 * beside the command's own summary; otherwise a short table of the invoices
 * whose totals would move and the anomalies that would open and close, and
 * the sentence saying nothing was changed.
 */
import type { ChangeImpact, InvoiceImpact } from '../../shared/api';
import { printJson } from './output';

function figure(side: InvoiceImpact['before'], key: 'total' | 'amount_due'): string {
  return side ? side[key] : '—';
}

function pad(cells: string[][]): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

export function impactLines(impact: ChangeImpact): string[] {
  const lines: string[] = [];
  const { invoices, anomalies_opened: opened, anomalies_closed: closed } = impact;
  lines.push(`Invoices that would change: ${invoices.length}`);
  if (invoices.length) {
    const rows = invoices.map((i) => [
      i.invoice_id,
      i.before === null ? 'new' : i.after === null ? 'removed' : i.status,
      `${figure(i.before, 'total')} → ${figure(i.after, 'total')}`,
      `${figure(i.before, 'amount_due')} → ${figure(i.after, 'amount_due')}`,
    ]);
    lines.push(...pad([['invoice', 'status', 'total before → after', 'amount due before → after'], ...rows]).map((l) => `  ${l}`));
  }
  for (const [label, list] of [['opened', opened], ['closed', closed]] as const) {
    lines.push(`Anomalies that would be ${label}: ${list.length}`);
    if (list.length) lines.push(...pad(list.map((a) => [a.severity, a.rule, a.account_id ?? '', a.message])).map((l) => `  ${l}`));
  }
  return lines;
}

/** Prints a preview: JSON `{ impact, ...summary }`, or the command's own lines, the impact table and "nothing was changed". */
export function printPreview(impact: ChangeImpact, json: boolean, summary: Record<string, unknown>, ownLines: () => void): void {
  if (json) return printJson({ impact, ...summary });
  ownLines();
  for (const line of impactLines(impact)) console.log(line);
  console.log('Preview only: nothing was changed.');
}
