/**
 * Test helpers: agreements go through the stored document's schema so defaults
 * apply as in production. Not the import's stricter one: the rating must price
 * any stored document, also one the import would refuse today (2.345 USD, a
 * tax rate of 7, two charges of one kind).
 */
import { agreementDocumentSchema, type Agreement } from '../../../../shared/domain';
import { parsePeriod } from '../../../../shared/period';
import { rateAgreement } from '../rate-agreement';
import type { HoursEntry, RatingResult, UsageTotal } from '../types';

export function agreement(fields: Record<string, unknown>): Agreement {
  return agreementDocumentSchema.parse({
    agreement_id: 'AG-T',
    account_id: 'ACC',
    currency: 'USD',
    start_date: '2020-01-01',
    end_date: null,
    charges: [],
    ...fields,
  });
}

export interface RateOptions {
  /** metric → aggregate value (records defaults to 1) or a full UsageTotal */
  usage?: Record<string, string | UsageTotal>;
  hours?: HoursEntry[];
  deposit?: string;
}

export function rate(a: Agreement, period: string, options: RateOptions = {}): RatingResult {
  const usage = new Map<string, UsageTotal>();
  for (const [metric, v] of Object.entries(options.usage ?? {})) usage.set(metric, typeof v === 'string' ? { value: v, records: 1 } : v);
  return rateAgreement({ agreement: a, period: parsePeriod(period), usage, hours: options.hours ?? [], depositRemaining: options.deposit ?? '0' });
}

let nextId = 1;
export function entry(kind: HoursEntry['kind'], hours: string, role: string | null = null, billable = true, date = '2026-01-20'): HoursEntry {
  return { id: nextId++, date, kind, role, hours, billable };
}

/** The lines as compact tuples, for readable expectations. */
export function summary(result: RatingResult): [string, string, string, string][] {
  return result.lines.map((l) => [l.kind, l.description, l.quantity, l.amount]);
}
