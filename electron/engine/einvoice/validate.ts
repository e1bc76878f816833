/**
 * E-invoice validation before a document may leave: the official artifacts
 * (official-rules.ts: CEN/TC 434 EN 16931 and the further rule sets of
 * rules/manifest.json) and, beside them, what no official rule can know: that
 * the XML states the stored invoice's own figures (grand total, amount due,
 * VAT) and that a credit note names the invoice it corrects. For that the
 * generated XML is read back into its semantic values (BT-/BG- terms).
 */
import { DOMParser } from '@xmldom/xmldom';
import { dec } from '../../../shared/money';
import { CII_NS } from './cii';
import { negate, type StoredDocument } from './model';
import { isIban } from '../settings/settings';
import { runOfficialRules, type Finding } from './official-rules';
import { UBL_NS } from './ubl';

export type { Finding } from './official-rules';

interface Line {
  id: string | null;
  quantity: string | null;
  unit: string | null;
  amount: string | null;
  name: string | null;
  price: string | null;
  category: string | null;
  percent: string | null;
}

interface Breakdown {
  taxable: string | null;
  tax: string | null;
  category: string | null;
  percent: string | null;
  reasonCode: string | null;
  reason: string | null;
}

/** The semantic model of EN 16931, as far as these rules read it. */
export interface Semantic {
  syntax: 'cii' | 'ubl';
  specification: string | null;
  number: string | null;
  issueDate: string | null;
  typeCode: string | null;
  currency: string | null;
  dueDate: string | null;
  paymentTerms: string | null;
  preceding: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  sellerName: string | null;
  sellerCountry: string | null;
  sellerHasAddress: boolean;
  sellerVat: string | null;
  sellerTaxRegistration: string | null;
  buyerName: string | null;
  buyerCountry: string | null;
  buyerHasAddress: boolean;
  buyerVat: string | null;
  deliverToCountry: string | null;
  paymentMeans: string | null;
  account: string | null;
  lines: Line[];
  allowances: { amount: string | null; reason: string | null; category: string | null; percent: string | null }[];
  charges: { amount: string | null; category: string | null; percent: string | null }[];
  breakdown: Breakdown[];
  totals: { lineTotal: string | null; allowanceTotal: string | null; chargeTotal: string | null; taxExclusive: string | null; tax: string | null; taxInclusive: string | null; prepaid: string | null; rounding: string | null; due: string | null };
}

type Ns = Record<string, string>;

/** Namespace-aware navigation: "ram:A/ram:B" from an element. */
class Reader {
  constructor(private readonly ns: Ns) {}

  children(el: Element, step: string): Element[] {
    const [prefix, local] = step.split(':') as [string, string];
    const uri = this.ns[prefix];
    const out: Element[] = [];
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1 && (n as Element).localName === local && (n as Element).namespaceURI === uri) out.push(n as Element);
    }
    return out;
  }

  all(el: Element | null, path: string): Element[] {
    if (!el) return [];
    let current = [el];
    for (const step of path.split('/')) current = current.flatMap((c) => this.children(c, step));
    return current;
  }

  one(el: Element | null, path: string): Element | null {
    return this.all(el, path)[0] ?? null;
  }

  text(el: Element | null, path: string): string | null {
    const found = this.one(el, path);
    const t = found?.textContent?.trim();
    return t === undefined || t === '' ? null : t;
  }
}

const fromDate102 = (v: string | null) => (v && /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : v);

/** A trading party as both syntaxes are read: name, country, whether it has an address, VAT and other tax registration. */
interface PartyRead {
  name: string | null;
  country: string | null;
  hasAddress: boolean;
  vat: string | null;
  fc: string | null;
}

/** The seller's and buyer's semantic fields, the same whichever syntax they were read from. */
function partyFields(seller: PartyRead, buyer: PartyRead) {
  return {
    sellerName: seller.name,
    sellerCountry: seller.country,
    sellerHasAddress: seller.hasAddress,
    sellerVat: seller.vat,
    sellerTaxRegistration: seller.fc,
    buyerName: buyer.name,
    buyerCountry: buyer.country,
    buyerHasAddress: buyer.hasAddress,
    buyerVat: buyer.vat,
  };
}

function readCii(root: Element): Semantic {
  const r = new Reader(CII_NS);
  const trade = r.one(root, 'rsm:SupplyChainTradeTransaction');
  const agreement = r.one(trade, 'ram:ApplicableHeaderTradeAgreement');
  const settle = r.one(trade, 'ram:ApplicableHeaderTradeSettlement');
  const party = (p: Element | null): PartyRead => ({
    name: r.text(p, 'ram:Name'),
    country: r.text(p, 'ram:PostalTradeAddress/ram:CountryID'),
    hasAddress: r.one(p, 'ram:PostalTradeAddress') !== null,
    vat: r.all(p, 'ram:SpecifiedTaxRegistration/ram:ID').find((e) => e.getAttribute('schemeID') === 'VA')?.textContent?.trim() ?? null,
    fc: r.all(p, 'ram:SpecifiedTaxRegistration/ram:ID').find((e) => e.getAttribute('schemeID') === 'FC')?.textContent?.trim() ?? null,
  });
  const seller = party(r.one(agreement, 'ram:SellerTradeParty'));
  const buyer = party(r.one(agreement, 'ram:BuyerTradeParty'));
  const sum = r.one(settle, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  const allowanceCharges = r.all(settle, 'ram:SpecifiedTradeAllowanceCharge');
  const isCharge = (a: Element) => r.text(a, 'ram:ChargeIndicator/udt:Indicator') === 'true';
  return {
    syntax: 'cii',
    specification: r.text(root, 'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID'),
    number: r.text(root, 'rsm:ExchangedDocument/ram:ID'),
    issueDate: fromDate102(r.text(root, 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString')),
    typeCode: r.text(root, 'rsm:ExchangedDocument/ram:TypeCode'),
    currency: r.text(settle, 'ram:InvoiceCurrencyCode'),
    dueDate: fromDate102(r.text(settle, 'ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString')),
    paymentTerms: r.text(settle, 'ram:SpecifiedTradePaymentTerms/ram:Description'),
    preceding: r.one(settle, 'ram:InvoiceReferencedDocument') ? (r.text(settle, 'ram:InvoiceReferencedDocument/ram:IssuerAssignedID') ?? '') : null,
    periodStart: fromDate102(r.text(settle, 'ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString')),
    periodEnd: fromDate102(r.text(settle, 'ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString')),
    ...partyFields(seller, buyer),
    deliverToCountry: r.text(trade, 'ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID'),
    paymentMeans: r.text(settle, 'ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode'),
    account: r.text(settle, 'ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID'),
    lines: r.all(trade, 'ram:IncludedSupplyChainTradeLineItem').map((l) => ({
      id: r.text(l, 'ram:AssociatedDocumentLineDocument/ram:LineID'),
      quantity: r.text(l, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity'),
      unit: r.one(l, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity')?.getAttribute('unitCode') || null,
      amount: r.text(l, 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount'),
      name: r.text(l, 'ram:SpecifiedTradeProduct/ram:Name'),
      price: r.text(l, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount'),
      category: r.text(l, 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode'),
      percent: r.text(l, 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent'),
    })),
    allowances: allowanceCharges.filter((a) => !isCharge(a)).map((a) => ({
      amount: r.text(a, 'ram:ActualAmount'),
      reason: r.text(a, 'ram:Reason') ?? r.text(a, 'ram:ReasonCode'),
      category: r.text(a, 'ram:CategoryTradeTax/ram:CategoryCode'),
      percent: r.text(a, 'ram:CategoryTradeTax/ram:RateApplicablePercent'),
    })),
    charges: allowanceCharges.filter(isCharge).map((a) => ({
      amount: r.text(a, 'ram:ActualAmount'),
      category: r.text(a, 'ram:CategoryTradeTax/ram:CategoryCode'),
      percent: r.text(a, 'ram:CategoryTradeTax/ram:RateApplicablePercent'),
    })),
    breakdown: r.all(settle, 'ram:ApplicableTradeTax').map((t) => ({
      taxable: r.text(t, 'ram:BasisAmount'),
      tax: r.text(t, 'ram:CalculatedAmount'),
      category: r.text(t, 'ram:CategoryCode'),
      percent: r.text(t, 'ram:RateApplicablePercent'),
      reasonCode: r.text(t, 'ram:ExemptionReasonCode'),
      reason: r.text(t, 'ram:ExemptionReason'),
    })),
    totals: {
      lineTotal: r.text(sum, 'ram:LineTotalAmount'),
      allowanceTotal: r.text(sum, 'ram:AllowanceTotalAmount'),
      chargeTotal: r.text(sum, 'ram:ChargeTotalAmount'),
      taxExclusive: r.text(sum, 'ram:TaxBasisTotalAmount'),
      tax: r.text(sum, 'ram:TaxTotalAmount'),
      taxInclusive: r.text(sum, 'ram:GrandTotalAmount'),
      prepaid: r.text(sum, 'ram:TotalPrepaidAmount'),
      rounding: r.text(sum, 'ram:RoundingAmount'),
      due: r.text(sum, 'ram:DuePayableAmount'),
    },
  };
}

function readUbl(root: Element, credit: boolean): Semantic {
  const r = new Reader({ ubl: root.namespaceURI ?? '', cac: UBL_NS.cac, cbc: UBL_NS.cbc });
  const party = (p: Element | null): PartyRead => ({
    name: r.text(p, 'cac:PartyLegalEntity/cbc:RegistrationName'),
    country: r.text(p, 'cac:PostalAddress/cac:Country/cbc:IdentificationCode'),
    hasAddress: r.one(p, 'cac:PostalAddress') !== null,
    vat: r.all(p, 'cac:PartyTaxScheme').find((s) => r.text(s, 'cac:TaxScheme/cbc:ID') === 'VAT')?.getElementsByTagNameNS(UBL_NS.cbc, 'CompanyID')[0]?.textContent?.trim() ?? null,
    fc: r.all(p, 'cac:PartyTaxScheme').find((s) => r.text(s, 'cac:TaxScheme/cbc:ID') !== 'VAT')?.getElementsByTagNameNS(UBL_NS.cbc, 'CompanyID')[0]?.textContent?.trim() ?? null,
  });
  const seller = party(r.one(root, 'cac:AccountingSupplierParty/cac:Party'));
  const buyer = party(r.one(root, 'cac:AccountingCustomerParty/cac:Party'));
  const total = r.one(root, 'cac:LegalMonetaryTotal');
  const ac = r.all(root, 'cac:AllowanceCharge');
  const isCharge = (a: Element) => r.text(a, 'cbc:ChargeIndicator') === 'true';
  const currency = r.text(root, 'cbc:DocumentCurrencyCode');
  return {
    syntax: 'ubl',
    specification: r.text(root, 'cbc:CustomizationID'),
    number: r.text(root, 'cbc:ID'),
    issueDate: r.text(root, 'cbc:IssueDate'),
    typeCode: r.text(root, credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode'),
    currency,
    dueDate: r.text(root, 'cbc:DueDate'),
    paymentTerms: r.text(root, 'cac:PaymentTerms/cbc:Note'),
    preceding: r.one(root, 'cac:BillingReference') ? (r.text(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID') ?? '') : null,
    periodStart: r.text(root, 'cac:InvoicePeriod/cbc:StartDate'),
    periodEnd: r.text(root, 'cac:InvoicePeriod/cbc:EndDate'),
    ...partyFields(seller, buyer),
    deliverToCountry: r.text(root, 'cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode'),
    paymentMeans: r.text(root, 'cac:PaymentMeans/cbc:PaymentMeansCode'),
    account: r.text(root, 'cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID'),
    lines: r.all(root, credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine').map((l) => {
      const q = r.one(l, credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity');
      return {
        id: r.text(l, 'cbc:ID'),
        quantity: q?.textContent?.trim() || null,
        unit: q?.getAttribute('unitCode') || null,
        amount: r.text(l, 'cbc:LineExtensionAmount'),
        name: r.text(l, 'cac:Item/cbc:Name'),
        price: r.text(l, 'cac:Price/cbc:PriceAmount'),
        category: r.text(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:ID'),
        percent: r.text(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:Percent'),
      };
    }),
    allowances: ac.filter((a) => !isCharge(a)).map((a) => ({
      amount: r.text(a, 'cbc:Amount'),
      reason: r.text(a, 'cbc:AllowanceChargeReason') ?? r.text(a, 'cbc:AllowanceChargeReasonCode'),
      category: r.text(a, 'cac:TaxCategory/cbc:ID'),
      percent: r.text(a, 'cac:TaxCategory/cbc:Percent'),
    })),
    charges: ac.filter(isCharge).map((a) => ({ amount: r.text(a, 'cbc:Amount'), category: r.text(a, 'cac:TaxCategory/cbc:ID'), percent: r.text(a, 'cac:TaxCategory/cbc:Percent') })),
    breakdown: r.all(root, 'cac:TaxTotal/cac:TaxSubtotal').map((t) => ({
      taxable: r.text(t, 'cbc:TaxableAmount'),
      tax: r.text(t, 'cbc:TaxAmount'),
      category: r.text(t, 'cac:TaxCategory/cbc:ID'),
      percent: r.text(t, 'cac:TaxCategory/cbc:Percent'),
      reasonCode: r.text(t, 'cac:TaxCategory/cbc:TaxExemptionReasonCode'),
      reason: r.text(t, 'cac:TaxCategory/cbc:TaxExemptionReason'),
    })),
    totals: {
      lineTotal: r.text(total, 'cbc:LineExtensionAmount'),
      allowanceTotal: r.text(total, 'cbc:AllowanceTotalAmount'),
      chargeTotal: r.text(total, 'cbc:ChargeTotalAmount'),
      taxExclusive: r.text(total, 'cbc:TaxExclusiveAmount'),
      tax: r.text(root, 'cac:TaxTotal/cbc:TaxAmount'),
      taxInclusive: r.text(total, 'cbc:TaxInclusiveAmount'),
      prepaid: r.text(total, 'cbc:PrepaidAmount'),
      rounding: r.text(total, 'cbc:PayableRoundingAmount'),
      due: r.text(total, 'cbc:PayableAmount'),
    },
  };
}

/** Reads the semantic values out of a CII or UBL document. */
export function readSemantic(xml: string): Semantic {
  const problems: string[] = [];
  const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: (m: string) => problems.push(m), fatalError: (m: string) => problems.push(m) } }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (problems.length || !root) throw new Error(`the e-invoice XML is not well-formed: ${problems[0] ?? 'no root element'}`);
  if (root.namespaceURI === CII_NS.rsm && root.localName === 'CrossIndustryInvoice') return readCii(root);
  if (root.namespaceURI === UBL_NS.invoice && root.localName === 'Invoice') return readUbl(root, false);
  if (root.namespaceURI === UBL_NS.creditNote && root.localName === 'CreditNote') return readUbl(root, true);
  throw new Error(`the document is neither CII nor UBL (root ${root.nodeName})`);
}

/** What the XML must state of the stored document: its totals (a credit note's negated), and a credit note's preceding invoice. */
export function storedFigureFindings(s: Semantic, doc: StoredDocument): Finding[] {
  const inv = doc.invoice;
  const credit = inv.document_type === 'credit_note';
  const fig = (text: string) => (credit ? negate(text) : text);
  const out: Finding[] = [];
  const compare = (field: string, label: string, stated: string | null, stored: string, location: string) => {
    if (stated === null || !dec(stated).eq(dec(fig(stored)))) {
      out.push({ rule: `STORED-${field}`, flag: 'fatal', field, location, rule_set: 'stored figures', message: `the ${label} ${stated ?? '(missing)'} is not the stored ${fig(stored)}` });
    }
  };
  compare('BT-106', 'sum of line net amounts', s.totals.lineTotal, inv.subtotal, 'totals');
  compare('BT-110', 'VAT total', s.totals.tax, inv.tax, 'totals');
  compare('BT-112', 'total with VAT', s.totals.taxInclusive, inv.total, 'totals');
  compare('BT-113', 'paid amount', s.totals.prepaid ?? '0', inv.deposit_applied, 'totals');
  compare('BT-115', 'amount due', s.totals.due, inv.amount_due, 'totals');
  if (s.typeCode === '381' && !s.preceding) {
    out.push({ rule: 'STORED-BT-25', flag: 'fatal', field: 'BT-25', location: 'preceding invoice', rule_set: 'stored figures', message: 'a credit note must name the invoice it corrects (e-invoicing.md)' });
  }
  return out;
}

/**
 * SaxonJS computes xs:integer as a double, so the IBAN check-digit warnings of Peppol (DE-R-019) and XRechnung
 * (BR-DE-19) fire on every valid IBAN of 16 or more digits; where the document's IBAN passes the ISO 7064 check
 * (computed exactly here) they are dropped as the engine's, not the document's (DECISIONS).
 */
const IBAN_ENGINE_WARNINGS = new Set(['DE-R-019', 'BR-DE-19']);

/** Validates a CII or UBL document against the official rules and, given its stored document, against the stored figures. */
export function validateEInvoice(xml: string, doc?: StoredDocument): Finding[] {
  const s = readSemantic(xml);
  const ibanOk = s.account !== null && isIban(s.account.replace(/\s+/g, ''));
  const official = runOfficialRules(xml, s.syntax).filter((f) => !(ibanOk && f.flag === 'warning' && IBAN_ENGINE_WARNINGS.has(f.rule)));
  return [...official, ...(doc ? storedFigureFindings(s, doc) : [])];
}

/** The fatal findings only (a warning does not stop a document). */
export const fatal = (findings: readonly Finding[]) => findings.filter((f) => f.flag === 'fatal');

/** The findings as one sentence: "BR-CO-15 on BT-112 (Invoice/LegalMonetaryTotal): …; …". */
export function findingsSentence(findings: readonly Finding[]): string {
  return findings.map((f) => `rule ${f.rule}${f.field ? ` on ${f.field}` : ''} (${f.location}): ${f.message.replace(/\.$/, '')}`).join('; ');
}
