/**
 * The official validation artifacts, run offline on a generated e-invoice:
 * the CEN/TC 434 EN 16931 Schematron (as published, XSLT compiled to SaxonJS
 * SEF by build/scripts/compile-einvoice-rules.mjs) for the document's syntax,
 * and every further rule set of rules/manifest.json that applies to it. Each
 * failed assertion of their SVRL report is a finding: its rule id, flag
 * (fatal or warning), location (XPath, simplified) and the business term it
 * names. Synchronous, so it runs the same in the engine worker and the CLI.
 */
import { DOMParser } from '@xmldom/xmldom';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export interface Finding {
  /** the rule's id, e.g. BR-CO-15 */
  rule: string;
  /** fatal: the document may not be issued; warning: it may */
  flag: 'fatal' | 'warning';
  /** the business term(s) the rule names, e.g. BT-112 (empty when it names none) */
  field: string;
  /** where in the XML, e.g. Invoice/LegalMonetaryTotal */
  location: string;
  message: string;
  /** which rule set, e.g. EN16931-UBL 1.3.16 */
  rule_set: string;
}

export type Syntax = 'cii' | 'ubl';

interface RuleSet {
  id: string;
  syntax: Syntax;
  name: string;
  version: string;
  /** only documents of this specification identifier (BT-24) prefix, when set */
  applies_to?: string;
  source: string;
  source_sha256: string;
  sef: string;
}

interface SaxonApi {
  transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: string };
}

/**
 * Where the compiled rules are: beside the bundle (out/einvoice-rules/, copied
 * there by build/scripts/build.mjs) or, running from source, in ./rules/.
 */
function rulesDir(): string {
  for (const candidate of ['./einvoice-rules/', './rules/']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${dir}manifest.json`)) return dir;
  }
  throw new Error('the e-invoice validation artifacts (einvoice-rules/manifest.json) are missing from this installation; rebuild with npm run build');
}

let loaded: { saxon: SaxonApi; dir: string; sets: RuleSet[]; sef: Map<string, unknown> } | null = null;

function rules() {
  if (!loaded) {
    const dir = rulesDir();
    // Loaded on first use only: SaxonJS and the SEF files take ~0.3 s, which a command without e-invoices never pays.
    const saxon = createRequire(import.meta.url)('saxon-js') as SaxonApi;
    loaded = { saxon, dir, sets: JSON.parse(readFileSync(`${dir}manifest.json`, 'utf8')) as RuleSet[], sef: new Map() };
  }
  return loaded;
}

/** "/*:Invoice[namespace-uri()='…'][1]/*:LegalMonetaryTotal[namespace-uri()='…'][1]" → "Invoice/LegalMonetaryTotal". */
export function simpleLocation(xpath: string): string {
  return xpath
    .replace(/\[namespace-uri\(\)='[^']*'\]/g, '')
    .replace(/Q\{[^}]*\}/g, '')
    .replace(/\*:/g, '')
    .replace(/\[1\]/g, '')
    .replace(/^\//, '');
}

const SVRL = 'http://purl.oclc.org/dsdl/svrl';

/** The failed assertions (and successful reports) of one SVRL report. */
function findingsOf(svrl: string, set: RuleSet): Finding[] {
  const doc = new DOMParser().parseFromString(svrl, 'text/xml');
  const out: Finding[] = [];
  for (const tag of ['failed-assert', 'successful-report']) {
    const nodes = doc.getElementsByTagNameNS(SVRL, tag);
    for (let i = 0; i < nodes.length; i++) {
      const el = nodes.item(i)!;
      const text = (el.getElementsByTagNameNS(SVRL, 'text').item(0)?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const rule = el.getAttribute('id') || /^\[([^\]]+)\]/.exec(text)?.[1] || 'unknown';
      const terms = [...new Set(text.match(/\b(BT|BG)-\d+\b/g) ?? [])];
      out.push({
        rule,
        flag: el.getAttribute('flag') === 'warning' || el.getAttribute('flag') === 'information' ? 'warning' : 'fatal',
        field: terms.join(', '),
        location: simpleLocation(el.getAttribute('location') ?? ''),
        message: text.replace(/^\[[^\]]+\]-?\s*/, ''),
        rule_set: `${set.id} ${set.version}`,
      });
    }
  }
  return out;
}

/** The specification identifier (BT-24) of a CII or UBL document, read cheaply. */
function specificationOf(xml: string): string {
  return /<(?:cbc:CustomizationID|ram:GuidelineSpecifiedDocumentContextParameter>\s*<ram:ID)>([^<]*)</.exec(xml)?.[1]?.trim() ?? '';
}

/** The rule sets that apply to a document: those of its syntax, less those for another specification (BT-24). */
function applicable(xml: string, syntax: Syntax): RuleSet[] {
  const specification = specificationOf(xml);
  return rules().sets.filter((set) => set.syntax === syntax && (!set.applies_to || specification.startsWith(set.applies_to)));
}

/** The rule sets a document is validated against, with their versions ("EN16931-UBL 1.3.16"). */
export function appliedRuleSets(xml: string, syntax: Syntax): string[] {
  return applicable(xml, syntax).map((set) => `${set.id} ${set.version}`);
}

/** Runs every rule set that applies to the document; its findings, fatal and warnings (none when it passes them all). */
export function runOfficialRules(xml: string, syntax: Syntax): Finding[] {
  const { saxon, dir, sef } = rules();
  const out: Finding[] = [];
  for (const set of applicable(xml, syntax)) {
    if (!sef.has(set.id)) sef.set(set.id, JSON.parse(gunzipSync(readFileSync(`${dir}${set.sef}`)).toString('utf8')));
    const result = saxon.transform({ stylesheetInternal: sef.get(set.id), sourceText: xml, destination: 'serialized' }, 'sync');
    out.push(...findingsOf(result.principalResult, set));
  }
  return out;
}
