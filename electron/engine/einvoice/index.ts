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

/** The number a document is validated under before it is numbered (the export's pre-check). */
export const PRECHECK_NUMBER = 'PENDING';

/**
 * The XML of a stored document in the given form, validated; throws EInvoiceError on a refusal or a failed rule.
 * `prechecked`: the same document validated before it had its number (export): when the XML differs from it in the
 * number (BT-1) alone, its validation stands and the rules are not run a second time.
 */
export function generateEInvoice(doc: StoredDocument, terms: EInvoiceTerms, seller: SellerFacts, form: EInvoiceForm, prechecked?: GeneratedEInvoice): GeneratedEInvoice {
  const einvoice = buildEInvoice(doc, terms, seller, form);
  const write = (e: EInvoice) => (form === 'ubl' ? ublXml(e) : ciiXml(e));
  const xml = write(einvoice);
  if (prechecked && prechecked.xml === write({ ...einvoice, number: PRECHECK_NUMBER })) return { ...prechecked, einvoice, xml };
  const all = validateEInvoice(xml, doc);
  const findings = fatal(all);
  if (findings.length) {
    throw new EInvoiceError(`${einvoice.number} fails the EN 16931 rules and was not issued as an e-invoice: ${findingsSentence(findings)}.`);
  }
  return { einvoice, xml, findings, warnings: all.filter((f) => f.flag !== 'fatal'), rule_sets: [...appliedRuleSets(xml, form === 'ubl' ? 'ubl' : 'cii'), 'the stored figures'] };
}

/** True when the error is one of ours (a refusal with its sentence). */
export const isEInvoiceRefusal = (error: unknown): error is EInvoiceError => error instanceof EInvoiceError;
