// `npm start`: the desktop app where Electron's binary is installed; otherwise
// one line saying so, then the browser preview of the same app.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const path = require('electron'); // the package exports the binary's path, and throws when it was never downloaded
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

// better-sqlite3 is compiled for Node in node_modules (CLI, tests). Electron needs
// its own ABI: build a copy once into .cache/electron-abi/<version>/, which the
// main process loads through better-sqlite3's nativeBinding option.
async function ensureElectronNative() {
  const version = require('electron/package.json').version;
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

const binary = electronBinary();
if (binary) {
  await ensureElectronNative();
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log("Electron's binary is not installed on this machine, so the desktop window cannot open; serving the same app as a browser preview instead.");
  const result = spawnSync(process.execPath, [join(root, 'out', 'preview.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 0);
}
