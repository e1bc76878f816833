/**
 * package.json's `engines.node` is the truth: at the oldest Node it allows,
 * every installed package (as locked in package-lock.json) accepts that Node,
 * so `npm ci` on a supported Node prints no EBADENGINE warning. Electron's
 * tooling from Electron 41 on (electron, @electron/get, @electron/rebuild,
 * node-abi) needs Node 22.12 and ESLint 10 needs 22.13 on the 22 line, which is why
 * the project says 22.13.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

interface LockEntry {
  version?: string;
  optional?: boolean;
  engines?: { node?: string } | string[];
}

describe('engines', () => {
  it('lets every locked package run on the oldest Node that package.json allows', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
    const oldest = semver.minVersion(pkg.engines.node)?.version;
    expect(oldest).toBeDefined();
    const refusing = Object.entries(lock.packages)
      // An optional package whose engines refuse the Node in use is skipped by npm without a
      // warning (only the WebAssembly fallbacks of native bindings are like that).
      .filter(([path, entry]) => path !== '' && !entry.optional && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !semver.satisfies(oldest!, (entry.engines as { node: string }).node))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${(entry.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
