/**
 * By-hand measurement of anomaly detection on a big period (not part of the
 * test suite). Point it at a COPY of a database that holds usage (it imports
 * agreements for the accounts it finds and rates the period):
 *
 *   npx tsx electron/bench/detect-bench.ts /tmp/copy.db 2026-09
 *
 * Prints the rating time, then detection time in all and per rule (each
 * rule's time includes the shared figures it is the first to ask for).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase } from '../../db/open';
import { parsePeriod } from '../../shared/period';
import { importFiles } from '../engine/import/import-files';
import { createJobContext, type JobContext } from '../engine/job-context';
import { billPeriod } from '../engine/commands/rate-period';
import { detectAnomalies } from '../engine/anomalies/detect';
import { RULES } from '../engine/anomalies/rules';
import { atOfTs } from '../engine/usage-time';

async function main(): Promise<void> {
  const [path, periodId] = process.argv.slice(2);
  if (!path || !periodId) throw new Error('usage: detect-bench.ts DB PERIOD');
  const period = parsePeriod(periodId);
  const opened = openDatabase(path);
  const { sqlite } = opened;
  const rows = sqlite.prepare('SELECT count(*) FROM usage_series s CROSS JOIN usage_rows u ON u.series_id = s.id AND u.at >= ? AND u.at < ?').pluck().get(atOfTs(period.startTs), atOfTs(period.endTs)) as number;
  const total = sqlite.prepare('SELECT count(*) FROM usage_rows').pluck().get() as number;
  console.log(`${periodId}: ${rows.toLocaleString('en')} usage rows in the period, ${total.toLocaleString('en')} in the database`);

  if ((sqlite.prepare('SELECT count(*) FROM agreements').pluck().get() as number) === 0) {
    const accounts = sqlite.prepare('SELECT DISTINCT account_id FROM usage_series').pluck().all() as string[];
    const agreements = accounts.map((account, i) => ({
      agreement_id: `AG-${account}`,
      account_id: account,
      currency: 'USD',
      start_date: '2025-01-01',
      owner: 'Bench',
      po_number: `PO-${account}`,
      bill_to: account,
      charges: [
        { type: 'recurring', code: 'platform', amount: '1000' },
        { type: 'usage', metric: 'm0', model: 'per_unit', unit_price: '0.001' },
        { type: 'usage', metric: 'm1', aggregation: 'max', model: 'per_unit', unit_price: '0.01' },
        { type: 'usage', metric: 'm2', aggregation: 'last', model: 'per_unit', unit_price: '0.01' },
        { type: 'usage', metric: 'm3', aggregation: 'count', model: 'per_unit', unit_price: '0.01' },
        // the last five accounts do not price m4: unbilled usage to find
        ...(i < accounts.length - 5 ? [{ type: 'usage', metric: 'm4', model: 'per_unit', unit_price: '0.001' }] : []),
      ],
    }));
    const file = join(dirname(path), 'bench-agreements.json');
    writeFileSync(file, JSON.stringify(agreements));
    await importFiles(sqlite, { files: [{ path: file }] }, createJobContext({ actor: 'bench' }));
  }

  let started = performance.now();
  billPeriod(sqlite, periodId, createJobContext({ actor: 'bench' }));
  console.log(`rate: ${(performance.now() - started).toFixed(0)} ms`);

  for (let run = 1; run <= 3; run++) {
    const marks: number[] = [];
    const ctx: JobContext = {
      actor: 'bench',
      progress: (_phase, done) => {
        marks[done] = performance.now();
      },
      checkCancelled: () => undefined,
    };
    started = performance.now();
    const cpu = process.cpuUsage();
    const result = detectAnomalies(sqlite, periodId, ctx);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
    console.log(
      `detect (run ${run}): ${ms.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU (load ${load}), ${result.found} findings ${JSON.stringify(result.byRule)}`,
    );
    RULES.forEach((rule, i) => {
      const a = marks[i];
      const b = marks[i + 1];
      if (a !== undefined && b !== undefined) console.log(`  ${rule.id.padEnd(24)} ${(b - a).toFixed(0).padStart(6)} ms`);
    });
    const last = marks[RULES.length];
    if (last !== undefined) console.log(`  ${'store'.padEnd(24)} ${(started + ms - last).toFixed(0).padStart(6)} ms`);
  }
  opened.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
