/**
 * The electron-builder configuration, checked offline (Electron's binary, and so
 * `npm run dist`, is not available everywhere): electron-builder's own loader
 * and schema validation, every referenced file present, only built output
 * packaged, the native module unpacked from the asar, and the fuses set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimatch } from 'minimatch';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const CONFIG = 'build/electron-builder.yml';

/** The parts of electron-builder.yml these tests read. */
interface Platform {
  target: unknown;
  icon: string;
  maintainer?: string;
}
interface Config {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild?: boolean;
  electronFuses: Record<string, unknown>;
  directories: { buildResources: string };
  linux: Platform;
  win: Platform;
  mac: Platform;
}
let config: Config;

beforeAll(() => {
  const yaml = require('js-yaml') as { load(text: string): unknown };
  config = yaml.load(readFileSync(join(root, CONFIG), 'utf8')) as Config;
});

/** electron-builder's file filter: patterns in order, the last match wins, `!` excludes. */
function packaged(path: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (minimatch(path, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('ascii'), `${path} is a PNG`).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('build/electron-builder.yml', () => {
  it('passes electron-builder’s own loader and schema validation', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      getConfig: (projectDir: string, configPath: string, extra: null) => Promise<Config>;
      validateConfiguration: (config: Config, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const loaded = await getConfig(root, CONFIG, null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    // and the validation is real: a wrong type is refused
    await expect(validateConfiguration({ ...loaded, electronFuses: { runAsNode: 'no' } }, new DebugLogger(false))).rejects.toThrow(/runAsNode/);
  });

  it('names the app and targets AppImage + deb, NSIS and dmg', () => {
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+){2,}$/);
    expect(config.productName).toBe('Billing Reviewer');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux.maintainer).toMatch(/<.+@.+>/); // deb packages need one
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('references icons that exist and are large enough for every platform', () => {
    const linuxDir = join(root, config.linux.icon);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(linuxDir, `${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    expect(pngSize(join(root, config.win.icon)).width).toBeGreaterThanOrEqual(256);
    expect(pngSize(join(root, config.mac.icon)).width).toBeGreaterThanOrEqual(512);
    expect(existsSync(join(root, config.directories.buildResources))).toBe(true);
  });

  it('packages the built output and migrations, never sources, tests, maps or the benchmark', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    for (const path of [pkg.main, 'out/main.mjs', 'out/preload.cjs', 'out/worker.mjs', 'out/cli.mjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js', 'db/migrations/0000_init.sql', 'db/migrations/meta/_journal.json', 'package.json']) {
      expect(packaged(path), path).toBe(true);
    }
    for (const path of ['electron/main.ts', 'electron/engine/api/handlers.ts', 'shared/api.ts', 'db/open.ts', 'db/open.test.ts', 'renderer/src/App.tsx', 'renderer/index.html', 'e2e/app.spec.ts', 'electron/cli/cli.test.ts', 'out/main.mjs.map', 'out/bench.mjs', 'build/electron-builder.yml', 'tsconfig.json', '.cache/electron-abi/45.6.1/node_modules/better-sqlite3/build/Release/better_sqlite3.node']) {
      expect(packaged(path), path).toBe(false);
    }
    // what the app needs at run time is where the package will look for it
    for (const path of ['db/migrations/meta/_journal.json', 'build/scripts/build.mjs']) expect(existsSync(join(root, path)), path).toBe(true);
  });

  it('rebuilds better-sqlite3 for Electron and keeps its .node binary outside the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).not.toBe(false);
    const unpacked = (path: string) => config.asarUnpack.some((p) => minimatch(path, p, { dot: true }));
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('node_modules/some-other/native/addon.node')).toBe(true);
    expect(unpacked('out/main.mjs')).toBe(false);
  });

  it('flips the Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('is what `npm run dist` runs', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toContain('npm run build');
    expect(pkg.scripts.dist).toContain(`--config ${CONFIG}`);
  });
});
