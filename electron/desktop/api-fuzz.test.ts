/**
 * Hostile calls through `dispatch` (the one entry point of both the Electron
 * IPC host and the preview host), and through the IPC host itself with a
 * stand-in `electron` module: hundreds of generated malformed or unknown
 * calls, each answered with one clean error of the documented shape, nothing
 * thrown, nothing written.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, apiError, isMethodName, type MethodName } from '../../shared/api';
import { openDatabase, type Opened } from '../../db/open';
import { createHandlers, dispatch, type DispatchOutcome } from '../engine/api/handlers';
import { runCommand } from '../engine/commands/run-command';
import { createJobContext } from '../engine/job-context';
import { badCall, fingerprint, seedSmallBook } from './fixtures';

// The IPC host imports `electron`; here it gets a recording stand-in.
const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => ipcHandlers.set(channel, fn) },
  BrowserWindow: { getAllWindows: () => [], fromWebContents: () => null },
  dialog: { showOpenDialog: () => Promise.reject(new Error('no dialogs in tests')) },
  net: { fetch: () => Promise.reject(new Error('no net in tests')) },
  protocol: { handle: () => undefined },
}));

let dir: string;
let opened: Opened;
const jobsStarted: unknown[] = [];
const LONG = /^(demo\.load|period\.rate|import\.files|import\.undo|export\.period)$/;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-fuzz-'));
  opened = openDatabase(join(dir, 'f.db'));
  await seedSmallBook(opened.sqlite, dir);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterAll(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

const handlers = () =>
  createHandlers({
    sqlite: opened.sqlite,
    dbPath: join(dir, 'f.db'),
    actor: 'fuzz',
    resolveFile: () => {
      throw new Error('no files in this test');
    },
    // The long commands are refused here (they would need files); the others run inline on the book, as the worker would.
    runCommand: (request, _jobId, actor) => {
      if (!LONG.test(request.name)) return runCommand(opened.sqlite, request, createJobContext({ actor }));
      jobsStarted.push(request);
      return Promise.reject(new Error('jobs are not run in this test'));
    },
    cancelJob: () => false,
  });

function argsValid(method: MethodName, args: unknown): boolean {
  return api[method].args.safeParse(args ?? {}).success;
}

/** The documented error: `{ code, error }`, one sentence, no stack, no internals. */
function expectCleanError(outcome: DispatchOutcome): void {
  if (outcome.ok) return;
  expect(apiError.strict().safeParse(outcome.error).success, JSON.stringify(outcome.error)).toBe(true);
  expect(outcome.error.error).not.toMatch(/\n|\s+at \S+ \(|node_modules|SQLITE_/);
  expect(outcome.error.error).toMatch(/[.!?]$/);
  expect(outcome.error.error.length).toBeLessThan(600);
}

function checkOutcome(method: unknown, args: unknown, outcome: DispatchOutcome): void {
  expectCleanError(outcome);
  if (!isMethodName(method)) {
    expect(outcome).toEqual({ ok: false, error: { code: 'invalid', error: 'Unknown API method.' } });
  } else if (!argsValid(method, args)) {
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('invalid');
      expect(outcome.error.error).toMatch(/^Invalid request: .+\.$/);
    }
  }
}

/**
 * The invariant under attack: a refused call writes nothing. A generated call can
 * happen to be valid (a string for a name, `{}` for a settings patch); that one is
 * allowed to do its work, and the book is compared afresh after it.
 */
async function refusedWritesNothing(run: () => Promise<DispatchOutcome>): Promise<DispatchOutcome> {
  const start = fingerprint(opened.sqlite);
  const outcome = await run();
  if (!outcome.ok) expect(fingerprint(opened.sqlite)).toBe(start);
  return outcome;
}

describe('dispatch under hostile calls', () => {
  it('answers hundreds of generated bad calls with a clean error and writes nothing', async () => {
    const h = handlers();
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(badCall, async ({ method, args }) => {
        const outcome = await refusedWritesNothing(() => dispatch(h, method, args));
        checkOutcome(method, args, outcome);
        if (!outcome.ok && outcome.error.code === 'invalid') invalid++;
      }),
      { numRuns: 600, seed: 20261009 },
    );
    expect(invalid).toBeGreaterThan(300);
  });

  it('refuses every method with args of the wrong kind, and never starts a job for them', async () => {
    const h = handlers();
    jobsStarted.length = 0;
    for (const method of Object.keys(api) as MethodName[]) {
      for (const args of [null, 42, 'x', [], [1, 2], { job_id: 7 }, { period: '2026-10', job_id: {} }, { invoice_id: '' }, { invoice_id: 'x'.repeat(301) }, { line_id: -1 }, { line_id: 1.5 }, { limit: 100000, period: '2026-10', kind: 'usage' }]) {
        const outcome = await refusedWritesNothing(() => dispatch(h, method, args));
        checkOutcome(method, args, outcome);
        if (!argsValid(method, args)) expect(outcome.ok).toBe(false);
      }
    }
    // the only long commands that reached runCommand had valid arguments (e.g. `{}` for demo.load)
    for (const request of jobsStarted) expect(request).toMatchObject({ name: expect.stringMatching(LONG) as string });
  });

  it('refuses calls that would need a file it never issued', async () => {
    const outcome = await refusedWritesNothing(() => dispatch(handlers(), 'import.files', { files: [{ token: '../../etc/passwd', name: 'passwd' }] }));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'failed' } });
    expectCleanError(outcome);
  });
});

describe('the Electron IPC host', () => {
  beforeAll(async () => {
    const { registerIpc } = await import('../window/ipc');
    registerIpc({ opened, dbPath: join(dir, 'f.db'), actor: 'fuzz', workerPath: join(dir, 'no-worker.mjs') });
  });
  const pageEvent = { senderFrame: { url: 'app://renderer/index.html' }, sender: {} };

  it('refuses calls from any frame but our own page', async () => {
    const call = ipcHandlers.get('billing:call')!;
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/index.html', 'app://renderer', 'http://127.0.0.1:5174/', '', 'devtools://devtools']) {
      expect(await call({ senderFrame: { url }, sender: {} }, 'app.status', {})).toEqual({ ok: false, error: { code: 'invalid', error: 'Refused: unknown sender.' } });
    }
    expect(await call({ senderFrame: null, sender: {} }, 'app.status', {})).toMatchObject({ ok: false });
    expect(await call(pageEvent, 'app.status', {})).toMatchObject({ ok: true, result: { host_reviewer: 'fuzz' } });
  });

  it('answers generated bad calls from the page with clean errors and writes nothing', async () => {
    const call = ipcHandlers.get('billing:call')!;
    await fc.assert(
      fc.asyncProperty(badCall, async ({ method, args }) => {
        // IPC arguments arrive structured-cloned
        let cloned: unknown;
        try {
          cloned = structuredClone(args);
        } catch {
          return;
        }
        const outcome = await refusedWritesNothing(async () => (await call(pageEvent, method, cloned)) as DispatchOutcome);
        checkOutcome(method, cloned, outcome);
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('ignores dropped-file registrations that are not a list of existing files', async () => {
    const register = ipcHandlers.get('billing:registerDropped')!;
    for (const paths of [null, 'x', [], [1], [''], ['x'.repeat(5000)], Array(101).fill('/etc/hostname'), [join(dir, 'missing.csv')], [dir]]) {
      expect(await register(pageEvent, paths)).toEqual([]);
    }
    expect(await register({ senderFrame: { url: 'https://evil.example/' } }, [join(dir, 'seed-usage.csv')])).toEqual([]);
    const issued = (await register(pageEvent, [join(dir, 'seed-usage.csv')])) as { token: string; name: string }[];
    expect(issued).toEqual([{ token: expect.stringMatching(/^[0-9a-f-]{36}$/) as string, name: 'seed-usage.csv' }]);
  });
});
