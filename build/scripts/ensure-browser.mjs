// Before the browser tests: make sure there is a Chromium that Playwright can
// start headless, and install one where none is (`npm test`, `npm run test:e2e`).
//
// It looks where e2e/playwright.config.ts looks (keep the two in step):
// CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own
// download. Where none starts it installs one: Debian's `chromium` package when
// running as root on Debian or Ubuntu (Playwright cannot download its browser on
// machines that reach only the package registries), otherwise Playwright's own
// (`npx playwright install chromium`). If that fails too, it says in one
// sentence what to run, and exits 1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { chromium } = require('@playwright/test');

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
// The launch flags of e2e/playwright.config.ts.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WHAT_TO_RUN =
  'The browser tests need Chromium and none could be installed here: run `npx playwright install --with-deps chromium` (or, on Debian or Ubuntu, `sudo apt-get install chromium`), then run the tests again.';

function candidate() {
  return process.env.CHROMIUM_PATH ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
}

/** Null when a headless Chromium starts (at `executablePath`, or Playwright's own), else why not. */
async function startsHeadless(executablePath) {
  try {
    const browser = await chromium.launch({ headless: true, timeout: 60_000, args: ARGS, ...(executablePath ? { executablePath } : {}) });
    await browser.close();
    return null;
  } catch (error) {
    return String(error?.message ?? error).split('\n')[0].replace(/^browserType\.launch: /, '');
  }
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, timeout: 15 * 60_000 });
  return result.status === 0;
}

function canUseApt() {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/etc/debian_version') && run('apt-get', ['--version']);
}

function installDebianChromium() {
  console.log("No Chromium for the browser tests: installing Debian's chromium package (apt-get install chromium)…");
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  // A fresh machine has no package lists yet; an up-to-date one installs without the update.
  return run('apt-get', ['install', '-y', '-qq', 'chromium'], env) || (run('apt-get', ['update', '-qq'], env) && run('apt-get', ['install', '-y', '-qq', 'chromium'], env));
}

function installPlaywrightChromium() {
  console.log("No Chromium for the browser tests: installing Playwright's (npx playwright install chromium)…");
  return run(process.execPath, [require.resolve('@playwright/test/cli'), 'install', 'chromium']);
}

const explicit = process.env.CHROMIUM_PATH;
const problem = await startsHeadless(candidate());
if (problem === null) process.exit(0);
if (explicit) {
  console.error(`CHROMIUM_PATH=${explicit} does not start a headless Chromium (${problem}): point it at a working Chromium or unset it, then run the tests again.`);
  process.exit(1);
}
if (canUseApt() && installDebianChromium() && (await startsHeadless(SYSTEM_CHROMIUM)) === null) process.exit(0);
if (!existsSync(SYSTEM_CHROMIUM) && installPlaywrightChromium() && (await startsHeadless(undefined)) === null) process.exit(0);
console.error(WHAT_TO_RUN);
process.exit(1);
