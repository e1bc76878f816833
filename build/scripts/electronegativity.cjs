// Runs Electronegativity (Doyensec's Electron security linter) over the
// Electron sources and the built renderer page, offline. Its CLI is broken by a
// commander version clash, so this calls its programmatic `run`. It fetches
// translations and Electron's release list over the network; `got` is replaced
// by a stub that fails at once, so the scan never waits on (or needs) the
// network, and the release-list check is excluded (it only says whether a newer
// Electron exists — `npm outdated` answers that).
//
//   node build/scripts/electronegativity.cjs     prints every finding; exits 1 on any HIGH one
'use strict';
const { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');

const root = join(__dirname, '..', '..');
const electronegativityDir = join(root, 'node_modules', '@doyensec', 'electronegativity');

function stubNetwork() {
  const localRequire = createRequire(join(electronegativityDir, 'dist', 'runner.js'));
  const gotPath = localRequire.resolve('got');
  const offline = () => Promise.reject(new Error('offline: the security scan does not use the network'));
  for (const verb of ['get', 'head', 'post', 'stream']) offline[verb] = offline;
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] };
}

/** What is scanned: every non-test source under electron/, the built (or source) renderer page, package.json. */
function stage(extra) {
  const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  cpSync(join(root, 'electron'), join(dir, 'electron'), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() ? !/__tests__|bench$/.test(src) : /\.tsx?$/.test(src) && !/\.test\.tsx?$/.test(src),
  });
  const page = [join(root, 'out', 'renderer', 'index.html'), join(root, 'renderer', 'index.html')].find((p) => existsSync(p));
  if (page) cpSync(page, join(dir, 'renderer', 'index.html'));
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  for (const [path, text] of Object.entries(extra)) writeFileSync(join(dir, path), text);
  return dir;
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)));
}

/** @param {{ extra?: Record<string, string> }} options extra files to scan (tests prove the scanner bites) */
async function scan(options = {}) {
  stubNetwork();
  const run = require(electronegativityDir);
  const electronVersion = require(join(root, 'node_modules', 'electron', 'package.json')).version;
  const input = stage(options.extra ?? {});
  const log = console.log;
  console.log = () => {}; // its "could not retrieve translations" chatter
  try {
    const result = await run({
      input,
      isRelative: true,
      electronVersionOverride: electronVersion,
      customScan: [],
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
    return {
      electronVersion,
      scannedFiles: listFiles(input),
      checks: result.globalChecks + result.atomicChecks,
      errors: result.errors.filter((e) => !e.tolerable).map((e) => ({ file: relative(input, e.file), message: e.message })),
      issues: result.issues.map((i) => ({
        id: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: i.file,
        line: i.location.line,
        manualReview: Boolean(i.manualReview),
        description: i.description,
      })),
    };
  } finally {
    console.log = log;
    rmSync(input, { recursive: true, force: true });
  }
}

module.exports = { scan };

if (require.main === module) {
  scan().then((report) => {
    console.log(`Electronegativity: ${report.checks} checks on ${report.scannedFiles.length} files (Electron ${report.electronVersion})`);
    for (const i of report.issues) console.log(`${i.severity.padEnd(13)} ${i.confidence.padEnd(9)} ${i.id}  ${i.file}:${i.line}${i.manualReview ? '  (review)' : ''}`);
    for (const e of report.errors) console.log(`parse error ${e.file}: ${e.message}`);
    process.exit(report.issues.some((i) => i.severity === 'HIGH') || report.errors.length ? 1 : 0);
  }, (error) => {
    console.error(error);
    process.exit(2);
  });
}
