/**
 * The extra usage file of the bench's ui phase (ui-phase.ts): N records of one account and
 * metric spread evenly over one period, so that a single invoice line is computed from N
 * (default a million) source rows. The scale book spreads its rows over every account, so no
 * line of its own comes near that. Deterministic; event ids (`ui-<i>`) never meet the scale
 * book's (`e<i>`), so the import adds every row.
 */
import { join } from 'node:path';
import { parsePeriod } from '../../shared/period';
import { writeLines } from './scale-book';

export interface LineUsage {
  path: string;
  account: string;
  metric: string;
  rows: number;
}

export async function writeLineUsage(dir: string, options: { account: string; metric: string; rows: number; period: string }): Promise<LineUsage> {
  const path = join(dir, 'ui-line-usage.csv');
  const p = parsePeriod(options.period);
  const start = Date.parse(p.startTs);
  // Whole seconds inside [start, end): row i at start + ⌊i · span / rows⌋, never on the next period's first instant.
  const spanSeconds = (Date.parse(p.endTs) - start) / 1000;
  await writeLines(path, 'event_id,account_id,metric,quantity,timestamp', options.rows, (i) => {
    const ts = new Date(start + Math.floor((i * spanSeconds) / options.rows) * 1000).toISOString();
    return `ui-${i},${options.account},${options.metric},${1 + (i % 40)}.${String(i % 100).padStart(2, '0')},${ts}`;
  });
  return { path, account: options.account, metric: options.metric, rows: options.rows };
}
