/**
 * One e-invoice from a stored document: built (model.ts), written as CII or
 * UBL, and validated against the official EN 16931 artifacts and the stored
 * figures (validate.ts) before it may leave; a document with a fatal finding
 * is refused naming each failed rule and its field.
 */
import type { EInvoiceForm } from '../../../shared/domain';
import { ciiXml } from './cii';
import { buildEInvoice, EInvoiceError, type EInvoice, type StoredDocument } from './model';
import type { EInvoiceTerms, SellerFacts } from './requirements';
import { appliedRuleSets } from './official-rules';
import { ublXml } from './ubl';
import { fatal, findingsSentence, validateEInvoice, type Finding } from './validate';

export { EInvoiceError } from './model';
export type { EInvoice, StoredDocument } from './model';

export interface GeneratedEInvoice {
  einvoice: EInvoice;
  /** CII for facturx and cii, UBL for ubl */
  xml: string;
  /** fatal findings: always empty (a document with one is refused) */
  findings: Finding[];
  /** the official rules' warnings, which do not stop the document */
  warnings: Finding[];
  /** the rule sets it was validated against, with their versions (e.g. EN16931-UBL 1.3.16) */
  rule_sets: string[];
}

/** The XML of a stored document in the given form, validated; throws EInvoiceError on a refusal or a failed rule. */
export function generateEInvoice(doc: StoredDocument, terms: EInvoiceTerms, seller: SellerFacts, form: EInvoiceForm): GeneratedEInvoice {
  const einvoice = buildEInvoice(doc, terms, seller, form);
  const xml = form === 'ubl' ? ublXml(einvoice) : ciiXml(einvoice);
  const all = validateEInvoice(xml, doc);
  const findings = fatal(all);
  if (findings.length) {
    throw new EInvoiceError(`${einvoice.number} fails the EN 16931 rules and was not issued as an e-invoice: ${findingsSentence(findings)}.`);
  }
  return { einvoice, xml, findings, warnings: all.filter((f) => f.flag !== 'fatal'), rule_sets: [...appliedRuleSets(xml, form === 'ubl' ? 'ubl' : 'cii'), 'the stored figures'] };
}

/** True when the error is one of ours (a refusal with its sentence). */
export const isEInvoiceRefusal = (error: unknown): error is EInvoiceError => error instanceof EInvoiceError;
