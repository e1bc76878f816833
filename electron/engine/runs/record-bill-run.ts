/**
 * Recording a bill run (change-control.md): called at the end of every rating
 * of a period, in its transaction, so a run exists exactly when its figures do.
 *
 * Compact by design: the inputs are the ids of the imports that stood, the
 * stored rule settings, the period's adjustments and its active corrections (a few hundred bytes);
 * the figures are one row per invoice with its lines as `[code, quantity,
 * amount]` triples, written by one INSERT … SELECT so nothing is read into
 * JavaScript. Approved and finalized invoices are recorded too (their status
 * is part of what a run shows), with the agreement version they were rated with.
 */
import type { Sqlite } from '../../../db/open';
import { ANOMALY_RULES_KEY } from '../anomalies/settings';
import type { RunTrigger } from '../../../shared/api';

export interface RunInputs {
  /** ids of the import batches that stood (not undone) when the run was made */
  batches: number[];
  /** the stored anomaly rule settings (settings key anomaly_rules; {} = every rule at its defaults) */
  rules: Record<string, unknown>;
  adjustments: { id: number; agreement_id: string; description: string; amount: string }[];
  /**
   * ids of the period's reviewer corrections (excluded rows, quantity
   * overrides) active when the run was made; absent on runs recorded before
   * corrections were part of a run's inputs (diff-runs.ts then reads them from
   * the corrections' own times)
   */
  corrections?: number[];
}

export function recordBillRun(sqlite: Sqlite, period: string, trigger: RunTrigger, actor: string): number {
  const rules = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(ANOMALY_RULES_KEY) as string | undefined;
  const inputs: RunInputs = {
    batches: sqlite.prepare("SELECT id FROM import_batches WHERE status = 'complete' ORDER BY id").pluck().all() as number[],
    rules: rules ? (JSON.parse(rules) as Record<string, unknown>) : {},
    adjustments: sqlite
      .prepare('SELECT id, agreement_id, description, amount FROM adjustments WHERE period = ? ORDER BY id')
      .all(period) as RunInputs['adjustments'],
    corrections: sqlite.prepare('SELECT id FROM corrections WHERE period = ? AND removed_at IS NULL ORDER BY id').pluck().all(period) as number[],
  };
  const runId = Number(
    sqlite
      .prepare('INSERT INTO bill_runs (period, trigger, actor, at, inputs) VALUES (?, ?, ?, ?, ?)')
      .run(period, trigger, actor, new Date().toISOString(), JSON.stringify(inputs)).lastInsertRowid,
  );
  // A draft was rated with the agreement's current version (the one its row's import wrote);
  // an approved or finalized invoice keeps the version of the last run that recorded it.
  sqlite
    .prepare(
      `INSERT INTO bill_run_invoices (run_id, invoice_id, agreement_id, agreement_version, status, currency, total, amount_due, lines, anomalies)
       SELECT @run, i.id, i.agreement_id,
         CASE WHEN i.status = 'draft' THEN
           (SELECT max(v.version) FROM agreement_versions v JOIN agreements a ON a.id = v.agreement_id AND a.batch_id = v.batch_id WHERE v.agreement_id = i.agreement_id)
         ELSE
           (SELECT r.agreement_version FROM bill_run_invoices r WHERE r.invoice_id = i.id AND r.run_id < @run ORDER BY r.run_id DESC LIMIT 1)
         END,
         i.status, i.currency, i.total, i.amount_due,
         (SELECT json_group_array(json_array(l.code, l.quantity, l.amount))
            FROM (SELECT code, quantity, amount FROM invoice_lines WHERE invoice_id = i.id ORDER BY position) l),
         (SELECT json_group_array(n.finding)
            FROM (SELECT rule || ':' || severity AS finding FROM anomalies WHERE invoice_id = i.id AND active AND status = 'open' ORDER BY rule, severity) n)
       FROM invoices i WHERE i.period = @period AND i.document_type = 'invoice'`,
    )
    .run({ run: runId, period });
  return runId;
}
