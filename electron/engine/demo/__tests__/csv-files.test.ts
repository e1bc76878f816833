/**
 * The demo's usage.csv and hours.csv: contract-valid rows, with the planted rejects.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../../shared/money';
import { HOURS_HEADER } from '../hours';
import { USAGE_HEADER } from '../usage';
import { DECIMAL, fileOf, hoursRejectReason, hoursRejects, readCsv, readHeader, TIMESTAMP, usageRejectReason, usageRejects, generatedDemoBook } from './demo-files';

const demo = generatedDemoBook();

describe('usage.csv and hours.csv', () => {
  it('usage: the right header, about 100k rows, exact decimals, ISO timestamps in the six months, ids mostly present', () => {
    const path = fileOf(demo.main, 'usage.csv');
    expect(readHeader(path)).toEqual([...USAGE_HEADER]);
    const text = readFileSync(path, 'utf8');
    expect(text.includes('\r')).toBe(false);
    const rows = readCsv(path);
    expect(rows.length).toBe(demo.main.usageRows);
    expect(Math.abs(rows.length - 100_000)).toBeLessThanOrEqual(5_000);
    const bad = rows.filter((r) => usageRejectReason(r) !== null);
    expect(bad.map((r) => [usageRejectReason(r), r.account_id || null])).toEqual(
      expect.arrayContaining(usageRejects.map((p) => [p.field, p.account])),
    );
    expect(bad).toHaveLength(usageRejects.length);
    const wrong = rows.filter(
      (r) => usageRejectReason(r) === null && !(DECIMAL.test(r.quantity ?? '') && TIMESTAMP.test(r.timestamp ?? '') && (r.timestamp ?? '') >= '2026-05-01' && (r.timestamp ?? '') < '2026-11-01'),
    );
    expect(wrong).toEqual([]);
    const ids = rows.map((r) => r.event_id).filter((id) => id);
    expect(new Set(ids).size).toBe(ids.length);
    const missing = rows.length - ids.length;
    expect(missing).toBeGreaterThan(0);
    expect(missing / rows.length).toBeLessThan(0.05);
    expect(ids[0]).toBe('evt-000001');
  });

  it('hours: the right header, RFC 4180 quoting, business days, 0.25–9 h, exact decimals, mostly billable', () => {
    const path = fileOf(demo.main, 'hours.csv');
    expect(readHeader(path)).toEqual([...HOURS_HEADER]);
    const rows = readCsv(path);
    expect(rows.length).toBe(demo.main.hoursRows);
    const bad = rows.filter((r) => hoursRejectReason(r) !== null);
    expect(bad.map((r) => [hoursRejectReason(r), r.account_id])).toEqual(hoursRejects.map((p) => [p.field, p.account]));
    const good = rows.filter((r) => hoursRejectReason(r) === null);
    const people = new Set(good.map((r) => r.person));
    expect(people.size).toBe(15);
    for (const r of good) {
      const dow = new Date(`${r.date}T00:00:00Z`).getUTCDay();
      expect(dow === 0 || dow === 6, `${r.entry_id} on a weekend`).toBe(false);
      expect(r.hours).toMatch(DECIMAL);
      const h = new Decimal(r.hours ?? '0');
      expect(h.gte('0.25') && h.lte(9)).toBe(true);
      expect(['true', 'false']).toContain(r.billable);
      expect(['professional_services', 'support']).toContain(r.kind);
      if (r.rate) expect(r.rate).toMatch(DECIMAL);
    }
    const billable = good.filter((r) => r.billable === 'true').length;
    expect(billable / good.length).toBeGreaterThan(0.85);
    expect(billable).toBeLessThan(good.length);
    expect(new Set(good.map((r) => r.role))).toEqual(new Set(['architect', 'consultant', 'engineer', '']));
    // Quoting survives the round trip: commas, quotes and a line break in notes, and the formula text as text.
    const notes = good.map((r) => r.notes ?? '');
    expect(notes.some((n) => n.includes(','))).toBe(true);
    expect(notes.some((n) => n.includes('"'))).toBe(true);
    expect(notes).toContain("=cmd|' /C calc'!A0");
  });
});
