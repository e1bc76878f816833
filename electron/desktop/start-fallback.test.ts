/**
 * `npm start` where Electron's binary is missing and cannot be downloaded (no
 * network, a closed mirror) or must not be (ELECTRON_SKIP_BINARY_DOWNLOAD):
 * one sentence saying so, then the browser preview — no stack trace, no
 * failed start. Runs build/scripts/start.mjs as a child process; needs `out/`
 * (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'start-fallback-'));
// Where this machine has downloaded Electron, its binary is looked for in an empty folder instead.
const hideInstalledBinary = existsSync(join(root, 'node_modules', 'electron', 'path.txt'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `start.mjs` until the preview prints its address (or it exits), then stops it and everything it started. */
function start(env: Record<string, string>): Promise<{ stdout: string; stderr: string; served: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'build', 'scripts', 'start.mjs'), '--db', join(dir, `book-${Date.now()}.db`), '--port', '0'], {
      cwd: root,
      // Any download goes to a closed local port with an empty cache, so it fails at once.
      env: {
        ...process.env,
        ...(hideInstalledBinary ? { ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(join(dir, 'dist-')) } : {}),
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: mkdtempSync(join(dir, 'cache-')),
        ...env,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const stop = (served: boolean) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      resolve({ stdout, stderr, served });
    };
    const timer = setTimeout(() => stop(false), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/Billing Reviewer preview: http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(stdout)) stop(true);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => stop(false));
  });
}

function explanation(stdout: string): string[] {
  return stdout.slice(0, stdout.indexOf('Billing Reviewer preview:')).split('\n').filter((line) => line.trim());
}

describe('npm start without a usable Electron binary', () => {
  it('tries the download once, then says in one line that it serves the preview', async () => {
    const run = await start({ ELECTRON_SKIP_BINARY_DOWNLOAD: '' });
    expect(run.served, run.stdout + run.stderr).toBe(true);
    const lines = explanation(run.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Downloading Electron \d+\.\d+\.\d+ \(once\)… not possible here \(.+\), so the desktop window cannot open; serving the same app as a browser preview instead\.$/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 90_000);

  it('does not try to download when ELECTRON_SKIP_BINARY_DOWNLOAD is set', async () => {
    const run = await start({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(run.served, run.stdout + run.stderr).toBe(true);
    expect(explanation(run.stdout)).toEqual([
      "ELECTRON_SKIP_BINARY_DOWNLOAD is set and Electron's binary is not installed, so the desktop window cannot open; serving the same app as a browser preview instead.",
    ]);
    expect(run.stderr).toBe('');
  }, 90_000);
});
