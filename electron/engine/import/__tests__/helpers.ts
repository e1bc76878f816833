/** Test helpers: a real SQLite file in a fresh temp folder, and files written there. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Opened } from '../../../../db/open';
import { createJobContext } from '../../jobs/job-context';

export interface Scratch {
  dir: string;
  opened: Opened;
  file(name: string, content: string | Buffer): string;
  cleanup(): void;
}

export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'billing-test-'));
  const opened = openDatabase(join(dir, 'test.db'));
  return {
    dir,
    opened,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup() {
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const ctx = (isCancelled?: () => boolean) => createJobContext({ actor: 'test', ...(isCancelled ? { isCancelled } : {}) });
