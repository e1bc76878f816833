/**
 * Usage records turned into the values a usage row is stored with, without
 * the database: what the read worker (read-worker.ts) does beside the writer,
 * and what the writer does itself for records read on its own thread. One
 * function for both, so a row is validated the same way whichever thread
 * read it.
 */
import type { ProfileMapper } from './apply-profile';
import { usageContentKey } from './dedup-key';
import { IdTextError, mergedRowsNote, RowError } from './fields';
import type { FieldValue, SourceRecord } from './read-records';
import { jsonOrNull } from './row-writer';
import { parseUsageRow, type RowChecks } from './usage-row';
import { atOfTs } from '../usage-time';
import { addRecord, type FileFigures } from './usage-figures';

/** A valid usage row's stored values. */
export interface UsageValues {
  eventId: string | null;
  accountId: string;
  metric: string;
  quantity: string;
  at: number;
  /** the content key (dedup-key.ts) as hex, only when there is no event id */
  key: string | null;
  /** the extra columns as JSON, or null */
  extra: string | null;
  /** YYYY-MM: the period whose cached totals the row changes (period-totals-upkeep.ts) */
  period: string;
}

export function usageValues(fields: Record<string, FieldValue>, sourceFields: Record<string, FieldValue>, checks: RowChecks): UsageValues {
  const row = parseUsageRow(fields, checks);
  return {
    eventId: row.eventId,
    accountId: row.accountId,
    metric: row.metric,
    quantity: row.quantity,
    at: atOfTs(row.ts),
    key: row.eventId !== null ? null : usageContentKey(sourceFields).toString('hex'),
    extra: jsonOrNull(row.extra),
    period: row.ts.slice(0, 7),
  };
}

/** The reason a rejected row is stored with: the validator's message, naming the profile's source column when it is not the field itself. */
export function rowErrorReason(error: RowError, record: SourceRecord, mapper: ProfileMapper | null): string {
  // A line break in an id of a record spanning lines: name the lines, so the reviewer sees rows were merged.
  const message = error instanceof IdTextError && error.lineBreak ? error.message + mergedRowsNote(record.line, record.raw) : error.message;
  const from = mapper && error.field ? mapper.sourceOf(error.field) : null;
  return from && !from.includes(`"${error.field}"`) ? `${message} (from ${from})` : message;
}

export interface RejectedRecord {
  line: number;
  field: string | null;
  reason: string;
  raw: string;
}

/**
 * A batch of usage records, validated. Plain arrays and strings only, so it
 * crosses from the read worker by structured clone at little cost: `rows`
 * holds ROW_WIDTH values per valid row (line, eventId, pair, quantity, at,
 * key, extra), `periods` every period the rows fall in. A row's `pair` is the
 * number of its (account, metric) in the file (FilePairs): the pairs of all
 * the file's batches so far, `newPairs` of each in turn, so each pair crosses
 * once and the writer finds its series by array index instead of hashing two
 * strings per row (a profile put 0.5 s of the writer's time per million rows there).
 */
export interface PreparedUsage {
  records: number;
  rows: (string | number | null)[];
  /** the (account, metric) pairs first seen in this batch, numbered on from the batches before */
  newPairs: [string, string][];
  periods: string[];
  rejected: RejectedRecord[];
}

export const ROW_WIDTH = 7;

/** One file's (account, metric) pairs, numbered from 0 in the order they are first seen. */
export class FilePairs {
  /** account → metric → number, nested as usage-figures.ts does, so a row builds no key string (a profile of a million rows: 0.64 s with one, 0.45 s nested) */
  private readonly numbers = new Map<string, Map<string, number>>();
  private count = 0;
  private fresh: [string, string][] = [];

  numberOf(accountId: string, metric: string): number {
    let metrics = this.numbers.get(accountId);
    if (!metrics) this.numbers.set(accountId, (metrics = new Map<string, number>()));
    let n = metrics.get(metric);
    if (n === undefined) {
      n = this.count++;
      metrics.set(metric, n);
      this.fresh.push([accountId, metric]);
    }
    return n;
  }

  /** the pairs first seen since the last call */
  takeNew(): [string, string][] {
    const fresh = this.fresh;
    this.fresh = [];
    return fresh;
  }
}

/**
 * `figures`: where each valid row is also added up (usage-figures.ts), before the writer knows whether it is a duplicate;
 * `pairs`: the file's pairs so far (one FilePairs for all of a file's batches).
 */
export function prepareUsage(records: readonly SourceRecord[], mapper: ProfileMapper | null, checks: RowChecks, figures: FileFigures, pairs: FilePairs): PreparedUsage {
  const rows: (string | number | null)[] = [];
  const periods = new Set<string>();
  const rejected: RejectedRecord[] = [];
  for (const record of records) {
    if (record.error !== undefined) {
      rejected.push({ line: record.line, field: record.field ?? null, reason: record.error, raw: record.raw });
      continue;
    }
    try {
      const v = usageValues(mapper ? mapper.map(record.fields) : record.fields, record.fields, checks);
      rows.push(record.line, v.eventId, pairs.numberOf(v.accountId, v.metric), v.quantity, v.at, v.key, v.extra);
      periods.add(v.period);
      addRecord(figures, v.period, v.accountId, v.metric, v.quantity, v.at);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      rejected.push({ line: record.line, field: error.field, reason: rowErrorReason(error, record, mapper), raw: record.raw });
    }
  }
  return { records: records.length, rows, newPairs: pairs.takeNew(), periods: [...periods], rejected };
}
