/**
 * One e-invoice from a stored document: built (model.ts), written as CII or
 * UBL, and validated against the EN 16931 rules (validate.ts) before it may
 * leave; a failing document is refused naming each rule and field.
 */
import type { EInvoiceForm } from '../../../shared/domain';
import { ciiXml } from './cii';
import { buildEInvoice, EInvoiceError, type EInvoice, type StoredDocument } from './model';
import type { EInvoiceTerms, SellerFacts } from './requirements';
import { ublXml } from './ubl';
import { findingsSentence, validateEInvoice, type Finding } from './validate';

export { EInvoiceError } from './model';
export type { EInvoice, StoredDocument } from './model';

export interface GeneratedEInvoice {
  einvoice: EInvoice;
  /** CII for facturx and cii, UBL for ubl */
  xml: string;
  /** empty: it passed every rule */
  findings: Finding[];
}

/** The XML of a stored document in the given form, validated; throws EInvoiceError on a refusal or a failed rule. */
export function generateEInvoice(doc: StoredDocument, terms: EInvoiceTerms, seller: SellerFacts, form: EInvoiceForm): GeneratedEInvoice {
  const einvoice = buildEInvoice(doc, terms, seller, form);
  const xml = form === 'ubl' ? ublXml(einvoice) : ciiXml(einvoice);
  const findings = validateEInvoice(xml);
  if (findings.length) {
    throw new EInvoiceError(`${einvoice.number} fails the EN 16931 rules and was not issued as an e-invoice: ${findingsSentence(findings)}.`);
  }
  return { einvoice, xml, findings };
}

/** True when the error is one of ours (a refusal with its sentence). */
export const isEInvoiceRefusal = (error: unknown): error is EInvoiceError => error instanceof EInvoiceError;
