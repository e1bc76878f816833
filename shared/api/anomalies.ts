/**
 * Anomalies and the rules that find them: listing and exploring findings,
 * reviewing them (acknowledge, dismiss, reopen), their source rows, rule
 * settings, and the data-quality figures of a period or an import.
 */
import { z } from 'zod';
import { anomalyStatus, invoiceStatus, severity } from '../domain';
import { csvFile, jobId, method, period } from './common';
import { sourceRow, sourceSort } from './sources';

export const anomalySummary = z.object({
  anomaly_id: z.string(),
  rule: z.string(),
  severity,
  message: z.string(),
  status: anomalyStatus,
  account_id: z.string().nullable(),
  agreement_id: z.string().nullable(),
  invoice_id: z.string().nullable(),
  person: z.string().nullable(),
});
export type AnomalySummary = z.infer<typeof anomalySummary>;

/** An anomaly as the explorer shows it: the contract's fields plus who owns the deal and the review trail. */
export const anomalyRow = anomalySummary.extend({
  account_name: z.string().nullable(),
  owner: z.string().nullable(),
  line_id: z.number().int().nullable(),
  /** the stable key of that line (see invoiceLineDetail.line_key), for links */
  line_key: z.string().nullable(),
  metric: z.string().nullable(),
  invoice_status: invoiceStatus.nullable(),
  status_note: z.string().nullable(),
  first_seen: z.string(),
  /** how many usage or hours rows the rule linked to the finding */
  source_count: z.number().int(),
});
export type AnomalyRow = z.infer<typeof anomalyRow>;

export const ruleInfo = z.object({
  id: z.string(),
  description: z.string(),
  default_severity: severity,
  severity,
  enabled: z.boolean(),
  thresholds: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      default: z.string(),
      value: z.string(),
      integer: z.boolean(),
      min: z.string().nullable(),
      max: z.string().nullable(),
    }),
  ),
});
export type RuleInfo = z.infer<typeof ruleInfo>;

/** Prescreening figures of one import or one period (see electron/engine/anomalies/data-quality.ts). */
export const dataQuality = z.object({
  scope: z.object({ batch_id: z.number().int().nullable(), period: z.string().nullable() }),
  batches: z.array(z.number().int()),
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  rejected_by_field: z.array(z.object({ field: z.string().nullable(), rows: z.number().int() })),
  unbilled_usage: z.array(z.object({ metric: z.string(), records: z.number().int(), quantity: z.string(), accounts: z.number().int() })),
  unbilled_usage_records: z.number().int(),
  unbilled_hours: z.object({ entries: z.number().int(), hours: z.string() }),
  accounts_without_agreement: z.array(z.object({ account_id: z.string(), usage_records: z.number().int(), time_entries: z.number().int() })),
});
export type DataQuality = z.infer<typeof dataQuality>;

export const anomalyMethods = {
  'anomalies.list': method(z.object({ period }), z.array(anomalySummary), "the period's anomalies"),
  'anomalies.acknowledge': method(
    z.object({ anomaly_id: z.string().min(1).max(128), note: z.string().trim().min(1).max(2000) }),
    anomalySummary,
    'acknowledge an anomaly with a note (audited)',
  ),
  'anomalies.dismiss': method(
    z.object({ anomaly_id: z.string().min(1).max(128), reason: z.string().trim().min(1).max(2000) }),
    anomalySummary,
    'dismiss an anomaly as expected, with a reason (audited)',
  ),
  'rules.list': method(z.object({}), z.array(ruleInfo), 'every anomaly rule with its severity, switch and thresholds'),
  'rules.update': method(
    z.object({
      job_id: jobId,
      rule_id: z.string().min(1).max(64),
      enabled: z.boolean().optional(),
      severity: severity.nullable().optional(),
      thresholds: z.record(z.string().max(64), z.string().max(40).nullable()).optional(),
      /** the period to re-evaluate at once (detection runs again on its invoices) */
      period: period.optional(),
    }),
    z.object({ rule: ruleInfo, reevaluated: z.object({ period, anomalies: z.number().int() }).nullable() }),
    "change one rule's settings (audited) and re-evaluate the period",
  ),
  'quality.summary': method(
    z.union([z.object({ period }), z.object({ batch_id: z.number().int().positive() })]),
    dataQuality,
    'data-quality figures of a period or an import: rejected, duplicates, unbilled usage and hours, accounts without agreements',
  ),
  'anomalies.explore': method(z.object({ period }), z.array(anomalyRow), "every anomaly of the period with owner, review note and source count"),
  'anomalies.sources': method(
    z.object({ anomaly_id: z.string().min(1).max(128), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100), ...sourceSort }),
    z.object({
      total: z.number().int(),
      found: z.number().int(),
      rows: z.array(sourceRow),
      agreements: z.array(z.object({ agreement_id: z.string(), account_id: z.string(), file: z.string(), line: z.number().int(), start_date: z.string(), end_date: z.string().nullable() })),
    }),
    'the source rows (and agreements) behind an anomaly, sorted and paged over all of them',
  ),
  'anomalies.sourcesCsv': method(
    z.object({ anomaly_id: z.string().min(1).max(128), ...sourceSort }),
    csvFile,
    "an anomaly's source rows as a formula-safe CSV, in the given order",
  ),
  'anomalies.acknowledgeMany': method(
    z.object({ anomaly_ids: z.array(z.string().min(1).max(128)).min(1).max(5000), note: z.string().trim().min(1).max(2000) }),
    z.object({ acknowledged: z.number().int() }),
    'acknowledge many anomalies with one note (each audited)',
  ),
  'anomalies.reopen': method(
    z.object({ anomaly_id: z.string().min(1).max(128), note: z.string().trim().max(2000).optional() }),
    anomalySummary,
    'reopen an acknowledged or dismissed anomaly (audited)',
  ),
} as const;
