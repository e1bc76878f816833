/**
 * The vendored official artifacts and their compiled SEF agree: each manifest entry names a
 * vendored source whose SHA-256 is the one it was compiled from, and its SEF is there and is
 * SaxonJS's. A source updated without running build/scripts/compile-einvoice-rules.mjs fails here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { simpleLocation } from './official-rules';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(__dirname, 'rules', 'manifest.json'), 'utf8')) as { id: string; source: string; source_sha256: string; sef: string }[];

describe('official e-invoice rules', () => {
  it('lists EN 16931 (CII, UBL), Peppol BIS and XRechnung, each compiled from the vendored source it names', () => {
    expect(manifest.map((m) => m.id)).toEqual(['EN16931-CII', 'EN16931-UBL', 'PEPPOL-EN16931-UBL', 'XRECHNUNG-CII', 'XRECHNUNG-UBL']);
    for (const m of manifest) {
      const source = readFileSync(join(root, 'build', 'einvoice-rules', m.source));
      expect({ id: m.id, sha256: createHash('sha256').update(source).digest('hex') }).toEqual({ id: m.id, sha256: m.source_sha256 });
      const sef = JSON.parse(gunzipSync(readFileSync(join(__dirname, 'rules', m.sef))).toString('utf8')) as { N: string; saxonVersion: string };
      expect([sef.N, sef.saxonVersion]).toEqual(['package', 'SaxonJS 2.7']);
    }
  });

  it('shortens the SVRL locations of both compilers to element names', () => {
    expect(simpleLocation("/*:Invoice[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'][1]/*:LegalMonetaryTotal[namespace-uri()='urn:x'][1]")).toBe('Invoice/LegalMonetaryTotal');
    expect(simpleLocation('/Q{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice[1]/Q{urn:c}AccountingCustomerParty[1]/Q{urn:c}Party[1]')).toBe('Invoice/AccountingCustomerParty/Party');
  });
});
