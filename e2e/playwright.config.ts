/**
 * Browser tests of the real UI against the preview host (the same renderer and
 * API the desktop app uses), on the system Chromium when Playwright's own
 * browser is not installed. Run from the repository root:
 *   npm run build && npm run test:e2e
 * (`test:e2e` first runs build/scripts/ensure-browser.mjs, which installs a
 * Chromium where none starts; it looks where this file looks: keep them in step.)
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
// 5199 unless E2E_PORT says otherwise (two checkouts testing at once).
const chromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const port = Number(process.env.E2E_PORT ?? 5199);

// The preview host opens (and with --fresh first deletes) e2e/.tmp/e2e.db.
mkdirSync(new URL('./.tmp/', import.meta.url), { recursive: true });

export default defineConfig({
  testDir: here,
  testMatch: /.*\.spec\.ts$/,
  outputDir: fileURLToPath(new URL('./.tmp/test-results/', import.meta.url)),
  timeout: 10 * 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium where it is installed (Playwright cannot download its own here); elsewhere Playwright's.
      ...(chromium ? { executablePath: chromium } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: `node out/preview.mjs --db e2e/.tmp/e2e.db --port ${port} --fresh`,
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    env: { BILLING_PREVIEW_TOKEN: 'e2e-token' },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
