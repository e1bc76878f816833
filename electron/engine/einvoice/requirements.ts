/**
 * What an e-invoice needs beyond a plain PDF (e-invoicing.md "New fields" and
 * "Tax"), named field by field: the agreement's own fields and the seller's
 * settings. The agreement_incomplete rule reports them before approval; the
 * generator refuses with the same names.
 */
import type { EInvoiceForm, TaxExemption } from '../../../shared/domain';

/** The agreement fields e-invoicing reads (older stored documents lack them: undefined reads as not set). */
export interface EInvoiceTerms {
  e_invoice?: EInvoiceForm | null;
  buyer_country?: string | null;
  tax_id?: string | null;
  buyer_reference?: string | null;
  po_number?: string | null;
  tax_rate: string;
  tax_exemption?: TaxExemption | null;
  tax_exemption_reason?: string | null;
}

/** The seller settings e-invoicing reads. */
export interface SellerFacts {
  company_name: string;
  company_address: string;
  seller_country: string;
  seller_vat_id: string;
  tax_id: string;
  iban: string;
  bic: string;
}

export interface MissingFields {
  /** agreement fields, by their import names */
  agreement: string[];
  /** settings fields, by their names in `billing settings branding` */
  seller: string[];
}

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

/** True when the rate is zero (a decimal string). */
export function isZeroRate(rate: string): boolean {
  return /^0*(\.0*)?$/.test(rate.trim());
}

/** The fields an e-invoice of these terms lacks; both lists empty when it can be built. */
export function missingForEInvoice(terms: EInvoiceTerms, seller: SellerFacts): MissingFields {
  const agreement: string[] = [];
  if (blank(terms.buyer_country)) agreement.push('buyer_country');
  // BT-10 (Peppol and XRechnung require it); the PO number stands in for it.
  if (blank(terms.buyer_reference) && blank(terms.po_number)) agreement.push('buyer_reference (or po_number)');
  const zero = isZeroRate(terms.tax_rate);
  const exemption = zero ? (terms.tax_exemption ?? null) : null;
  if (zero && exemption === null) agreement.push('tax_exemption (a zero tax_rate needs its reason: reverse_charge, intra_community, export, exempt or zero_rated)');
  // BR-AE-02, BR-IC-02: the buyer's VAT id.
  if ((exemption === 'reverse_charge' || exemption === 'intra_community') && blank(terms.tax_id)) agreement.push('tax_id (the buyer VAT id)');
  // BR-E-10: an exempt invoice states why.
  if (exemption === 'exempt' && blank(terms.tax_exemption_reason)) agreement.push('tax_exemption_reason');
  const sellerMissing: string[] = [];
  if (blank(seller.company_name)) sellerMissing.push('company_name');
  if (blank(seller.seller_country)) sellerMissing.push('seller_country');
  // BR-S-02, BR-AE-02, BR-IC-02, BR-G-02, BR-E-02, BR-Z-02: every category we issue needs the seller's VAT id.
  if (blank(seller.seller_vat_id)) sellerMissing.push('seller_vat_id');
  return { agreement, seller: sellerMissing };
}

/** "buyer_country and tax_id (the buyer VAT id); settings seller_vat_id" */
export function missingWords(missing: MissingFields): string {
  const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`);
  const parts: string[] = [];
  if (missing.agreement.length) parts.push(`the agreement's ${list(missing.agreement)}`);
  if (missing.seller.length) parts.push(`the seller settings' ${list(missing.seller)} (billing settings branding)`);
  return parts.join(' and ');
}
