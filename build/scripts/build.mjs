// Builds everything that runs: the Node side with esbuild (CLI, preview host,
// job worker, Electron main as ESM; the preload as CommonJS, as sandboxed
// preloads must be) and the renderer with Vite. Runs on `npm install` (prepare)
// so `npx billing` works straight after a clone and install.
import { build } from 'esbuild';
import { chmodSync, cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'out');
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root };
// The app's bundles load their packages from node_modules (electron-builder adds the production ones to the package).
const ownCodeOnly = { ...common, packages: 'external' };

const nodeEntries = {
  preview: 'electron/preview.ts',
  worker: 'electron/engine/jobs/worker.ts',
  // The import's read worker: engine/import/import-file.ts finds it beside the bundle that runs.
  'read-worker': 'electron/engine/import/read-worker.ts',
  main: 'electron/main.ts',
};
if (existsSync(join(root, 'electron/bench/bench.ts'))) nodeEntries.bench = 'electron/bench/bench.ts';

await build({ ...ownCodeOnly, entryPoints: nodeEntries, outdir: out, format: 'esm', outExtension: { '.js': '.mjs' } });
// The CLI starts a process per command (and the tests start thousands): its packages are bundled in, so Node
// does not resolve and lex some 400 files of node_modules at each start (0.85 s -> 0.5 s for `billing --help`).
// better-sqlite3 is native and stays outside; saxon-js is loaded by a runtime require only when a document
// is validated (einvoice/official-rules.ts). CommonJS packages inside an ES module need a `require`: the banner
// (esbuild puts it in every chunk). The document renderers (pdf-lib, fontkit, the XML writers: 2.9 of 5.1 MB)
// go into chunks of their own that load on first use (engine/export/renderers.ts). The chunks sit beside
// cli.mjs, so paths found from import.meta.url (the read worker, the fonts, the e-invoice rules) are the same.
for (const name of readdirSync(out, { withFileTypes: true }).filter((e) => e.isFile() && e.name.startsWith('cli-chunk-'))) rmSync(join(out, name.name));
await build({
  ...common,
  external: ['better-sqlite3', 'electron'],
  entryPoints: { cli: 'electron/cli.ts' },
  outdir: out,
  format: 'esm',
  splitting: true,
  chunkNames: 'cli-chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  banner: { js: "import { createRequire as __billingRequire } from 'node:module'; const require = __billingRequire(import.meta.url);" },
});
await build({ ...ownCodeOnly, entryPoints: { preload: 'electron/preload.ts' }, outdir: out, format: 'cjs', outExtension: { '.js': '.cjs' } });
chmodSync(join(out, 'cli.mjs'), 0o755);
// The official e-invoice validation artifacts (compiled SEF, read at run time by electron/engine/einvoice/official-rules.ts).
rmSync(join(out, 'einvoice-rules'), { recursive: true, force: true });
cpSync(join(root, 'electron/engine/einvoice/rules'), join(out, 'einvoice-rules'), { recursive: true, filter: (src) => !src.endsWith('.md') });

if (existsSync(join(root, 'renderer/vite.config.ts'))) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}
console.log('built out/');
