import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { NotFoundError } from '../../errors';
import { RULES } from '../rules';
import { listRules, readRuleSettings, updateRuleSettings } from '../settings';
import { agreement, monthly, TestBook } from './helpers';

let book: TestBook;
beforeEach(() => {
  book = new TestBook();
});
afterEach(() => book.close());

const SPEC_RULES = [
  'usage_spike', 'usage_drop', 'missing_usage', 'unbilled_usage', 'unbilled_hours', 'duplicate_usage', 'duplicate_hours', 'excessive_hours',
  'rate_mismatch', 'usage_after_end', 'total_jump', 'zero_total', 'negative_total', 'discount_over_limit', 'overlapping_agreements',
  'agreement_incomplete', 'unit_mismatch',
  // rating.md "Bill cycles, …" (issue 20)
  'prepaid_exhausted_early', 'large_true_up',
];

describe('rule settings', () => {
  it('registers exactly the 17 rules of anomalies.md and the 2 of the bill cycles with their default severities and thresholds', () => {
    const rules = listRules(book.sqlite);
    expect(rules.map((r) => r.id)).toEqual(SPEC_RULES);
    const bySeverity = Object.fromEntries(rules.map((r) => [r.id, r.severity]));
    expect(bySeverity).toMatchObject({
      usage_spike: 'warning', usage_drop: 'warning', missing_usage: 'error', unbilled_usage: 'error', unbilled_hours: 'error',
      duplicate_usage: 'warning', duplicate_hours: 'warning', excessive_hours: 'warning', rate_mismatch: 'warning', usage_after_end: 'error',
      total_jump: 'warning', zero_total: 'info', negative_total: 'error', discount_over_limit: 'warning', overlapping_agreements: 'error',
      agreement_incomplete: 'warning', unit_mismatch: 'warning', prepaid_exhausted_early: 'warning', large_true_up: 'warning',
    });
    const value = (rule: string, name: string) => rules.find((r) => r.id === rule)!.thresholds.find((t) => t.name === name)!.value;
    expect([value('usage_spike', 'factor'), value('usage_spike', 'lookback_periods'), value('usage_spike', 'min_periods')]).toEqual(['2', '6', '2']);
    expect(value('usage_drop', 'factor')).toBe('0.5');
    expect(value('excessive_hours', 'max_hours_per_day')).toBe('12');
    expect([value('total_jump', 'percent'), value('total_jump', 'min_amount')]).toEqual(['50', '100']);
    expect(value('discount_over_limit', 'max_discount_percent')).toBe('25');
    expect([value('unit_mismatch', 'factor'), value('unit_mismatch', 'periods')]).toEqual(['500', '3']);
    expect([value('prepaid_exhausted_early', 'months_left'), value('large_true_up', 'percent')]).toEqual(['1', '25']);
    for (const rule of RULES) expect(rule.description).toMatch(/^[A-Z].*\.$/);
  });

  it('applies a changed threshold and severity on the next detection, audited with before and after', async () => {
    await book.agreements(agreement({ agreement_id: 'AG-S', account_id: 'S', charges: [{ type: 'usage', metric: 'api_calls', model: 'per_unit', unit_price: '0.001' }] }));
    await book.usage(monthly('S', 'api_calls', { '2026-08': '100', '2026-09': '100', '2026-10': '250' }));
    expect(book.rateAndDetect('2026-10').map((a) => [a.rule, a.severity])).toEqual([['usage_spike', 'warning']]);

    const info = updateRuleSettings(book.sqlite, 'usage_spike', { thresholds: { factor: 3 }, severity: 'error' }, 'admin');
    expect(info).toMatchObject({ severity: 'error', enabled: true });
    expect(info.thresholds.find((t) => t.name === 'factor')).toMatchObject({ value: '3', default: '2' });
    book.detect('2026-10');
    expect(book.anomalies('2026-10')).toEqual([]);

    updateRuleSettings(book.sqlite, 'usage_spike', { thresholds: { factor: '2.4' } }, 'admin');
    book.detect('2026-10');
    expect(book.anomalies('2026-10').map((a) => [a.rule, a.severity])).toEqual([['usage_spike', 'error']]);

    updateRuleSettings(book.sqlite, 'usage_spike', { thresholds: { factor: null }, severity: null }, 'admin');
    expect(readRuleSettings(book.sqlite).get('usage_spike')).toMatchObject({ severity: 'warning', enabled: true });
    expect(readRuleSettings(book.sqlite).get('usage_spike')!.thresholds.factor!.toFixed()).toBe('2');

    const entries = book.sqlite.prepare("SELECT actor, action, entity_id, details FROM audit_log WHERE entity_type = 'anomaly_rule' ORDER BY id").all() as {
      actor: string; action: string; entity_id: string; details: string;
    }[];
    expect(entries.map((e) => [e.actor, e.action, e.entity_id])).toEqual([
      ['admin', 'update_anomaly_rule', 'usage_spike'],
      ['admin', 'update_anomaly_rule', 'usage_spike'],
      ['admin', 'update_anomaly_rule', 'usage_spike'],
    ]);
    expect(JSON.parse(entries[0]!.details)).toEqual({ before: {}, after: { thresholds: { factor: '3' }, severity: 'error' } });
  });

  it('refuses invalid settings', () => {
    expect(() => updateRuleSettings(book.sqlite, 'no_such_rule', { enabled: false }, 'a')).toThrow(NotFoundError);
    expect(() => updateRuleSettings(book.sqlite, 'usage_spike', { thresholds: { factor: '-1' } }, 'a')).toThrow(ZodError);
    expect(() => updateRuleSettings(book.sqlite, 'usage_spike', { thresholds: { factor: '1e3' } }, 'a')).toThrow(ZodError);
    expect(() => updateRuleSettings(book.sqlite, 'usage_spike', { thresholds: { factor: '0.5' } }, 'a')).toThrow(/at least 1/);
    expect(() => updateRuleSettings(book.sqlite, 'usage_spike', { thresholds: { lookback_periods: '2.5' } }, 'a')).toThrow(/whole number/);
    expect(() => updateRuleSettings(book.sqlite, 'usage_spike', { thresholds: { nope: '1' } }, 'a')).toThrow(ZodError);
    expect(() => updateRuleSettings(book.sqlite, 'usage_spike', { thresholds: { min_periods: '7' } }, 'a')).toThrow(/min_periods cannot be more than lookback_periods/);
    expect(() => updateRuleSettings(book.sqlite, 'zero_total', { severity: 'fatal' as never }, 'a')).toThrow(ZodError);
    expect(book.sqlite.prepare("SELECT count(*) FROM settings WHERE key = 'anomaly_rules'").pluck().get()).toBe(0);
  });

  it('falls back to defaults for stored values that are no longer valid, rule by rule', () => {
    book.sqlite
      .prepare("INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('anomaly_rules', ?, 'now', 'x')")
      .run(JSON.stringify({ usage_spike: { thresholds: { factor: 'lots' } }, zero_total: { enabled: false }, usage_drop: 'garbage' }));
    const settings = readRuleSettings(book.sqlite);
    expect(settings.get('usage_spike')!.thresholds.factor!.toFixed()).toBe('2');
    expect(settings.get('zero_total')!.enabled).toBe(false);
    expect(settings.get('usage_drop')!.enabled).toBe(true);
  });
});
