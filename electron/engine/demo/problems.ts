/**
 * The data problems planted in the demo book: where they are (INJECT, read by
 * the generators) and what a reviewer should find (DEMO_PROBLEMS, read by
 * tests and the README). Both are the same for every seed.
 */
import { agreementIdOf, LAST_PERIOD, SILVERLINE_ADDON_ID } from './book';

export const INJECT = {
  spike: { account: 'BLUEMESA', metric: 'api_calls', factor: 4 },
  drop: { account: 'ROSSI', metric: 'api_calls', factor: 0.2 },
  missingUsage: { account: 'STARK', metric: 'compute_hours' },
  trialUsage: { account: 'ZENITH', metric: 'api_calls', from: '2026-10-06' },
  unpricedMetric: { account: 'NORTHWIND', metric: 'video_minutes', from: '2026-10-05' },
  duplicateUsage: { account: 'FABRIKAM', metric: 'api_calls' },
  usageAfterEnd: { account: 'LAKESIDE', agreementEnd: '2026-10-20', until: '2026-10-31' },
  unitMismatch: { account: 'DEVRIES', metric: 'storage_gb', date: '2026-10-17' },
  /** sms feeds of a legacy gateway that sends no event ids (a small share of rows without event_id) */
  noEventIds: ['BRIGHTON', 'SCHOENFELD', 'STEINER'],
  duplicateHours: { account: 'HOFFMANN', person: 'Jakob Lindqvist', date: '2026-10-06', hours: 350 },
  excessiveHours: {
    person: 'Lena Fischer',
    date: '2026-10-14',
    entries: [
      { account: 'MUELLER', hours: 750 },
      { account: 'BECKER', hours: 600 },
    ],
  },
  rateMismatch: { account: 'OAKMONT', person: 'Aisha Bello', date: '2026-10-20', hours: 400, rate: '150.00', agreementRate: '165.00' },
  unbilledHours: { account: 'CEDAR', person: 'Sam Whitfield', date: '2026-10-08', hours: 250 },
  formulaText: { account: 'ACME', person: 'Claire Dubois', date: '2026-10-22', hours: 200, notes: "=cmd|' /C calc'!A0" },
} as const;

/** Usage rows import validation must reject (raw text as written; sortAt places them in the file). */
export const USAGE_REJECTS = [
  { account: 'TRUENORTH', metric: 'api_calls', quantity: '-250', timestamp: '2026-10-09T16:40:12Z', sortAt: '2026-10-09T16:40:12Z', field: 'quantity', value: '-250', why: 'negative quantity (a manual "correction" sent as usage)' },
  { account: 'GARCIA', metric: 'compute_hours', quantity: '12,5', timestamp: '2026-10-12T09:00:00Z', sortAt: '2026-10-12T09:00:00Z', field: 'quantity', value: '12,5', why: 'decimal comma: "12,5" is not a contract decimal' },
  { account: 'KESTREL', metric: 'storage_gb', quantity: '2210.375', timestamp: '2026-09-31T02:00:00Z', sortAt: '2026-09-30T23:59:59Z', field: 'timestamp', value: '2026-09-31T02:00:00Z', why: 'impossible date (September has 30 days)' },
  { account: '', metric: 'api_calls', quantity: '1520', timestamp: '2026-10-21T11:05:43Z', sortAt: '2026-10-21T11:05:43Z', field: 'account_id', value: '', why: 'account_id missing' },
] as const;

export const HOURS_REJECT = {
  account: 'ORCHARD', person: 'Nadia Haddad', date: '2026-02-30', sortDate: '2026-09-30', kind: 'support', hours: 120,
  field: 'date', value: '2026-02-30', why: 'impossible date 2026-02-30 (typed for 2026-09-30)',
} as const;

export type DemoProblemKind = 'anomaly' | 'reject' | 'kept_as_text';
export type DemoFile = 'agreements.json' | 'usage.csv' | 'hours.csv';

export interface DemoProblem {
  kind: DemoProblemKind;
  /** an anomaly rule id of anomalies.md; `rejected_row` for import rejects; `formula_text` for text that must stay text */
  rule: string;
  account: string | null;
  agreement?: string;
  person?: string;
  metric?: string;
  period: string;
  file: DemoFile;
  /** rejects: the field import validation must name, and its raw value */
  field?: string;
  value?: string;
  description: string;
}

const X = INJECT;

export const DEMO_PROBLEMS: readonly DemoProblem[] = [
  { kind: 'anomaly', rule: 'usage_spike', account: X.spike.account, metric: X.spike.metric, period: LAST_PERIOD, file: 'usage.csv',
    description: 'Blue Mesa Analytics sent about 4× its usual API calls in October (an integration retry loop).' },
  { kind: 'anomaly', rule: 'usage_drop', account: X.drop.account, metric: X.drop.metric, period: LAST_PERIOD, file: 'usage.csv',
    description: 'Rossi Alimentari API calls fell to about 0.2× of its average in October.' },
  { kind: 'anomaly', rule: 'missing_usage', account: X.missingUsage.account, agreement: agreementIdOf(X.missingUsage.account), metric: X.missingUsage.metric, period: LAST_PERIOD, file: 'usage.csv',
    description: 'Stark Precision had compute hours every month through September and none in October although its agreement ran all month (feed gap).' },
  { kind: 'anomaly', rule: 'unbilled_usage', account: X.trialUsage.account, metric: X.trialUsage.metric, period: LAST_PERIOD, file: 'usage.csv',
    description: 'ZENITH (a trial switched on 2026-10-06) sends API calls but has no agreement at all.' },
  { kind: 'anomaly', rule: 'unbilled_usage', account: X.unpricedMetric.account, metric: X.unpricedMetric.metric, period: LAST_PERIOD, file: 'usage.csv',
    description: 'Northwind Traders uses video_minutes since 2026-10-05, a metric no agreement prices.' },
  { kind: 'anomaly', rule: 'unbilled_hours', account: X.unbilledHours.account, agreement: agreementIdOf(X.unbilledHours.account), person: X.unbilledHours.person, period: LAST_PERIOD, file: 'hours.csv',
    description: 'Cedar & Pine: 2.5 billable support hours on 2026-10-08, but the agreement only has a professional-services charge.' },
  { kind: 'anomaly', rule: 'duplicate_usage', account: X.duplicateUsage.account, metric: X.duplicateUsage.metric, period: LAST_PERIOD, file: 'usage.csv',
    description: 'Fabrikam: one October API-call record was sent twice (same timestamp and quantity, two event ids).' },
  { kind: 'anomaly', rule: 'duplicate_hours', account: X.duplicateHours.account, person: X.duplicateHours.person, period: LAST_PERIOD, file: 'hours.csv',
    description: 'Hoffmann Pharma: Jakob Lindqvist’s 3.5 h of professional services on 2026-10-06 appear twice (timesheet sync).' },
  { kind: 'anomaly', rule: 'excessive_hours', account: null, person: X.excessiveHours.person, period: LAST_PERIOD, file: 'hours.csv',
    description: 'Lena Fischer logged 13.5 h on 2026-10-14 (7.5 h Müller Logistik + 6 h Becker & Söhne).' },
  { kind: 'anomaly', rule: 'rate_mismatch', account: X.rateMismatch.account, agreement: agreementIdOf(X.rateMismatch.account), person: X.rateMismatch.person, period: LAST_PERIOD, file: 'hours.csv',
    description: 'Oakmont Capital: a time entry of 2026-10-20 carries rate 150.00, the agreement says 165.00 (last year’s rate card).' },
  { kind: 'anomaly', rule: 'usage_after_end', account: X.usageAfterEnd.account, agreement: agreementIdOf(X.usageAfterEnd.account), period: LAST_PERIOD, file: 'usage.csv',
    description: 'Lakeside Dental’s agreement ended 2026-10-20 (not renewed) but usage keeps arriving until 2026-10-31.' },
  { kind: 'anomaly', rule: 'agreement_incomplete', account: 'PENNINE', agreement: agreementIdOf('PENNINE'), period: LAST_PERIOD, file: 'agreements.json',
    description: 'Pennine Outdoor’s agreement has no PO number, no bill-to address and no owner.' },
  { kind: 'anomaly', rule: 'discount_over_limit', account: 'VANTAGE', agreement: agreementIdOf('VANTAGE'), period: LAST_PERIOD, file: 'agreements.json',
    description: 'Vantage Point Media has a 30 % discount (limit 25 %).' },
  { kind: 'anomaly', rule: 'agreement_incomplete', account: 'PACRIM', agreement: agreementIdOf('PACRIM'), period: LAST_PERIOD, file: 'agreements.json',
    description: 'Pacific Rim Seafood’s agreement is in currency "USDX", not an ISO 4217 code (typo for USD).' },
  { kind: 'anomaly', rule: 'unit_mismatch', account: X.unitMismatch.account, metric: X.unitMismatch.metric, period: LAST_PERIOD, file: 'usage.csv',
    description: 'De Vries Tuinbouw: the storage reading of 2026-10-17 was sent in MB, about 1,024× the usual GB readings.' },
  { kind: 'anomaly', rule: 'overlapping_agreements', account: 'SILVERLINE', agreement: SILVERLINE_ADDON_ID, metric: 'api_calls', period: LAST_PERIOD, file: 'agreements.json',
    description: `Silverline Telehealth: the analytics add-on ${SILVERLINE_ADDON_ID} (from 2026-09-01) prices api_calls again, while ${agreementIdOf('SILVERLINE')} still does.` },
  ...USAGE_REJECTS.map(
    (r): DemoProblem => ({
      kind: 'reject', rule: 'rejected_row', account: r.account === '' ? null : r.account, metric: r.metric, period: r.sortAt.slice(0, 7), file: 'usage.csv',
      field: r.field, value: r.value, description: `usage row rejected: ${r.why}.`,
    }),
  ),
  { kind: 'reject', rule: 'rejected_row', account: HOURS_REJECT.account, person: HOURS_REJECT.person, period: HOURS_REJECT.sortDate.slice(0, 7), file: 'hours.csv',
    field: HOURS_REJECT.field, value: HOURS_REJECT.value, description: `time entry rejected: ${HOURS_REJECT.why}.` },
  { kind: 'kept_as_text', rule: 'formula_text', account: X.formulaText.account, person: X.formulaText.person, period: LAST_PERIOD, file: 'hours.csv',
    field: 'notes', value: X.formulaText.notes, description: 'A time entry note starts with "=" (spreadsheet formula injection); it is valid and must be imported and shown as plain text, never evaluated.' },
];
