import { describe, expect, it } from 'vitest';
import type { AnomalyRow, InvoiceSummary } from '../../../shared/api';
import { matchesAnomalyFilter, matchesFilter } from './filters';

function invoice(patch: Partial<InvoiceSummary>): InvoiceSummary {
  return {
    invoice_id: 'AG-1@2026-10',
    invoice_number: null,
    status: 'draft',
    agreement_id: 'AG-1',
    account_id: 'ACME',
    account_name: 'Acme',
    owner: 'Dana',
    period: '2026-10',
    currency: 'EUR',
    subtotal: '100.00',
    discount: '0.00',
    tax: '0.00',
    total: '100.00',
    deposit_applied: '0.00',
    amount_due: '100.00',
    line_count: 1,
    anomalies: { error: 0, warning: 0, info: 0 },
    document_type: 'invoice',
    on_hold: false,
    previous_total: null,
    change: null,
    change_percent: null,
    ...patch,
  };
}

describe('invoice link filters', () => {
  it('"draft" lists drafts not on hold, "hold" the held ones: the dashboard buckets', () => {
    expect(matchesFilter(invoice({}), { status: 'draft' })).toBe(true);
    expect(matchesFilter(invoice({ on_hold: true }), { status: 'draft' })).toBe(false);
    expect(matchesFilter(invoice({ on_hold: true }), { status: 'hold' })).toBe(true);
    expect(matchesFilter(invoice({ status: 'approved' }), { status: 'hold' })).toBe(false);
    expect(matchesFilter(invoice({ status: 'approved' }), { status: 'approved' })).toBe(true);
  });

  it('"flagged" means an open error or warning; a severity means at least one of it', () => {
    expect(matchesFilter(invoice({ anomalies: { error: 0, warning: 0, info: 3 } }), { severity: 'flagged' })).toBe(false);
    expect(matchesFilter(invoice({ anomalies: { error: 0, warning: 1, info: 0 } }), { severity: 'flagged' })).toBe(true);
    expect(matchesFilter(invoice({ anomalies: { error: 0, warning: 1, info: 0 } }), { severity: 'error' })).toBe(false);
    expect(matchesFilter(invoice({ anomalies: { error: 2, warning: 0, info: 0 } }), { severity: 'error' })).toBe(true);
  });

  it('an owner filter finds the invoices without one under "(no owner)"; an account filter its account', () => {
    expect(matchesFilter(invoice({ owner: null }), { owner: '(no owner)' })).toBe(true);
    expect(matchesFilter(invoice({}), { owner: '(no owner)' })).toBe(false);
    expect(matchesFilter(invoice({}), { account: 'ACME', owner: 'Dana' })).toBe(true);
    expect(matchesFilter(invoice({}), { account: 'GLOBEX' })).toBe(false);
    expect(matchesFilter(invoice({}), {})).toBe(true);
  });
});

function anomaly(patch: Partial<AnomalyRow>): AnomalyRow {
  return {
    anomaly_id: 'a1',
    rule: 'usage_spike',
    severity: 'warning',
    message: 'usage tripled',
    status: 'open',
    account_id: 'ACME',
    invoice_id: 'AG-1@2026-10',
    account_name: 'Acme',
    owner: 'Dana',
    line_id: null,
    line_key: null,
    metric: 'api_calls',
    invoice_status: 'draft',
    status_note: null,
    first_seen: '2026-10-31T00:00:00.000Z',
    source_count: 3,
    ...patch,
  } as AnomalyRow;
}

describe('anomaly filters', () => {
  it('every set key has to match', () => {
    expect(matchesAnomalyFilter(anomaly({}), { rule: 'usage_spike', severity: 'warning', status: 'open', owner: 'Dana' })).toBe(true);
    expect(matchesAnomalyFilter(anomaly({}), { rule: 'unit_mismatch' })).toBe(false);
    expect(matchesAnomalyFilter(anomaly({}), { severity: 'error' })).toBe(false);
    expect(matchesAnomalyFilter(anomaly({ status: 'acknowledged' }), { status: 'open' })).toBe(false);
    expect(matchesAnomalyFilter(anomaly({ owner: null }), { owner: '(no owner)' })).toBe(true);
  });
});
