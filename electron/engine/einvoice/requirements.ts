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
  /** BT-49, EAS scheme:identifier */
  buyer_peppol_id?: string | null;
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
  /** BT-34, EAS scheme:identifier ('' for not set) */
  seller_peppol_id: string;
  /** BG-6 ('' for not set) */
  seller_contact_name: string;
  seller_contact_phone: string;
  seller_contact_email: string;
}

export interface MissingFields {
  /** agreement fields, by their import names */
  agreement: string[];
  /** settings fields, by their names in `billing settings branding` */
  seller: string[];
}

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

/** A Leitweg-ID (the German public buyer's routing id, BT-10 of an XRechnung): coarse, fine (optional) and check part, e.g. 04011000-12345-03. */
export const isLeitwegId = (v: string) => /^[0-9]{2,12}(-[A-Za-z0-9]{1,30})?-[0-9]{2}$/.test(v.trim());

export type Specification = 'xrechnung' | 'peppol' | 'en16931';

/** What a document lacks to be XRechnung and to be Peppol BIS, by field name (empty: it can be). */
export function specificationGaps(terms: EInvoiceTerms, seller: SellerFacts): { xrechnung: string[]; peppol: string[] } {
  const peppol = [...(blank(seller.seller_peppol_id) ? ['seller_peppol_id'] : []), ...(blank(terms.buyer_peppol_id) ? ['buyer_peppol_id'] : [])];
  // XRechnung 3.0: BG-6 seller contact (BR-DE-2, 5, 6, 7) and both electronic addresses (BT-34, BT-49 are 1..1 there).
  const contact = (['seller_contact_name', 'seller_contact_phone', 'seller_contact_email'] as const).filter((f) => blank(seller[f]));
  return { xrechnung: [...contact, ...peppol], peppol };
}

/**
 * The specification an e-invoice follows (BT-24), never claimed without its data:
 * XRechnung 3.0 for a German buyer whose buyer_reference is a Leitweg-ID (CII and
 * UBL; Factur-X stays EN 16931) once the seller contact and both Peppol ids are
 * known; Peppol BIS Billing 3.0 for UBL once both Peppol ids are known; else
 * plain EN 16931 (see DECISIONS "Which rule sets").
 */
export function specificationOf(terms: EInvoiceTerms, seller: SellerFacts, form: EInvoiceForm): Specification {
  const gaps = specificationGaps(terms, seller);
  if (wantsXRechnung(terms, form) && gaps.xrechnung.length === 0) return 'xrechnung';
  if (form === 'ubl' && gaps.peppol.length === 0) return 'peppol';
  return 'en16931';
}

/** A German buyer with a Leitweg-ID, in CII or UBL: the document is meant for XRechnung. */
export const wantsXRechnung = (terms: EInvoiceTerms, form: EInvoiceForm) =>
  form !== 'facturx' && terms.buyer_country?.trim().toUpperCase() === 'DE' && !blank(terms.buyer_reference) && isLeitwegId(terms.buyer_reference!);

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
