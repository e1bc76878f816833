/**
 * What each data-changing API method changes, as the read methods whose
 * answers it can alter. A mutation or a job invalidates exactly these query
 * keys (every argument of the method) when it completes, so every page showing
 * them reads them again; nothing else is refetched.
 */
import type { MethodName } from '../../../shared/api';

/** Everything one period's review shows: invoices, their lines and sources, anomalies and the figures summed from them. */
const REVIEW = [
  'invoices.list',
  'invoices.get',
  'invoices.audit',
  'invoices.trend',
  'invoices.pdf',
  'invoices.eInvoice',
  'lines.sources',
  'sources.billing',
  'sources.unbilled',
  'anomalies.list',
  'anomalies.explore',
  'anomalies.sources',
  'adjustments.list',
  'creditNotes.lines',
  'dashboard.summary',
  'league.table',
  'reconciliation.period',
  'export.summary',
  'export.forms',
  // every re-rate is a bill run; an agreement import can add a version
  'runs.list',
  'runs.diff',
  'invoices.changes',
  'agreements.versions',
  // finalized invoices, credit notes, payments and disputes: receivables are recomputed from them
  'receivables.aging',
  'receivables.account',
  'receivables.league',
] as const satisfies readonly MethodName[];

/** Recording a review decision on invoices: their status, hold flag and audit trail, and what counts them. */
const DECISION = ['invoices.list', 'invoices.get', 'invoices.audit', 'invoices.pdf', 'invoices.eInvoice', 'dashboard.summary', 'league.table', 'export.summary', 'export.forms'] as const satisfies readonly MethodName[];

/** A finding's status: its lists, the counts on invoices and the figures. */
const FINDING = ['anomalies.list', 'anomalies.explore', ...DECISION] as const satisfies readonly MethodName[];

/** Data in or out: what is loaded, the import history and quality, and every period's review. */
const DATA = ['app.status', 'import.history', 'import.rejected', 'quality.summary', ...REVIEW] as const satisfies readonly MethodName[];

export const CHANGES = {
  'demo.load': DATA,
  'import.files': DATA,
  'import.undo': DATA,
  'period.rate': ['app.status', ...REVIEW],
  'export.period': ['app.status', 'settings.branding', ...REVIEW],
  'invoices.approve': DECISION,
  'invoices.hold': DECISION,
  'anomalies.acknowledge': FINDING,
  'anomalies.acknowledgeMany': FINDING,
  'anomalies.dismiss': FINDING,
  'anomalies.reopen': FINDING,
  // an adjustment re-rates the draft: its figures, lines and findings change
  'adjustments.add': REVIEW,
  'adjustments.remove': REVIEW,
  'creditNotes.create': REVIEW,
  'creditNotes.discard': REVIEW,
  // a rule change re-evaluates the period under review
  'rules.update': ['rules.list', ...REVIEW],
  'settings.setReviewer': ['app.status'],
  'settings.updateBranding': ['settings.branding', 'invoices.pdf', 'invoices.eInvoice', 'export.summary', 'export.forms'],
  'settings.updateLedgerAccounts': ['settings.ledgerAccounts'],
  // change control (shared/api/controls.ts): a lock gates what the period's pages offer; corrections re-rate the draft
  'period.close': ['period.lock', 'invoices.audit', 'reconciliation.period'],
  'period.reopen': ['period.lock', 'invoices.audit', 'reconciliation.period'],
  'settings.setFourEyes': ['settings.fourEyes'],
  'corrections.exclude': ['corrections.list', ...REVIEW],
  'corrections.include': ['corrections.list', ...REVIEW],
  'corrections.overrideQuantity': ['corrections.list', ...REVIEW],
  'corrections.removeOverride': ['corrections.list', ...REVIEW],
  'jobs.cancel': [],
  'queries.raise': ['queries.list', 'receivables.league'],
  'queries.answer': ['queries.list', 'receivables.league'],
  'queries.resolve': ['queries.list', 'receivables.league'],
} as const satisfies Partial<Record<MethodName, readonly MethodName[]>>;

export type WriteMethod = keyof typeof CHANGES;
