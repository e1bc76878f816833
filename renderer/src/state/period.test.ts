import { describe, expect, it } from 'vitest';
import { resolvePeriod } from './period';

const PERIODS = ['2026-10', '2026-09', '2026-08'];

describe('the period under review', () => {
  it('is the one the address names when the data has it', () => {
    expect(resolvePeriod({ name: 'invoices', period: '2026-09' }, PERIODS, null)).toBe('2026-09');
    expect(resolvePeriod({ name: 'settings', period: '2026-08' }, PERIODS, null)).toBe('2026-08');
  });

  it('is the newest when the address names none or one the data lacks', () => {
    expect(resolvePeriod({ name: 'dashboard', period: null }, PERIODS, null)).toBe('2026-10');
    expect(resolvePeriod({ name: 'dashboard', period: '2031-01' }, PERIODS, null)).toBe('2026-10');
  });

  it('is none without data, and the address until the status is known', () => {
    expect(resolvePeriod({ name: 'dashboard', period: '2026-09' }, [], null)).toBeNull();
    expect(resolvePeriod({ name: 'dashboard', period: '2026-09' }, null, null)).toBe('2026-09');
  });

  it("is the invoice's own period on an invoice's page", () => {
    expect(resolvePeriod({ name: 'invoice', invoiceId: 'AG-1@2026-08', lineKey: null }, PERIODS, '2026-08')).toBe('2026-08');
    expect(resolvePeriod({ name: 'invoice', invoiceId: 'AG-1@2026-08', lineKey: null }, PERIODS, null)).toBeNull();
  });
});
