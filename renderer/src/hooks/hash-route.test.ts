import { describe, expect, it } from 'vitest';
import { hrefFor, isPeriodRoute, parseHash, type Route } from './use-hash-route';

describe('hash routes', () => {
  it('reads every page with its period and link filters', () => {
    expect(parseHash('')).toEqual({ name: 'dashboard', period: null });
    expect(parseHash('#/dashboard?period=2026-10')).toEqual({ name: 'dashboard', period: '2026-10' });
    expect(parseHash('#/invoices?period=2026-10&severity=flagged&owner=Dana')).toEqual({
      name: 'invoices',
      period: '2026-10',
      filter: { severity: 'flagged', owner: 'Dana' },
    });
    expect(parseHash('#/anomalies?period=2026-09&rule=usage_spike&status=open')).toEqual({
      name: 'anomalies',
      period: '2026-09',
      filter: { rule: 'usage_spike', status: 'open' },
    });
    expect(parseHash('#/settings?period=2026-08')).toEqual({ name: 'settings', period: '2026-08' });
    expect(parseHash('#/import')).toEqual({ name: 'import', period: null });
    expect(parseHash('#/nowhere')).toEqual({ name: 'dashboard', period: null });
  });

  it('keeps only the filter keys a page knows, and no empty filter', () => {
    expect(parseHash('#/invoices?period=2026-10&rule=x&status=')).toEqual({ name: 'invoices', period: '2026-10', filter: undefined });
  });

  it('reads an invoice id with a slash (a credit note) and the line it points at', () => {
    expect(parseHash(`#/invoices/${encodeURIComponent('AG-1@2026-10/CN1')}?line=usage%3Aapi_calls`)).toEqual({
      name: 'invoice',
      invoiceId: 'AG-1@2026-10/CN1',
      lineKey: 'usage:api_calls',
      anomalyId: null,
    });
    expect(parseHash('#/invoices/AG-1@2026-10/CN2')).toEqual({ name: 'invoice', invoiceId: 'AG-1@2026-10/CN2', lineKey: null, anomalyId: null });
    // a malformed escape is taken as it is rather than throwing
    expect(parseHash('#/invoices/AG%E0')).toEqual({ name: 'invoice', invoiceId: 'AG%E0', lineKey: null, anomalyId: null });
  });

  it('writes what it reads back to the same route', () => {
    const routes: Route[] = [
      { name: 'dashboard', period: '2026-10' },
      { name: 'invoices', period: '2026-10', filter: { status: 'hold', account: 'ACME' } },
      { name: 'invoice', invoiceId: 'AG-1@2026-10/CN1', lineKey: 'hours:consulting', anomalyId: null },
      { name: 'invoice', invoiceId: 'AG 7@2026-10', lineKey: 'usage:api_calls', anomalyId: 'unit_mismatch:3f2a' },
      { name: 'invoice', invoiceId: 'AG 8@2026-10', lineKey: null, anomalyId: null },
      { name: 'anomalies', period: '2026-10', filter: { rule: 'unit_mismatch', owner: '(no owner)' } },
      { name: 'league', period: '2026-10' },
      { name: 'reconciliation', period: '2026-10' },
      { name: 'export', period: '2026-10' },
      { name: 'import', period: '2026-10' },
      { name: 'settings', period: '2026-10' },
    ];
    for (const route of routes) expect(parseHash(hrefFor(route))).toEqual(route);
  });

  it('leaves out what is empty', () => {
    expect(hrefFor({ name: 'dashboard', period: null })).toBe('#/dashboard');
    expect(hrefFor({ name: 'invoices', period: '2026-10', filter: {} })).toBe('#/invoices?period=2026-10');
    expect(hrefFor({ name: 'invoice', invoiceId: 'A/B', lineKey: null })).toBe('#/invoices/A%2FB');
  });

  it('every page but an invoice carries a period', () => {
    expect(isPeriodRoute({ name: 'settings', period: null })).toBe(true);
    expect(isPeriodRoute({ name: 'invoice', invoiceId: 'x', lineKey: null })).toBe(false);
  });
});
