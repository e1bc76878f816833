/**
 * Starts the preview host: `node out/preview.mjs [--db PATH] [--port N] [--fresh] [--as NAME]`.
 * `npm start` runs it where no Electron binary is installed.
 */
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open';
import { describeError } from './engine/describe-error';
import { defaultDatabasePath, operatingSystemUser } from './engine/paths';
import { startPreviewServer } from './hosts/preview-server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '5174' },
      fresh: { type: 'boolean', default: false },
      as: { type: 'string' },
    },
  });
  const dbPath = resolve(values.db ?? defaultDatabasePath());
  if (values.fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const here = dirname(fileURLToPath(import.meta.url));
  const opened = openDatabase(dbPath);
  const preview = await startPreviewServer({
    opened,
    dbPath,
    actor: values.as ?? operatingSystemUser(),
    rendererDir: join(here, 'renderer'),
    workerPath: join(here, 'worker.mjs'),
    port: Number(values.port),
    ...(process.env.BILLING_PREVIEW_TOKEN ? { token: process.env.BILLING_PREVIEW_TOKEN } : {}),
  });
  console.log(`Billing Reviewer preview: ${preview.url}`);
  console.log(`Database: ${dbPath}`);
  const stop = () => void preview.close().then(() => (opened.close(), process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(describeError(error).error);
  process.exit(1);
});
