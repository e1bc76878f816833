/** Review state survives re-detection; disabling a rule retires its findings; every action is audited. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { ConflictError } from '../../errors';
import { invoiceJson } from '../../review/invoice-queries';
import { listAnomalies } from '../../review/status';
import { acknowledgeAnomaly, dismissAnomaly, getAnomaly, reopenAnomaly } from '../review';
import { updateRuleSettings } from '../settings';
import { agreement, TestBook } from './helpers';

let book: TestBook;
beforeEach(async () => {
  book = new TestBook();
  await book.agreements(
    agreement({ agreement_id: 'AG-V', account_id: 'VANTAGE', discount_percent: '30' }),
    agreement({ agreement_id: 'AG-P', account_id: 'PENNINE', po_number: null }),
  );
  await book.usage([{ account: 'GLOBEX', metric: 'api_calls', ts: '2026-10-03T00:00:00Z', quantity: '100' }]);
  book.rateAndDetect('2026-10');
});
afterEach(() => book.close());

const one = (rule: string) => {
  const found = book.anomalies('2026-10', rule);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const audit = () =>
  book.sqlite.prepare('SELECT actor, action, entity_type, entity_id, reason FROM audit_log WHERE entity_type IN (?, ?) ORDER BY id').all('anomaly', 'anomaly_rule') as {
    actor: string;
    action: string;
    entity_type: string;
    entity_id: string;
    reason: string | null;
  }[];

describe('reviewing anomalies', () => {
  it('keeps an acknowledgement, its note and first-seen time when the period is re-rated and re-detected', () => {
    const before = one('discount_over_limit');
    acknowledgeAnomaly(book.sqlite, before.anomaly_id, 'cfo', 'Approved by the CFO for the launch year.');
    book.rateAndDetect('2026-10');
    const after = getAnomaly(book.sqlite, before.anomaly_id);
    expect(after).toMatchObject({ status: 'acknowledged', status_note: 'Approved by the CFO for the launch year.', active: true, first_seen_at: before.first_seen_at });
    expect(after.last_seen_at >= before.last_seen_at).toBe(true);
    expect(audit()).toEqual([
      { actor: 'cfo', action: 'acknowledge_anomaly', entity_type: 'anomaly', entity_id: before.anomaly_id, reason: 'Approved by the CFO for the launch year.' },
    ]);
  });

  it('keeps a dismissed finding dismissed, and updates its figures when it is found again', async () => {
    const before = one('unbilled_usage');
    dismissAnomaly(book.sqlite, before.anomaly_id, 'ann', 'Trial account, billed from January.');
    await book.usage([{ account: 'GLOBEX', metric: 'api_calls', ts: '2026-10-04T00:00:00Z', quantity: '50' }]);
    book.rateAndDetect('2026-10');
    const after = one('unbilled_usage');
    expect(after.anomaly_id).toBe(before.anomaly_id);
    expect(after).toMatchObject({ status: 'dismissed', status_note: 'Trial account, billed from January.' });
    expect(after.message).toBe('2 usage records (150 API calls) for GLOBEX have no agreement that prices them.');
  });

  it('requires a note to acknowledge and a reason to dismiss, and refuses impossible transitions', () => {
    const a = one('agreement_incomplete');
    expect(() => acknowledgeAnomaly(book.sqlite, a.anomaly_id, 'ann', '   ')).toThrow(ZodError);
    expect(() => dismissAnomaly(book.sqlite, a.anomaly_id, 'ann', '')).toThrow(/reason is required/);
    expect(() => reopenAnomaly(book.sqlite, a.anomaly_id, 'ann')).toThrow(ConflictError);
    dismissAnomaly(book.sqlite, a.anomaly_id, 'ann', 'PO follows by mail');
    expect(() => acknowledgeAnomaly(book.sqlite, a.anomaly_id, 'ann', 'seen')).toThrow(ConflictError);
    expect(reopenAnomaly(book.sqlite, a.anomaly_id, 'bob', 'PO never came')).toMatchObject({ status: 'open', status_note: 'PO never came' });
    expect(() => getAnomaly(book.sqlite, 'nope')).toThrow(/no anomaly nope/);
    expect(audit().map((e) => [e.actor, e.action, e.reason])).toEqual([
      ['ann', 'dismiss_anomaly', 'PO follows by mail'],
      ['bob', 'reopen_anomaly', 'PO never came'],
    ]);
  });

  it('retires the findings of a disabled rule on the next run, and brings them back with their status when re-enabled', () => {
    const before = one('discount_over_limit');
    dismissAnomaly(book.sqlite, before.anomaly_id, 'ann', 'Expected');
    updateRuleSettings(book.sqlite, 'discount_over_limit', { enabled: false }, 'admin');
    const result = book.detect('2026-10');
    expect(result.byRule).not.toHaveProperty('discount_over_limit');
    expect(book.anomalies('2026-10', 'discount_over_limit')).toEqual([]);
    expect(getAnomaly(book.sqlite, before.anomaly_id).active).toBe(false);
    updateRuleSettings(book.sqlite, 'discount_over_limit', { enabled: true }, 'admin');
    book.detect('2026-10');
    expect(one('discount_over_limit')).toMatchObject({ anomaly_id: before.anomaly_id, status: 'dismissed' });
  });

  it('shows findings in the invoice JSON and the CLI listing', () => {
    expect(invoiceJson(book.sqlite, 'AG-V@2026-10').anomalies).toEqual([
      { rule: 'discount_over_limit', severity: 'warning', status: 'open', message: 'Agreement AG-V for VANTAGE gives a 30% discount, above the 25% limit.' },
    ]);
    const listed = listAnomalies(book.sqlite, '2026-10');
    expect(listed.map((a) => [a.rule, a.account_id, a.agreement_id, a.invoice_id, a.person, a.status])).toEqual([
      ['unbilled_usage', 'GLOBEX', null, null, null, 'open'],
      ['agreement_incomplete', 'PENNINE', 'AG-P', 'AG-P@2026-10', null, 'open'],
      ['discount_over_limit', 'VANTAGE', 'AG-V', 'AG-V@2026-10', null, 'open'],
    ]);
  });

  it('gives a finding the same id on every run (a fingerprint of period, rule and subject)', () => {
    const ids = book.anomalies('2026-10').map((a) => a.anomaly_id);
    book.rateAndDetect('2026-10');
    expect(book.anomalies('2026-10').map((a) => a.anomaly_id)).toEqual(ids);
    expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
  });
});
