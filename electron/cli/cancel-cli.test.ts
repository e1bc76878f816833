/**
 * Ctrl-C through the real `billing` command: SIGINT in the middle of an import
 * cancels the engine command, its transaction rolls back, and the process
 * exits 130 with one sentence; every table of the book is as it was.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openForReading } from '../../db/open';
import { tableChecksums } from '../engine/commands/__tests__/helpers';
import { billingOk, CLI } from './__tests__/run-cli';

let dir: string;
let demo: string;
let db: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'billing-cancel-'));
  demo = join(dir, 'demo');
  db = join(dir, 'book.db');
  billingOk(['demo', '--out', demo, '--rows', '300000']);
  billingOk(['import', join(demo, 'agreements.json'), join(demo, 'hours.csv'), '--db', db]);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function checksums(): Record<string, string> {
  const opened = openForReading(db);
  try {
    return tableChecksums(opened.sqlite);
  } finally {
    opened.close();
  }
}

/** Runs `billing` with progress lines on stderr and sends SIGINT at the first line of the import's own progress. */
function interrupt(args: string[]): Promise<{ code: number | null; interruptedAt: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, BILLING_PROGRESS: 'lines', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let interruptedAt: string | null = null;
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
      const line = stderr.split('\n').find((l) => /^progress Importing .+: [1-9]\d*\/\d+$/.test(l));
      if (line && interruptedAt === null) {
        interruptedAt = line;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, interruptedAt, stderr }));
  });
}

describe('Ctrl-C in the middle of a command', () => {
  it('cancels an import: exit 130, one sentence, the book unchanged; the re-run imports', async () => {
    const before = checksums();
    const run = await interrupt(['import', join(demo, 'usage.csv'), '--db', db]);
    expect(run.interruptedAt, 'the import finished before it could be interrupted').not.toBeNull();
    expect(run.code).toBe(130);
    expect(run.stderr.trim().split('\n').at(-1)).toBe('billing: The job was cancelled; nothing was changed.');
    expect(checksums()).toEqual(before);
    billingOk(['import', join(demo, 'usage.csv'), '--db', db]);
    expect(checksums()).not.toEqual(before);
  }, 300_000);
});
