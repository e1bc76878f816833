// Compiles the vendored official e-invoice validation artifacts
// (build/einvoice-rules/: CEN's published XSLT; Peppol's and XRechnung's
// Schematron, first turned into XSLT by the vendored SchXslt) into SaxonJS SEF files
// (electron/engine/einvoice/rules/*.sef.json) and writes their manifest
// (id, version, source file and its SHA-256). Run by hand after updating an
// artifact: `node build/scripts/compile-einvoice-rules.mjs` (needs the xslt3
// devDependency; about 15 s per artifact). The SEF files are committed so
// `npm run build` does not pay for compiling (electron/engine/einvoice/DECISIONS.md).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
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
  // Peppol BIS Billing 3.0 (its own rules; its copy of the CEN rules is the set above), for UBL documents of the Peppol customization.
  { id: 'PEPPOL-EN16931-UBL', syntax: 'ubl', name: 'Peppol BIS Billing 3.0 rules', version: '3.0.19', applies_to: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0', source: 'peppol/PEPPOL-EN16931-UBL.sch' },
  // XRechnung (KoSIT, BR-DE rules), for documents of the XRechnung 3.0 CIUS.
  { id: 'XRECHNUNG-CII', syntax: 'cii', name: 'XRechnung Schematron (KoSIT)', version: '3.0.2 (schematron 2.5.1-SNAPSHOT)', applies_to: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0', source: 'xrechnung/cii/XRechnung-CII-validation.sch' },
  { id: 'XRECHNUNG-UBL', syntax: 'ubl', name: 'XRechnung Schematron (KoSIT)', version: '3.0.2 (schematron 2.5.1-SNAPSHOT)', applies_to: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0', source: 'xrechnung/ubl/XRechnung-UBL-validation.sch' },
];

const xslt3 = join(dirname(createRequire(import.meta.url).resolve('xslt3/package.json')), 'xslt3.js');
// A fixed working folder: SaxonJS writes each stylesheet's file name into its SEF (under a checksum, so it cannot be
// edited out), and a fixed name keeps the committed SEF free of this checkout's path and the same on every machine.
const work = join(tmpdir(), 'einvoice-rules');
rmSync(work, { recursive: true, force: true });
mkdirSync(work);
const manifest = [];
for (const set of RULE_SETS) {
  const source = join(sources, set.source);
  // gzip: 17 MB of SEF JSON is 0.5 MB compressed, read back with gunzipSync in ~50 ms once per process.
  const sef = `${set.id.toLowerCase()}.sef.json.gz`;
  const started = performance.now();
  const xslt = join(work, `${set.id}.xslt`);
  if (!source.endsWith('.sch')) copyFileSync(source, xslt);
  else {
    // Schematron (query binding xslt2) to XSLT with SVRL output, as SchXslt 1.10's pipeline does it.
    execFileSync(process.execPath, [xslt3, `-xsl:${join(sources, 'schxslt', 'pipeline-for-svrl.xsl')}`, `-s:${source}`, `-o:${xslt}`], { stdio: 'inherit' });
  }
  const exported = join(work, `${set.id}.sef.json`);
  execFileSync(process.execPath, [xslt3, `-xsl:${xslt}`, `-export:${exported}`, '-nogo', '-relocate:on'], { stdio: 'inherit' });
  writeFileSync(join(target, sef), gzipSync(readFileSync(exported), { level: 9 }));
  console.log(`${set.id}: compiled ${relative(root, source)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  manifest.push({ ...set, source_sha256: createHash('sha256').update(readFileSync(source)).digest('hex'), sef });
}
rmSync(work, { recursive: true, force: true });
writeFileSync(join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
