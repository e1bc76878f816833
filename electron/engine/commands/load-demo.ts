/**
 * The demo book (`demo.load`): generated into a temporary folder, imported, the
 * folder removed. The months before the newest are then rated as drafts, so the
 * dashboard has history to compare with (trends, movers); the newest month is
 * left for the reviewer to rate. All of it is one transaction: a cancel during
 * the history rating leaves the book empty rather than half-rated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../demo/generate-demo';
import { importFiles } from '../import/import-files';
import type { ImportFileSummary } from '../import/import-file';
import { command } from './command';
import { billPeriod } from './rate-period';

export const loadDemoCommand = command({
  run: async (sqlite, args: { seed?: number; rows?: number }, ctx): Promise<{ files: ImportFileSummary[]; periods: string[] }> => {
    const dir = mkdtempSync(join(tmpdir(), 'billing-demo-'));
    try {
      const demo = await generateDemo({
        outDir: dir,
        ...(args.seed !== undefined ? { seed: args.seed } : {}),
        ...(args.rows !== undefined ? { rows: args.rows } : {}),
        onProgress: (done, total) => {
          ctx.checkCancelled();
          ctx.progress('Generating demo data', done, total);
        },
      });
      const { files } = await importFiles(sqlite, { files: demo.files.map((path) => ({ path })) }, ctx);
      const history = demo.periods.slice(0, -1);
      // One phase for the whole history: each month's own rating phases would make the bar jump back and forth.
      const quiet = { ...ctx, progress: () => undefined };
      history.forEach((period, index) => {
        ctx.progress('Rating the earlier months', index, history.length);
        billPeriod(sqlite, period, quiet, 'demo');
      });
      ctx.progress('Rating the earlier months', history.length, history.length);
      return { files, periods: demo.periods };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
