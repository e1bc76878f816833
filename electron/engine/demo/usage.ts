/**
 * usage.csv: planned per (account, metric) feed, then streamed in timestamp
 * order through a k-way merge of lazy per-feed generators, so memory stays
 * bounded by the number of feeds whatever the row count.
 *
 * - api_calls, sms (batches or single messages) and compute_hours are metered
 *   in batches spread evenly over the active time of each month (one random
 *   instant per slot, so timestamps of a feed never collide); quantities
 *   follow a per-account trend, weekly and daily seasonality (in the
 *   customer's time zone) and noise.
 * - storage_gb is one reading per day (aggregated with max), seats a few
 *   readings per month (aggregated with last).
 * - Row counts: storage and seats readings are fixed by the calendar; the rest
 *   of the `rows` budget is shared out over the metered feeds (largest
 *   remainder), so the file has exactly `rows` data rows unless `rows` is
 *   smaller than the calendar-fixed readings.
 */
import { ChunkedFileWriter, csvField, csvLine } from './csv';
import { USAGE_REJECTS } from './problems';
import { epochSeconds, type UsagePlan } from './usage-plan';
import { createSource, ListSource, SourceHeap } from './usage-sources';

export const USAGE_HEADER = ['event_id', 'account_id', 'metric', 'quantity', 'timestamp'] as const;

const ROWS_PER_CHUNK = 4096;
export const PROGRESS_EVERY = 100_000;

/** Streams usage.csv; returns the number of data rows written. */
export async function writeUsage(path: string, plan: UsagePlan, onProgress?: (done: number, total: number) => void): Promise<number> {
  const heap = new SourceHeap();
  plan.feeds.forEach((feed, order) => {
    const source = createSource(feed);
    if (source.advance()) heap.push(source, order);
  });
  const rejects = USAGE_REJECTS.map((r) => ({
    t: epochSeconds(r.sortAt),
    line: [r.account, r.metric, r.quantity, r.timestamp].map(csvField).join(','),
  })).sort((a, b) => a.t - b.t);
  const list = new ListSource(rejects);
  if (list.advance()) heap.push(list, plan.feeds.length);

  const writer = new ChunkedFileWriter(path);
  try {
    await writer.write(csvLine(USAGE_HEADER));
    let written = 0;
    let nextId = 1;
    let chunk = '';
    let inChunk = 0;
    for (let source = heap.top(); source; source = heap.top()) {
      const id = source.withId ? `evt-${String(nextId++).padStart(6, '0')}` : '';
      chunk += `${id},${source.line}\n`;
      written++;
      heap.replaceTop(source.advance());
      if (++inChunk === ROWS_PER_CHUNK) {
        await writer.write(chunk);
        chunk = '';
        inChunk = 0;
      }
      if (written % PROGRESS_EVERY === 0) onProgress?.(written, plan.totalRows);
    }
    if (chunk) await writer.write(chunk);
    await writer.close();
    if (written % PROGRESS_EVERY !== 0) onProgress?.(written, plan.totalRows);
    return written;
  } catch (error) {
    writer.abort();
    throw error;
  }
}
