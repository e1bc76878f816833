/**
 * The schema check of the e-invoice tests: a CII document against the CII D16B (EN 16931 subset)
 * XSD, a UBL Invoice or CreditNote against the OASIS UBL 2.1 XSD, with xmllint (libxml2-utils,
 * installed by .ci/run). Returns xmllint's errors, '' when the document is valid.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const xsd = join(__dirname, '..', '..', '..', '..', 'build', 'einvoice-rules', 'xsd');

export function schemaErrors(xml: string): string {
  const schema = xml.includes('<rsm:CrossIndustryInvoice')
    ? join(xsd, 'cii', 'CrossIndustryInvoice_100pD16B.xsd')
    : join(xsd, 'ubl', 'maindoc', xml.includes('<CreditNote') ? 'UBL-CreditNote-2.1.xsd' : 'UBL-Invoice-2.1.xsd');
  const run = spawnSync('xmllint', ['--noout', '--schema', schema, '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw new Error(`xmllint could not run (apt-get install libxml2-utils): ${run.error.message}`);
  return run.status === 0 ? '' : run.stderr.trim();
}
