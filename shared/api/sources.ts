/**
 * Source rows (usage records and time entries): the rows an invoice line was
 * computed from, where a row was billed, and the rows no invoice billed.
 */
import { z } from 'zod';
import { invoiceStatus } from '../domain';
import { csvFile, method, money, period } from './common';

export const sourceRow = z.object({
  /** usage_rollup: one day of an account's metric as a warehouse rolled it up (quantity is its sum, when its day, external_id its source) */
  source_kind: z.enum(['usage', 'hours', 'usage_rollup']),
  id: z.number().int(),
  file: z.string(),
  line: z.number().int(),
  account_id: z.string(),
  /** metric for usage, kind (and role) for hours */
  item: z.string(),
  quantity: z.string(),
  /** timestamp for usage, date for hours */
  when: z.string(),
  /** the external id (event_id / entry_id), if the source had one */
  external_id: z.string().nullable(),
  person: z.string().nullable(),
  /** only when asked for an anomaly's rows among a line's: whether that finding points at this row */
  flagged: z.boolean().optional(),
  /** among a line's rows: set when a reviewer excluded the row from billing (who, when, why) */
  excluded: z.object({ correction_id: z.number().int(), reason: z.string(), actor: z.string(), at: z.string() }).optional(),
  /** for a usage_rollup row: the rest of its figures (records it stands for, largest record, latest record and its quantity) */
  rollup: z.object({ count: z.number().int(), max: z.string(), last_ts: z.string(), last_quantity: z.string(), source: z.string() }).optional(),
});
export type SourceRow = z.infer<typeof sourceRow>;

/** Columns source rows can be sorted by (on the server, over every row, not only the loaded page). */
export const sourceSortColumns = ['when', 'file', 'line', 'account_id', 'item', 'quantity', 'external_id', 'person', 'id'] as const;
export type SourceSortColumn = (typeof sourceSortColumns)[number];
/** The sort arguments of a source-row listing (a line's, an anomaly's): a column, ascending unless desc. */
export const sourceSort = { sort: z.enum(sourceSortColumns).default('when'), desc: z.boolean().default(false) };

/** A line's rows may also be sorted by whether an anomaly points at them (flagged first with desc). */
const lineSourceSort = { sort: z.enum([...sourceSortColumns, 'flagged']).default('when'), desc: z.boolean().default(false) };

/** Where a source row was billed: the invoice, and the lines of the charge that priced it (none when all of it was included). */
export const sourceBilling = z.object({
  invoice_id: z.string(),
  status: invoiceStatus,
  period: z.string(),
  currency: z.string(),
  charge_position: z.number().int(),
  lines: z.array(z.object({ line_id: z.number().int(), description: z.string(), amount: money })),
});
export type SourceBilling = z.infer<typeof sourceBilling>;

export const sourceMethods = {
  'lines.sources': method(
    z.object({
      line_id: z.number().int().positive(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      ...lineSourceSort,
      /** mark the rows this anomaly points at (`flagged`), and count them */
      anomaly_id: z.string().min(1).max(128).optional(),
      /** false: leave `total` out, for a caller that has the line's source_count (invoices.get) and wants the page sooner */
      count: z.boolean().default(true),
    }),
    z.object({ total: z.number().int().optional(), rows: z.array(sourceRow), flagged: z.number().int().optional() }),
    'the source rows a line was computed from, sorted and paged over all of them',
  ),
  'lines.sourcesCsv': method(
    z.object({ line_id: z.number().int().positive(), ...lineSourceSort, anomaly_id: z.string().min(1).max(128).optional() }),
    csvFile,
    "a line's source rows as a formula-safe CSV, in the given order",
  ),
  'sources.billing': method(
    z.object({ source_kind: z.enum(['usage', 'hours']), source_id: z.number().int().positive() }),
    z.array(sourceBilling),
    'which invoice line billed a source row',
  ),
  'sources.unbilled': method(
    z.object({ period, kind: z.enum(['usage', 'hours']), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) }),
    z.object({ total: z.number().int(), rows: z.array(sourceRow) }),
    "the period's usage records or billable hours that no invoice billed, paged",
  ),
} as const;
