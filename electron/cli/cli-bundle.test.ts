/**
 * The built `billing` command starts without its document renderers: a start
 * that loads pdf-lib, fontkit and the XML writers takes ~0.15 s longer, and the
 * CLI starts a process per command (engine/export/renderers.ts loads them on
 * first use). Reads the real build output: out/cli.mjs and the chunks it
 * imports statically, as Node would load them before running a command.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { init, parse } from 'es-module-lexer';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './__tests__/run-cli';

const out = dirname(CLI);
// esbuild names each bundled package file in a comment above its code.
const RENDERER_PACKAGES = /^\/\/ node_modules\/(pdf-lib|@pdf-lib\/fontkit|xmlbuilder|@xmldom\/xmldom)\//m;

/** The files Node loads before the CLI's first line runs: the entry and every chunk it imports statically, transitively. */
function staticClosure(entry: string): { files: string[]; dynamic: string[] } {
  const files: string[] = [];
  const dynamic = new Set<string>();
  const visit = (file: string): void => {
    if (files.includes(file)) return;
    files.push(file);
    const [imports] = parse(readFileSync(file, 'utf8'), file);
    for (const i of imports) {
      if (i.n === undefined || !i.n.startsWith('./')) continue;
      const target = join(dirname(file), i.n);
      if (i.d === -1) visit(target);
      else if (i.d >= 0) dynamic.add(target);
    }
  };
  visit(entry);
  return { files, dynamic: [...dynamic].filter((f) => !files.includes(f)) };
}

describe('the built CLI', () => {
  beforeAll(async () => {
    await init;
  });

  it('loads no document renderer at start; they are chunks it imports on first use', () => {
    const { files, dynamic } = staticClosure(CLI);
    for (const file of files) expect(RENDERER_PACKAGES.test(readFileSync(file, 'utf8')), file).toBe(false);
    // they are in the build, behind dynamic imports
    const chunks = readdirSync(out).filter((f) => f.startsWith('cli-chunk-')).map((f) => join(out, f));
    const withRenderers = chunks.filter((f) => RENDERER_PACKAGES.test(readFileSync(f, 'utf8')));
    expect(withRenderers.length).toBeGreaterThan(0);
    for (const file of withRenderers) expect(files).not.toContain(file);
    // every chunk a dynamic import names is in the build (the CLI suites draw PDFs and e-invoices through them)
    expect(dynamic.length).toBeGreaterThan(0);
    for (const file of dynamic) expect(existsSync(file), file).toBe(true);
  });
});
