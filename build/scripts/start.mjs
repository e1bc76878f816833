// `npm start`: the desktop app where Electron's binary is (or can be) installed;
// otherwise one line saying why, then the browser preview of the same app.
//
// Since Electron 42 the `electron` package no longer downloads its binary when
// it is installed: `npm install` always succeeds, and the binary is fetched on
// first use. This script does that fetch itself (quietly, once), so a machine
// that cannot download it gets one sentence instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** The installed `electron` package, or null (for example `npm install --omit=dev`). */
function electronPackage() {
  try {
    const manifest = require.resolve('electron/package.json');
    return { dir: dirname(manifest), version: JSON.parse(readFileSync(manifest, 'utf8')).version };
  } catch {
    return null;
  }
}

/** Where the binary is once downloaded; mirrors the package's own index.js, which would download on `require`. */
function electronBinary(dir) {
  let name;
  try {
    name = readFileSync(join(dir, 'path.txt'), 'utf8');
  } catch {
    if (!process.env.ELECTRON_OVERRIDE_DIST_PATH) return null;
  }
  const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), name ?? 'electron');
  return existsSync(path) ? path : null;
}

/** Downloads the binary with the package's own installer; null when done, else why not, in a few words. */
function downloadElectron(dir, version) {
  process.stdout.write(`Downloading Electron ${version} (once)… `);
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_GET_NO_PROGRESS: '1' },
    timeout: 20 * 60_000,
  });
  if (result.status === 0 && electronBinary(dir)) {
    process.stdout.write('done.\n');
    return null;
  }
  const firstLine = `${result.stderr ?? ''}`.split('\n').find((line) => line.trim()) ?? result.error?.message ?? 'no reason given';
  return firstLine.replace(/^\w*Error: /, '').trim().slice(0, 120);
}

// better-sqlite3 is compiled for Node in node_modules (CLI, tests). Electron needs
// its own ABI: build a copy once into .cache/electron-abi/<version>/, which the
// main process loads through better-sqlite3's nativeBinding option.
async function ensureElectronNative(version) {
  const dir = join(root, '.cache', 'electron-abi', version);
  const binary = join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binary)) return;
  console.log(`Building better-sqlite3 for Electron ${version} (once)…`);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron-abi', private: true, dependencies: { 'better-sqlite3': '*' } }));
  cpSync(join(root, 'node_modules', 'better-sqlite3'), join(dir, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
  });
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: dir, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
}

/** The Electron binary to run, or the reason there is none (finishing the sentence "…, so"). */
async function desktop() {
  const electron = electronPackage();
  if (!electron) return { reason: 'Electron is not installed (it is a development dependency)' };
  let binary = electronBinary(electron.dir);
  if (!binary) {
    // Electron itself no longer reads this variable; here it still means "do not try".
    if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { reason: "ELECTRON_SKIP_BINARY_DOWNLOAD is set and Electron's binary is not installed" };
    const failure = downloadElectron(electron.dir, electron.version);
    if (failure) return { reason: `not possible here (${failure})` };
    binary = electronBinary(electron.dir);
  }
  try {
    await ensureElectronNative(electron.version);
  } catch (error) {
    return { reason: `better-sqlite3 could not be built for Electron ${electron.version} (${String(error?.message ?? error).split('\n')[0].slice(0, 120)})` };
  }
  return { binary };
}

const found = await desktop();
if (found.binary) {
  const child = spawn(found.binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`${found.reason}, so the desktop window cannot open; serving the same app as a browser preview instead.`);
  const result = spawnSync(process.execPath, [join(root, 'out', 'preview.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 0);
}
