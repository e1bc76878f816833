// Compiles the vendored official e-invoice validation artifacts (XSLT 2 from
// Schematron, build/einvoice-rules/) into SaxonJS SEF files
// (electron/engine/einvoice/rules/*.sef.json) and writes their manifest
// (id, version, source file and its SHA-256). Run by hand after updating an
// artifact: `node build/scripts/compile-einvoice-rules.mjs` (needs the xslt3
// devDependency; about 15 s per artifact). The SEF files are committed so
// `npm run build` does not pay for compiling (electron/engine/einvoice/DECISIONS.md).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sources = join(root, 'build', 'einvoice-rules');
const target = join(root, 'electron', 'engine', 'einvoice', 'rules');

/** The rule sets, in the order they run; `syntax` is the document the set applies to. */
export const RULE_SETS = [
  { id: 'EN16931-CII', syntax: 'cii', name: 'CEN/TC 434 EN 16931 validation artifacts (CII)', version: '1.3.16', source: 'en16931/EN16931-CII-validation.xslt' },
  { id: 'EN16931-UBL', syntax: 'ubl', name: 'CEN/TC 434 EN 16931 validation artifacts (UBL)', version: '1.3.16', source: 'en16931/EN16931-UBL-validation.xslt' },
];

const xslt3 = join(dirname(createRequire(import.meta.url).resolve('xslt3/package.json')), 'xslt3.js');
const manifest = [];
for (const set of RULE_SETS) {
  const source = join(sources, set.source);
  const sef = `${set.id.toLowerCase()}.sef.json`;
  const started = performance.now();
  execFileSync(process.execPath, [xslt3, `-xsl:${source}`, `-export:${join(target, sef)}`, '-nogo', '-relocate:on'], { stdio: 'inherit' });
  console.log(`${set.id}: compiled ${relative(root, source)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  manifest.push({ ...set, source_sha256: createHash('sha256').update(readFileSync(source)).digest('hex'), sef });
}
writeFileSync(join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
