/**
 * The e-invoice of one stored document, independent of its syntax: the CII
 * and UBL writers both serialise this. Every amount is a stored figure (the
 * invoice's lines, subtotal, discount, tax, total, deposit applied and amount
 * due), copied as text, never recomputed; a credit note's figures are stored
 * negative and are written as their exact negation (type 381 states the
 * direction). Anything the mapping of e-invoicing.md cannot express is refused
 * with one sentence (EInvoiceError).
 */
import { ConflictError } from '../errors';
import { currencyMinorUnits, isIsoCurrency } from '../../../shared/currencies';
import type { EInvoiceForm, TaxExemption } from '../../../shared/domain';
import { dec, moneyString } from '../../../shared/money';
import { isZeroRate, missingForEInvoice, missingWords, specificationGaps, specificationOf, wantsXRechnung, type EInvoiceTerms, type SellerFacts, type Specification } from './requirements';

/** A document that cannot go out as an e-invoice, in one sentence (a refusal that follows from the data). */
export class EInvoiceError extends ConflictError {
  override name = 'EInvoiceError';
}

/** The stored document, as the PDF renderer is given it (export/types.ts InvoiceDocument, structurally). */
export interface StoredDocument {
  invoice: {
    invoice_id: string;
    invoice_number: string | null;
    status: string;
    agreement_id: string;
    account_id: string;
    period: string;
    currency: string;
    lines: { kind: string; code: string; description: string; quantity: string; unit_price: string; amount: string; detail?: string | null }[];
    subtotal: string;
    discount: string;
    tax: string;
    total: string;
    deposit_applied: string;
    amount_due: string;
    document_type: 'invoice' | 'credit_note';
    credits_invoice_number?: string | null;
    credit_reason?: string | null;
  };
  account_name: string;
  bill_to: string | null;
  po_number: string | null;
  tax_id?: string | null;
  /** the rate as a fraction while it reproduces the stored tax, else null */
  tax_rate?: string | null;
  issue_date: string;
  due_date: string;
  payment_terms_days: number;
}

export type VatCategory = 'S' | 'AE' | 'K' | 'G' | 'E' | 'Z';

const CATEGORY: Record<TaxExemption, VatCategory> = { reverse_charge: 'AE', intra_community: 'K', export: 'G', exempt: 'E', zero_rated: 'Z' };
/** VATEX codes (CEF list) and plain words for the exemption reason (BT-120, BT-121). */
const EXEMPTION_REASON: Partial<Record<VatCategory, { code: string; text: string }>> = {
  AE: { code: 'VATEX-EU-AE', text: 'Reverse charge' },
  K: { code: 'VATEX-EU-IC', text: 'Intra-community supply' },
  G: { code: 'VATEX-EU-G', text: 'Export outside the EU' },
};

export interface PostalAddress {
  lines: string[];
  city: string | null;
  postcode: string | null;
  country: string;
}

export interface EInvoiceLine {
  id: string;
  name: string;
  note: string | null;
  /** BT-129 (signed), BT-130 */
  quantity: string;
  unit_code: string;
  /** BT-146, never negative (BR-27) */
  price: string;
  /** BT-149 when the stored amount is not quantity × price (tiers, proration): price is then the amount for that many units */
  base_quantity: string | null;
  /** the stored unit price, kept as an item attribute when base_quantity is used */
  stored_unit_price: string | null;
  /** BT-131, the stored amount */
  amount: string;
}

/** An electronic address (BT-34, BT-49): EAS scheme code and identifier. */
export interface Endpoint {
  scheme: string;
  id: string;
}

/** BT-24 of each specification, and BT-23 where the syntax states one. */
export const SPECIFICATION_IDS: Record<Specification, string> = {
  en16931: 'urn:cen.eu:en16931:2017',
  peppol: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
  xrechnung: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
};
export const PEPPOL_PROFILE = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

/** "0088:4035811991021" → { scheme: '0088', id: '4035811991021' } */
export function endpointOf(text: string | null | undefined): Endpoint | null {
  const t = text?.trim() ?? '';
  const at = t.indexOf(':');
  return at > 0 ? { scheme: t.slice(0, at), id: t.slice(at + 1) } : null;
}

export interface EInvoice {
  form: EInvoiceForm;
  /** which specification it follows, its BT-24 and (UBL) BT-23 */
  specification: Specification;
  specification_id: string;
  profile_id: string | null;
  /** why a document meant for XRechnung or Peppol is plain EN 16931 (the fields it lacks), else null */
  specification_note: string | null;
  /** BT-1 */
  number: string;
  /** BT-3: 380 commercial invoice, 381 credit note */
  type_code: '380' | '381';
  /** BT-2, BT-9 (invoices only) */
  issue_date: string;
  due_date: string | null;
  /** BT-5 */
  currency: string;
  /** BT-10 (falls back to the PO number), BT-13 */
  buyer_reference: string | null;
  order_reference: string | null;
  /** BT-25 for a credit note */
  preceding_invoice: string | null;
  /** BT-22 */
  note: string | null;
  /** BG-14 */
  period_start: string;
  period_end: string;
  seller: {
    name: string; address: PostalAddress; vat_id: string; tax_registration: string | null; endpoint: Endpoint | null;
    /** BG-6 */
    contact: { name: string | null; phone: string | null; email: string | null } | null;
  };
  buyer: { name: string; address: PostalAddress; vat_id: string | null; endpoint: Endpoint | null };
  /** BT-80 deliver-to country (BR-IC-12 for intra-community supplies) */
  deliver_to_country: string | null;
  payment: { means_code: '58' | '1'; iban: string | null; bic: string | null; terms: string | null };
  lines: EInvoiceLine[];
  /** BG-20, the stored discount */
  allowance: { amount: string; reason: string } | null;
  vat: { category: VatCategory; percent: string; taxable: string; tax: string; exemption_code: string | null; exemption_reason: string | null };
  totals: {
    /** BT-106 = subtotal */
    line_total: string;
    /** BT-107 = discount */
    allowance_total: string;
    /** BT-109 = subtotal − discount (both stored) */
    tax_exclusive: string;
    /** BT-110 = tax */
    tax: string;
    /** BT-112 = total */
    tax_inclusive: string;
    /** BT-113 = deposit applied */
    prepaid: string;
    /** BT-115 = amount_due */
    due: string;
  };
}

/** The exact negation of a decimal string (a credit note's stored figures are negative). */
export function negate(text: string): string {
  if (text.startsWith('-')) return text.slice(1);
  return dec(text).isZero() ? text : `-${text}`;
}


/** UN/ECE Recommendation 20 unit code of a line: hours in HUR, data volumes in their byte units, everything else C62 ("one"). */
export function unitCode(kind: string, code: string): string {
  if (kind === 'hours') return 'HUR';
  const c = code.toLowerCase();
  if (/(^|_)(hours?|hrs?)$/.test(c)) return 'HUR';
  if (/(^|_)(minutes?|mins?)$/.test(c)) return 'MIN';
  if (/(^|_)gb$/.test(c)) return 'E34';
  if (/(^|_)tb$/.test(c)) return 'E35';
  if (/(^|_)mb$/.test(c)) return '4L';
  return 'C62';
}

/** A free-text postal address as address lines, city and postcode (best effort: a trailing country line is dropped, the last line is the city). */
export function postalAddress(text: string | null, country: string, drop: string | null = null): PostalAddress {
  let lines = (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (drop !== null && lines[0]?.toLowerCase() === drop.trim().toLowerCase()) lines = lines.slice(1);
  const countryName = new Intl.DisplayNames(['en'], { type: 'region' }).of(country)?.toLowerCase();
  if (lines.length > 1 && (lines.at(-1)!.toLowerCase() === countryName || lines.at(-1)!.toUpperCase() === country)) lines = lines.slice(0, -1);
  if (lines.length === 0) return { lines: [], city: null, postcode: null, country };
  const last = lines.at(-1)!;
  const rest = lines.length > 1 ? lines.slice(0, -1) : [];
  // "10115 Berlin", "75008 Paris" (postcode first) or "Bristol BS1 4RN" (UK form, postcode last)
  const before = /^(\d{4,6}|[A-Z]{1,2}-?\d{4,5})\s+(.+)$/.exec(last);
  if (before) return { lines: rest, city: before[2]!, postcode: before[1]!, country };
  const after = /^(.+?)\s+([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|\d{5}(-\d{4})?)$/.exec(last);
  if (after) return { lines: rest, city: after[1]!.replace(/,$/, ''), postcode: after[2]!, country };
  return { lines: rest, city: last, postcode: null, country };
}

/** A stored line as an invoice line: stored quantity, price and amount; BT-149 only where quantity × price is not the stored amount. */
function lineOf(line: StoredDocument['invoice']['lines'][number], index: number, credit: boolean): EInvoiceLine {
  const quantity = credit ? negate(line.quantity) : line.quantity;
  const amount = credit ? negate(line.amount) : line.amount;
  const price = line.unit_price;
  const q = dec(quantity);
  const p = dec(price);
  const a = dec(amount);
  const base = { id: String(index + 1), name: line.description.trim() || line.code, note: line.detail?.trim() || null, unit_code: unitCode(line.kind, line.code), amount };
  if (q.times(p).eq(a)) {
    // BR-27: the price is never negative; a negative line (a credit, an adjustment) carries the sign on its quantity.
    return p.isNegative()
      ? { ...base, quantity: q.negated().toFixed(), price: p.negated().toFixed(), base_quantity: null, stored_unit_price: null }
      : { ...base, quantity: q.toFixed(), price: p.toFixed(), base_quantity: null, stored_unit_price: null };
  }
  // Tiered or prorated: the line's amount is for its whole quantity, so the price is the amount per that base quantity.
  const units = q.isZero() ? dec(1) : q.abs();
  return {
    ...base,
    quantity: (a.isNegative() ? units.negated() : units).toFixed(),
    price: a.abs().toFixed(),
    base_quantity: units.toFixed(),
    stored_unit_price: p.toFixed(),
  };
}

/** Why a finalized document cannot be an e-invoice, or null. */
export function currencyRefusal(currency: string): string | null {
  if (!isIsoCurrency(currency)) return `${currency} is not an ISO 4217 currency code, so the document cannot be an e-invoice.`;
  const digits = currencyMinorUnits(currency);
  if (digits > 2) {
    return `${currency} amounts have ${digits} decimals, which EN 16931 e-invoices cannot express (at most 2); the document is issued as a plain PDF only.`;
  }
  return null;
}

/** Builds the e-invoice of a stored document, or refuses with one sentence naming what is missing. */
export function buildEInvoice(doc: StoredDocument, terms: EInvoiceTerms, seller: SellerFacts, form: EInvoiceForm): EInvoice {
  const inv = doc.invoice;
  const label = inv.invoice_number ?? inv.invoice_id;
  if (inv.invoice_number === null || inv.status !== 'finalized') {
    throw new EInvoiceError(`${label} is not finalized yet; an e-invoice is written only from a finalized document (billing export gives it its number).`);
  }
  const refusal = currencyRefusal(inv.currency);
  if (refusal) throw new EInvoiceError(`${label}: ${refusal}`);
  const missing = missingForEInvoice({ ...terms, po_number: doc.po_number, tax_id: doc.tax_id ?? terms.tax_id ?? null }, seller);
  if (missing.agreement.length + missing.seller.length > 0) {
    throw new EInvoiceError(`${label} cannot be an e-invoice: it lacks ${missingWords(missing)}.`);
  }
  const credit = inv.document_type === 'credit_note';
  // Stored figures as stored text ("2500.00"), a credit note's negated exactly.
  const fig = (text: string) => (credit ? negate(text) : text);
  const money = (value: ReturnType<typeof dec>) => moneyString(value, inv.currency);
  const tax = fig(inv.tax);
  // The category: a positive rate is S at that rate; a zero rate needs its exemption (missingForEInvoice made sure of it).
  let category: VatCategory;
  let percent: string;
  if (!isZeroRate(terms.tax_rate)) {
    if (doc.tax_rate == null) {
      throw new EInvoiceError(`${label} cannot be an e-invoice: its stored tax ${inv.currency} ${inv.tax} is not the agreement's rate ${terms.tax_rate} of its net amount, so it has no single VAT rate to state.`);
    }
    category = 'S';
    percent = dec(doc.tax_rate).times(100).toFixed();
  } else {
    if (!dec(inv.tax).isZero()) throw new EInvoiceError(`${label} cannot be an e-invoice: its agreement's tax rate is 0 but it carries tax ${inv.currency} ${inv.tax}.`);
    category = CATEGORY[terms.tax_exemption!];
    percent = '0';
  }
  const reason = EXEMPTION_REASON[category];
  const exemption =
    category === 'E' ? { code: null, text: terms.tax_exemption_reason!.trim() } : reason ? { code: reason.code, text: terms.tax_exemption_reason?.trim() || reason.text } : null;
  const discountLine = inv.lines.find((l) => l.kind === 'discount');
  const discount = fig(inv.discount);
  const subtotal = fig(inv.subtotal);
  const [year, month] = inv.period.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const buyerCountry = terms.buyer_country!.toUpperCase();
  const iban = seller.iban.trim() || null;
  const buyerRef = terms.buyer_reference?.trim() || doc.po_number?.trim() || null;
  const specification = specificationOf(terms, seller, form);
  const gaps = specificationGaps(terms, seller);
  const specificationNote =
    specification !== 'xrechnung' && wantsXRechnung(terms, form)
      ? `plain EN 16931, not XRechnung: it lacks ${gaps.xrechnung.join(', ')}`
      : specification === 'en16931' && form === 'ubl'
        ? `plain EN 16931, not Peppol BIS: it lacks ${gaps.peppol.join(', ')}`
        : null;
  const text = (v: string | null | undefined) => v?.trim() || null;
  const contact = { name: text(seller.seller_contact_name), phone: text(seller.seller_contact_phone), email: text(seller.seller_contact_email) };
  return {
    form,
    specification,
    specification_id: SPECIFICATION_IDS[specification],
    profile_id: form === 'ubl' && specification !== 'en16931' ? PEPPOL_PROFILE : null,
    specification_note: specificationNote,
    number: inv.invoice_number,
    type_code: credit ? '381' : '380',
    issue_date: doc.issue_date,
    due_date: credit ? null : doc.due_date,
    currency: inv.currency,
    buyer_reference: buyerRef,
    order_reference: doc.po_number?.trim() || null,
    preceding_invoice: credit ? (inv.credits_invoice_number ?? null) : null,
    note: credit ? (inv.credit_reason?.trim() || null) : null,
    period_start: `${inv.period}-01`,
    period_end: `${inv.period}-${String(lastDay).padStart(2, '0')}`,
    seller: {
      name: seller.company_name.trim(),
      address: postalAddress(seller.company_address, seller.seller_country.toUpperCase(), seller.company_name),
      vat_id: seller.seller_vat_id.trim(),
      tax_registration: seller.tax_id.trim() && seller.tax_id.trim() !== seller.seller_vat_id.trim() ? seller.tax_id.trim() : null,
      endpoint: endpointOf(seller.seller_peppol_id),
      contact: contact.name || contact.phone || contact.email ? contact : null,
    },
    buyer: {
      name: doc.account_name, address: postalAddress(doc.bill_to, buyerCountry, doc.account_name), vat_id: doc.tax_id?.trim() || terms.tax_id?.trim() || null,
      endpoint: endpointOf(terms.buyer_peppol_id),
    },
    deliver_to_country: category === 'K' ? buyerCountry : null,
    payment: {
      means_code: iban ? '58' : '1',
      iban,
      bic: iban ? seller.bic.trim() || null : null,
      // BR-CO-25: a credit note's positive amount "due" (to the buyer) needs terms too; it is offset or refunded, not paid by a date.
      terms: credit
        ? `Credit for invoice ${inv.credits_invoice_number ?? ''}: offset against open invoices or refunded`.replace(' :', ':')
        : `Payment within ${doc.payment_terms_days} days, due ${doc.due_date}`,
    },
    lines: inv.lines.filter((l) => l.kind !== 'discount').map((l, i) => lineOf(l, i, credit)),
    allowance: dec(discount).isZero() ? null : { amount: discount, reason: discountLine?.description.trim() || 'Discount' },
    vat: {
      category,
      percent,
      taxable: money(dec(subtotal).minus(dec(discount))),
      tax,
      exemption_code: exemption?.code ?? null,
      exemption_reason: exemption?.text ?? null,
    },
    totals: {
      line_total: subtotal,
      allowance_total: discount,
      tax_exclusive: money(dec(subtotal).minus(dec(discount))),
      tax,
      tax_inclusive: fig(inv.total),
      prepaid: fig(inv.deposit_applied),
      due: fig(inv.amount_due),
    },
  };
}
