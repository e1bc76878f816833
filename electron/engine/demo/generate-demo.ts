/**
 * The seeded demo book (`billing demo`, the app's "load demo data"): writes
 * the three canonical exports of data-formats.md into a folder.
 *
 * - agreements.json: 67 agreements of 65 accounts (see book.ts), the same for
 *   every seed;
 * - usage.csv: about `rows` usage records (default 100,000) for the six
 *   months 2026-05 … 2026-10, streamed with bounded memory (usage.ts);
 * - hours.csv: time entries of 15 people over the same months (hours.ts).
 *
 * The same seed gives byte-identical files; nothing depends on the clock.
 * A handful of data problems are planted, mostly in 2026-10 (problems.ts,
 * DEMO_PROBLEMS).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFolder } from '../make-folder';
import { buildAgreements, PERIODS } from './book';
import { ChunkedFileWriter, csvLine } from './csv';
import { buildHours, HOURS_HEADER, hoursCsvRows } from './hours';
import { writeUsage } from './usage';
import { planUsage } from './usage-plan';

export { DEMO_PROBLEMS, type DemoProblem } from './problems';
export { PERIODS as DEMO_PERIODS } from './book';

export const DEFAULT_SEED = 42;
export const DEFAULT_ROWS = 100_000;
export const DEMO_FILES = ['agreements.json', 'usage.csv', 'hours.csv'] as const;

export interface GenerateDemoOptions {
  outDir: string;
  seed?: number;
  rows?: number;
  /** called with usage rows written so far, at most every 100,000 rows and once at the end */
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateDemoResult {
  /** absolute or outDir-relative paths, in import order: agreements, usage, hours */
  files: string[];
  periods: string[];
  usageRows: number;
  hoursRows: number;
  agreements: number;
}

export async function generateDemo(options: GenerateDemoOptions): Promise<GenerateDemoResult> {
  const seed = options.seed ?? DEFAULT_SEED;
  const rows = options.rows ?? DEFAULT_ROWS;
  if (!Number.isSafeInteger(seed)) throw new Error(`the demo seed must be a whole number, got ${seed}`);
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`the demo row count must be a whole number of at least 1, got ${rows}`);
  // Negative and large seeds are folded into the generator's 32 bits.
  const seed32 = seed >>> 0;

  makeFolder(options.outDir);
  const [agreementsFile, usageFile, hoursFile] = DEMO_FILES.map((name) => join(options.outDir, name)) as [string, string, string];

  const agreements = buildAgreements();
  await writeFile(agreementsFile, `${JSON.stringify(agreements, null, 2)}\n`, 'utf8');

  const plan = planUsage(agreements, seed32, rows);
  const usageRows = await writeUsage(usageFile, plan, options.onProgress);

  const entries = buildHours(agreements, seed32);
  const writer = new ChunkedFileWriter(hoursFile);
  try {
    await writer.write(csvLine(HOURS_HEADER) + hoursCsvRows(entries).join(''));
    await writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }

  return {
    files: [agreementsFile, usageFile, hoursFile],
    periods: [...PERIODS],
    usageRows,
    hoursRows: entries.length,
    agreements: agreements.length,
  };
}
